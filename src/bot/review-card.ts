import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import type { Claim } from '../domain/claim';
import { DomainError, type DomainErrorCode } from '../domain/errors';
import { reviewCard } from '../views/review.view';
import type { Banner } from '../views/claim.view';
import { cardResponse } from './reply';
import { syncCards, type SyncNotes } from './sync';
import type { Turn } from './turn';

export async function renderReview(turn: Turn, claim: Claim, banner?: Banner) {
  const picture = await turn.services.claims.picture(claim);
  return reviewCard(turn.services.cards, picture, {
    conflict: turn.services.review.conflict(turn.actor, claim),
    banner,
  });
}

const SHOW_CURRENT: readonly DomainErrorCode[] = [
  'CLAIM.CHANGED',
  'CLAIM.BAD_TRANSITION',
  'INPUT.INVALID',
  'AUTH.FORBIDDEN',
];

/** Runs a review move and answers with the review card (new state, or current state with the reason). */
export async function changeReview(
  turn: Turn,
  claimId: string,
  change: () => Promise<Claim>,
  done: Banner,
  notes: (claim: Claim) => SyncNotes = () => ({}),
): Promise<AdaptiveCardInvokeResponse> {
  let claim: Claim;
  try {
    claim = await change();
  } catch (err) {
    if (!(err instanceof DomainError) || !SHOW_CURRENT.includes(err.code)) throw err;
    turn.log.info({ code: err.code }, 'review move refused');
    const current = await turn.services.claims.get(turn.actor, claimId);
    return cardResponse(
      await renderReview(turn, current, {
        text: err.userMessage,
        style: err.code === 'CLAIM.CHANGED' ? 'warning' : 'attention',
      }),
    );
  }
  const picture = await turn.services.claims.picture(claim);
  await syncCards(turn, picture, notes(claim));
  return cardResponse(
    reviewCard(turn.services.cards, picture, {
      conflict: turn.services.review.conflict(turn.actor, claim),
      banner: done,
    }),
  );
}
