import { changeClaim } from '../claim-card';
import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';

export const claimSubmitAction = defineAction({
  verb: 'claim.submit',
  replaySafe: true,
  data: VersionedClaimRef,
  run: (turn, data) =>
    changeClaim(
      turn,
      data.claimId,
      () => turn.services.claims.submit(turn.actor, data.claimId, data.version),
      {
        text: 'Submitted for review. The claim is locked for edits unless a reviewer asks for more information.',
        style: 'good',
      },
      // Only a resubmission has an information request behind it: status never returns to Editing.
      (claim) => ({
        toReviewers: claim.review?.infoRequest
          ? `**${claim.number} was resubmitted** by ${turn.actor.person.name} with the information you asked for.`
          : undefined,
      }),
    ),
});
