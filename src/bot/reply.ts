import { CardFactory, type AdaptiveCardInvokeResponse, type TurnContext } from 'botbuilder';
import { AfterCommitError, DomainError } from '../domain/errors';
import type { Logger } from '../logger';
import type { Card } from '../views/render-card';

export const CARD_RESPONSE_TYPE = 'application/vnd.microsoft.card.adaptive';
export const MESSAGE_RESPONSE_TYPE = 'application/vnd.microsoft.activity.message';
export const ERROR_RESPONSE_TYPE = 'application/vnd.microsoft.error';

export const OUTAGE_TEXT =
  'The claims store is not reachable right now. Nothing was changed — please try again in a minute.';

/** Replace the pressed card with `card` for the person who pressed. */
export function cardResponse(card: Card): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: CARD_RESPONSE_TYPE, value: card };
}

/** Leave the card as it is and show the person a short message. */
export function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: MESSAGE_RESPONSE_TYPE, value: text as unknown as Record<string, unknown> };
}

/** A request the bot cannot accept (malformed data, unknown verb): 4xx with a clear message. */
export function badRequest(message: string, code = 'BadRequest', statusCode = 400): AdaptiveCardInvokeResponse {
  return { statusCode, type: ERROR_RESPONSE_TYPE, value: { code, message } as unknown as Record<string, unknown> };
}

export async function sendCard(context: TurnContext, card: Card, text?: string): Promise<string | undefined> {
  const res = await context.sendActivity({ ...(text ? { text } : {}), attachments: [CardFactory.adaptiveCard(card)] });
  return res?.id;
}

/**
 * The one place that turns an error into words for a user. Domain errors carry their own safe
 * message; an outage says "try again"; anything else is logged with the activity id and the user
 * gets a short apology with that id — never the error's own message or stack.
 */
export function userMessageFor(
  err: unknown,
  log: Logger,
  activityId: string,
  isStoreOutage: (err: unknown) => boolean,
): string {
  if (err instanceof DomainError) return err.userMessage;
  // The id comes from the activity: only its plain characters go into the text (no Markdown, no links).
  const reference = activityId.replace(/[^\w:.|-]/g, '').slice(0, 100) || 'none';
  if (err instanceof AfterCommitError) {
    log.error({ err: err.cause, what: err.what }, 'failed after a committed change');
    return `Your change was saved, but I couldn't finish ${err.what}. Press Refresh on the card to see it. Reference: ${reference}`;
  }
  if (isStoreOutage(err)) {
    log.warn({ err }, 'store unavailable');
    return OUTAGE_TEXT;
  }
  log.error({ err }, 'unexpected error');
  return `Sorry, something went wrong on my side and nothing was changed. If it keeps happening, give your admin this reference: ${reference}`;
}
