import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import type { Claim } from '../domain/claim';
import { DomainError, type DomainErrorCode } from '../domain/errors';
import type { ReadinessItem } from '../domain/readiness';
import { claimCard, type Banner } from '../views/claim.view';
import type { Card } from '../views/render-card';
import { cardResponse } from './reply';
import { syncCards, type SyncNotes } from './sync';
import type { Turn } from './turn';

export async function renderClaim(turn: Turn, claim: Claim, banner?: Banner): Promise<Card> {
  const picture = await turn.services.claims.picture(claim);
  return claimCard(turn.services.cards, picture, banner);
}

/** Errors after which the person should see the claim as it is now, with the reason on top. */
const SHOW_CURRENT: readonly DomainErrorCode[] = [
  'CLAIM.CHANGED',
  'CLAIM.NOT_EDITABLE',
  'CLAIM.NOT_READY',
  'INPUT.INVALID',
  'AUTH.FORBIDDEN',
];

/**
 * Runs a change to a claim and answers with the claim card: the new state with `done` on top, or —
 * when the change is refused — the current state with the reason. The card in the conversation is
 * updated too, so everyone sees the change.
 */
export async function changeClaim(
  turn: Turn,
  claimId: string,
  change: () => Promise<Claim>,
  done: Banner,
  notes?: (claim: Claim) => SyncNotes,
): Promise<AdaptiveCardInvokeResponse> {
  let claim: Claim;
  try {
    claim = await change();
  } catch (err) {
    if (!(err instanceof DomainError) || !SHOW_CURRENT.includes(err.code)) throw err;
    turn.log.info({ code: err.code }, 'change refused');
    const current = await turn.services.claims.get(turn.actor, claimId);
    const failing = (err.details.failing as ReadinessItem[] | undefined)?.map((i) => `${i.label} — ${i.detail}`);
    return cardResponse(
      await renderClaim(turn, current, {
        text: err.userMessage,
        items: failing,
        style: err.code === 'CLAIM.CHANGED' ? 'warning' : 'attention',
      }),
    );
  }
  const picture = await turn.services.claims.picture(claim);
  await updateSharedCard(turn, claimCard(turn.services.cards, picture));
  // Changes the review side sees (submit, dispute, paid) also update its card and notices.
  if (notes) await syncCards(turn, picture, notes(claim));
  return cardResponse(claimCard(turn.services.cards, picture, done));
}

/** Replaces the card message the person pressed, for everyone in the conversation. */
export async function updateSharedCard(turn: Turn, card: Card): Promise<void> {
  const { activity } = turn.context;
  if (!activity.replyToId) return;
  try {
    await turn.context.updateActivity({
      type: 'message',
      id: activity.replyToId,
      conversation: activity.conversation,
      attachments: [CardFactory.adaptiveCard(card)],
    });
  } catch (err) {
    // The change is committed; the presser already sees it and others get it on refresh.
    turn.log.warn({ err, replyToId: activity.replyToId }, 'could not update the shared card');
  }
}
