import { changeClaim } from '../claim-card';
import { syncCards } from '../sync';
import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';

export const claimSubmitAction = defineAction({
  verb: 'claim.submit',
  replaySafe: true,
  data: VersionedClaimRef,
  async run(turn, data) {
    const response = await changeClaim(
      turn,
      data.claimId,
      async () => {
        const before = await turn.services.claims.get(turn.actor, data.claimId);
        const claim = await turn.services.claims.submit(turn.actor, data.claimId, data.version);
        const again = before.status === 'ActionRequired';
        await syncCards(turn, claim, { toReviewers: again ? `**${claim.number} was resubmitted** by ${turn.actor.person.name} with the information you asked for.` : undefined });
        return claim;
      },
      { text: 'Submitted for review. The claim is locked for edits unless a reviewer asks for more information.', style: 'good' },
    );
    return response;
  },
});
