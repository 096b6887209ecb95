import { z } from 'zod';
import { formatMoney } from '../../domain/money';
import { changeReview } from '../review-card';

import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';

const reason = z.string().max(20_000).default('');

export const reviewApproveAction = defineAction({
  verb: 'review.approve',
  replaySafe: true,
  data: VersionedClaimRef.extend({ amount: z.string().max(40).default(''), reason }),
  run: (turn, d) =>
    changeReview(
      turn,
      d.claimId,
      () => turn.services.review.approve(turn.actor, d.claimId, d.version, d.amount, d.reason),
      { text: 'Approved.', style: 'good' },
      (c) => {
        const partial = c.approvedMinor < c.claimedMinor;
        return {
          toPartner: `**${c.number} was approved** for ${formatMoney(c.approvedMinor, c.currency)}${partial ? ` of ${formatMoney(c.claimedMinor, c.currency)}. Reason: ${d.reason.trim().slice(0, 500)}` : ''}. Payment cycle ${c.review?.approval?.paymentCycle ?? ''}.`,
        };
      },
    ),
});
