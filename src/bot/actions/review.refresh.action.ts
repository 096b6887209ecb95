import { renderReview } from '../review-card';
import { cardResponse } from '../reply';
import { defineAction } from '../router';
import { ClaimRef } from '../schemas';

export const reviewRefreshAction = defineAction({
  verb: 'review.refresh',
  replaySafe: true,
  data: ClaimRef,
  async run(turn, data) {
    const claim = await turn.services.claims.get(turn.actor, data.claimId);
    return cardResponse(await renderReview(turn, claim));
  },
});
