import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import type { z } from 'zod';
import type { ClaimEventType } from '../domain/claim';
import { ClaimChangedError, DomainError } from '../domain/errors';
import type { Drafts } from '../views/claim-parts.view';
import type { HelpLine } from '../views/forms.view';
import type { Card } from '../views/render-card';
import { deliver, refusal, type Answer, type Side } from './answer';
import { mentionActivity, type Notice } from './messenger';
import { badRequest, sendCard } from './reply';
import type { BotDeps, Turn } from './turn';

/** What a text command answers with, in the conversation it came from. */
export type Reply =
  ({ readonly kind: 'text' } & Notice) | { readonly kind: 'card'; readonly card: Card; readonly text?: string };

/** A text command: owns its trigger (a pattern with named groups) and the zod schema of its arguments. */
export interface Command<A = unknown> {
  readonly name: string;
  readonly help: readonly HelpLine[];
  readonly pattern: RegExp;
  readonly args: z.ZodType<A>;
  readonly usage: string;
  /** True for commands that only read (help, claim, claims…): they skip the replay ledger. */
  readonly replaySafe?: boolean;
  run(turn: Turn, args: A): Promise<Reply | readonly Reply[] | void>;
}

/** A card verb (Action.Execute): owns its verb, the zod schema of its data, and how it answers. */
export interface CardAction<D = unknown> {
  readonly verb: string;
  readonly data: z.ZodType<D>;
  /**
   * True when running the same press twice cannot change anything twice: it only reads, or its
   * data carries the claim version it acts on (a replay then meets "this claim changed"). Such
   * presses skip the replay ledger; every other activity is recorded once by id.
   */
  readonly replaySafe?: boolean;
  /** Which card a refusal answers with (the claim card, or the review card). */
  readonly side: Side | ((data: D) => Side);
  /** What the person typed, to show again in the same inputs when the press is refused. */
  drafts?(data: D): Drafts;
  /**
   * The History event a committed press of this verb writes. A press meeting "this claim changed"
   * whose next version is that event by the same person was a double click (or a press Teams sent
   * twice): it answers that the change is saved, not that nothing was.
   */
  readonly savedAs?: ClaimEventType;
  run(turn: Turn, data: D): Promise<Answer>;
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

const ALREADY_SAVED = {
  text: 'Already saved: you pressed this twice, and the first press did it. Here is the claim as it is now.',
  style: 'good',
} as const;

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/**
 * A message's text as a command: what Teams adds around the words people type is taken away —
 * HTML tags and entities (`<p>help</p>`, `&nbsp;` after a mention), zero-width characters —
 * look-alikes folded (NFKC: full-width `ＣＬＭ－０００００１`; hyphens and dashes such as
 * `CLM–000001` pasted from a document become `-`), spaces collapsed, and a closing full stop or
 * exclamation mark dropped (`claim CLM-000001.`).
 */
export function commandText(text: string): string {
  return text
    .replace(/<[^>]{0,200}>/g, ' ')
    .replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/gi, (_m, name: string) => ENTITIES[name.toLowerCase()] ?? ' ')
    .normalize('NFKC')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\u2010-\u2015\u2212\ufe58\ufe63]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*[.!。！]+$/, '');
}

type RouterDeps = Pick<BotDeps, 'cards' | 'messenger' | 'review' | 'claims'>;

export class Router {
  private readonly actionsByVerb: ReadonlyMap<string, CardAction>;

  constructor(
    readonly commands: readonly Command[],
    actions: readonly CardAction[],
    private readonly deps: RouterDeps,
  ) {
    this.actionsByVerb = new Map(actions.map((a) => [a.verb, a]));
    if (this.actionsByVerb.size !== actions.length) throw new Error('two card actions share a verb');
  }

  helpLines(): HelpLine[] {
    return this.commands.flatMap((c) => c.help);
  }

  verbs(): string[] {
    return [...this.actionsByVerb.keys()];
  }

  /** Finds the command a text triggers; unknown text gets a hint that names `help`. A refusal is said in words. */
  async message(turn: Turn, text: string): Promise<void> {
    const clean = commandText(text);
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
      let replies: Reply | readonly Reply[] | void;
      try {
        replies = await command.run(turn, parsed.data);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        turn.log.info({ code: err.code, command: command.name }, 'command refused');
        replies = { kind: 'text', text: err.userMessage };
      }
      for (const reply of replies === undefined ? [] : Array.isArray(replies) ? replies : [replies as Reply]) {
        if (reply.kind === 'card') await sendCard(turn.context, reply.card, reply.text);
        else await turn.context.sendActivity(mentionActivity(reply));
      }
      return;
    }
    await turn.context.sendActivity(UNKNOWN_TEXT_HINT);
  }

  /** Whether a message can skip the replay ledger: a read-only command (or no command at all). */
  messageReplaySafe(text: string): boolean {
    const clean = commandText(text);
    const command = this.commands.find((c) => c.pattern.test(clean));
    return !command || command.replaySafe === true;
  }

  /** Whether a verb can skip the replay ledger (see CardAction.replaySafe). */
  replaySafe(verb: string): boolean {
    return this.actionsByVerb.get(verb)?.replaySafe === true;
  }

  /** Dispatches an Action.Execute verb after validating its data; a refusal answers with the current card. */
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
    let answer: Answer;
    try {
      answer = await action.run(turn, parsed.data);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const side = typeof action.side === 'function' ? action.side(parsed.data) : action.side;
      const { claimId, version } = parsed.data as { claimId?: unknown; version?: unknown };
      if (
        err instanceof ClaimChangedError &&
        err.picture &&
        action.savedAs &&
        typeof claimId === 'string' &&
        typeof version === 'number' &&
        (await this.deps.claims.pressedTwice(turn.who, claimId, version, action.savedAs))
      )
        return deliver(this.deps, turn, { kind: side, picture: err.picture, banner: ALREADY_SAVED });
      answer = await refusal(
        this.deps,
        turn,
        err,
        side,
        typeof claimId === 'string' ? claimId : undefined,
        action.drafts?.(parsed.data),
      );
    }
    return deliver(this.deps, turn, answer);
  }
}
