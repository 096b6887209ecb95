import { renderClaim } from '../claim-card';
import { cardResponse } from '../reply';
import { defineAction } from '../router';
import { ClaimRef } from '../schemas';

/** Also the `refresh` action of every claim card: each viewer gets the current state. */
export const claimRefreshAction = defineAction({
  verb: 'claim.refresh',
  replaySafe: true,
  data: ClaimRef,
  async run(turn, data) {
    const claim = await turn.services.claims.get(turn.actor, data.claimId);
    return cardResponse(await renderClaim(turn, claim));
  },
});
