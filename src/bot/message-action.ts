/**
 * Teams message actions (a message extension command of type `action`, context `message`): the
 * person picks one on a message, Teams asks for a dialog (`composeExtension/fetchTask`) and sends
 * what the dialog submits (`composeExtension/submitAction`). Each action owns its command id; the
 * invoke value is checked with zod here, once, before any action sees it.
 */
import { CardFactory, type MessagingExtensionActionResponse } from 'botbuilder';
import { DomainError } from '../domain/errors';
import { noticeCard } from '../views/forms.view';
import type { Card, CardRenderer } from '../views/render-card';
import { MessageActionValue } from './message-payload';
import type { Turn } from './turn';

/** What the manifest says about a message action (composeExtensions[0].commands). */
export interface MessageActionInfo {
  readonly commandId: string;
  /** Shown in the message's … menu (at most 32 characters). */
  readonly title: string;
  readonly description: string;
}

export interface MessageAction extends MessageActionInfo {
  /** The dialog to open for the message. */
  fetch(turn: Turn, value: MessageActionValue): Promise<MessagingExtensionActionResponse>;
  /** What the dialog sent: the next dialog, or the final answer. */
  submit(turn: Turn, value: MessageActionValue): Promise<MessagingExtensionActionResponse>;
}

export function defineMessageAction(action: MessageAction): MessageAction {
  return action;
}

/** The dialog shows `card` (a first dialog, or the next step of one). */
export function dialogCard(card: Card, title: string): MessagingExtensionActionResponse {
  return {
    task: {
      type: 'continue',
      value: { title, width: 'medium', height: 'large', card: CardFactory.adaptiveCard(card) },
    },
  };
}

/**
 * The dialog shows a short notice: a refusal, or why there is nothing to do. A card rather than a
 * `message` answer, because a fetchTask may only answer with a dialog in some clients (Agents
 * Playground refuses anything else), and one shape for every step reads the same to people.
 */
export function dialogNotice(
  cards: CardRenderer,
  text: string,
  title = APP_TITLE,
  color: 'Attention' | 'Warning' | 'Good' = 'Attention',
): MessagingExtensionActionResponse {
  return dialogCard(noticeCard(cards, title, text, color), title);
}

const APP_TITLE = 'Co-op Claims';

export const MALFORMED_TEXT =
  "I can't read what Teams sent for this message (it is malformed or too large). Nothing was changed.";

export class MessageActions {
  private readonly byId: ReadonlyMap<string, MessageAction>;

  constructor(
    actions: readonly MessageAction[],
    private readonly cards: CardRenderer,
  ) {
    this.byId = new Map(actions.map((a) => [a.commandId, a]));
    if (this.byId.size !== actions.length) throw new Error('two message actions share a command id');
  }

  info(): MessageActionInfo[] {
    return [...this.byId.values()].map(({ commandId, title, description }) => ({ commandId, title, description }));
  }

  /** What the dialog says when the turn could not run (a replay, an outage, an edge refusal). */
  notice(text: string): MessagingExtensionActionResponse {
    return dialogNotice(this.cards, text);
  }

  /** Validates the invoke value, finds the action by command id, and says a refusal in the dialog. */
  async handle(turn: Turn, phase: 'fetch' | 'submit', raw: unknown): Promise<MessagingExtensionActionResponse> {
    const parsed = MessageActionValue.safeParse(raw);
    if (!parsed.success) {
      turn.log.warn(
        { phase, issues: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), code: i.code })) },
        'malformed message action',
      );
      return dialogNotice(this.cards, MALFORMED_TEXT);
    }
    const action = this.byId.get(parsed.data.commandId);
    if (!action) {
      turn.log.warn({ commandId: parsed.data.commandId }, 'unknown message action');
      return dialogNotice(this.cards, 'This action is not supported any more. Nothing was changed.');
    }
    turn.log.info({ commandId: action.commandId, phase }, 'message action');
    try {
      return phase === 'fetch' ? await action.fetch(turn, parsed.data) : await action.submit(turn, parsed.data);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      turn.log.info({ code: err.code, commandId: action.commandId }, 'message action refused');
      return dialogNotice(this.cards, err.userMessage, action.title);
    }
  }
}
