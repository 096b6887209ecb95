import { z } from 'zod';
import { changeClaim } from '../claim-card';
import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';

export const claimDisputeAction = defineAction({
  verb: 'claim.dispute',
  replaySafe: true,
  data: VersionedClaimRef.extend({ reason: z.string().max(20_000).default('') }),
  run: (turn, d) =>
    changeClaim(
      turn,
      d.claimId,
      () => turn.services.review.dispute(turn.actor, d.claimId, d.version, d.reason),
      { text: 'Dispute filed. Reviewers will look at the claim again within 5 business days.', style: 'good' },
      (claim) => ({
        toReviewers: `**${claim.number} is disputed** by ${turn.actor.person.name}. Re-review due ${claim.review?.dispute?.dueDate ?? ''} (5 business days).`,
      }),
    ),
});
