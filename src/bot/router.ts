import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import type { z } from 'zod';
import type { HelpLine } from '../views/forms.view';
import { badRequest } from './reply';
import type { Turn } from './turn';

/** A text command: owns its trigger (a pattern with named groups) and the zod schema of its arguments. */
export interface Command<A = unknown> {
  readonly name: string;
  readonly help: readonly HelpLine[];
  readonly pattern: RegExp;
  readonly args: z.ZodType<A>;
  readonly usage: string;
  run(turn: Turn, args: A): Promise<void>;
}

/** A card verb (Action.Execute): owns its verb and the zod schema of its data. */
export interface CardAction<D = unknown> {
  readonly verb: string;
  readonly data: z.ZodType<D>;
  /**
   * True when running the same press twice cannot change anything twice: it only reads, or its
   * data carries the claim version it acts on (a replay then meets "this claim changed"). Such
   * presses skip the replay ledger; every other activity is recorded once by id.
   */
  readonly replaySafe?: boolean;
  run(turn: Turn, data: D): Promise<AdaptiveCardInvokeResponse>;
}

export function defineCommand<A>(command: Command<A>): Command<unknown> {
  return command as unknown as Command<unknown>;
}

export function defineAction<D>(action: CardAction<D>): CardAction<unknown> {
  return action as unknown as CardAction<unknown>;
}

export const UNKNOWN_TEXT_HINT =
  "I didn't catch that. Type **help** to see what I can do — for example **new claim** or **claim CLM-000123**.";
export const MAX_COMMAND_TEXT = 2000;

export class Router {
  private readonly actionsByVerb: ReadonlyMap<string, CardAction>;

  constructor(
    readonly commands: readonly Command[],
    actions: readonly CardAction[],
  ) {
    this.actionsByVerb = new Map(actions.map((a) => [a.verb, a]));
    if (this.actionsByVerb.size !== actions.length) throw new Error('two card actions share a verb');
  }

  helpLines(): HelpLine[] {
    return this.commands.flatMap((c) => c.help);
  }

  /** Finds the command a text triggers; unknown text gets a hint that names `help`. */
  async message(turn: Turn, text: string): Promise<void> {
    const clean = text.replace(/\s+/g, ' ').trim();
    if (clean.length > MAX_COMMAND_TEXT) {
      await turn.context.sendActivity('That message is too long for a command. Type **help** to see what I can do.');
      return;
    }
    for (const command of this.commands) {
      const m = command.pattern.exec(clean);
      if (!m) continue;
      const parsed = command.args.safeParse(m.groups ?? {});
      if (!parsed.success) {
        await turn.context.sendActivity(`Usage: \`${command.usage}\``);
        return;
      }
      turn.log.info({ command: command.name }, 'command');
      await command.run(turn, parsed.data);
      return;
    }
    await turn.context.sendActivity(UNKNOWN_TEXT_HINT);
  }

  /** Whether a verb can skip the replay ledger (see CardAction.replaySafe). */
  replaySafe(verb: string): boolean {
    return this.actionsByVerb.get(verb)?.replaySafe === true;
  }

  /** Dispatches an Action.Execute verb after validating its data. */
  async action(turn: Turn, verb: string, data: unknown): Promise<AdaptiveCardInvokeResponse> {
    const action = this.actionsByVerb.get(verb);
    if (!action) {
      turn.log.warn({ verb: verb.slice(0, 64) }, 'unknown verb');
      return badRequest('This button is not supported any more. Type **help** to start again.');
    }
    const parsed = action.data.safeParse(data ?? {});
    if (!parsed.success) {
      turn.log.warn(
        { verb, issues: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), code: i.code })) },
        'malformed card data',
      );
      return badRequest('This card sent data I cannot use. Nothing was changed — refresh the card and try again.');
    }
    return action.run(turn, parsed.data);
  }
}
