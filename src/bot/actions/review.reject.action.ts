import { z } from 'zod';

import { changeReview } from '../review-card';

import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';

const reason = z.string().max(20_000).default('');

export const reviewRejectAction = defineAction({
  verb: 'review.reject',
  replaySafe: true,
  data: VersionedClaimRef.extend({ reasons: reason }),
  run: (turn, d) =>
    changeReview(
      turn,
      d.claimId,
      () => turn.services.review.reject(turn.actor, d.claimId, d.version, d.reasons),
      { text: 'Rejected. The partner has been told the reasons.', style: 'good' },
      (c) => ({
        toPartner: `**${c.number} was rejected.** Reasons: ${d.reasons.trim().slice(0, 800)}\nYou can dispute it until ${c.review?.rejection?.disputeUntil ?? ''} from the claim card.`,
      }),
    ),
});
