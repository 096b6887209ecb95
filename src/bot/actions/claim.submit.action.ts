import { changeClaim } from '../claim-card';
import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';

export const claimSubmitAction = defineAction({
  verb: 'claim.submit',
  data: VersionedClaimRef,
  run: (turn, data) =>
    changeClaim(turn, data.claimId, () => turn.services.claims.submit(turn.actor, data.claimId, data.version), {
      text: 'Submitted for review. The claim is locked for edits unless a reviewer asks for more information.',
      style: 'good',
    }),
});
