import { safe } from '../../views/format';
import { formatMoney } from '../../domain/money';
import { defineAction } from '../router';
import { optionalText, VersionedClaimRef } from '../schemas';
import type { BotDeps } from '../turn';

export const reviewApproveAction = (d: Pick<BotDeps, 'review'>) =>
  defineAction({
    verb: 'review.approve',
    savedAs: 'claim.approved',
    replaySafe: true,
    side: 'review',
    data: VersionedClaimRef.extend({ amount: optionalText(40), reason: optionalText(20_000) }),
    drafts: (data) => ({ amount: data.amount, reason: data.reason }),
    async run(turn, data) {
      const picture = await d.review.approve(await turn.actor(), data.claimId, data.version, data.amount, data.reason);
      const c = picture.claim;
      const partial = c.approvedMinor < c.claimedMinor;
      return {
        kind: 'review',
        picture,
        banner: { text: 'Approved.', style: 'good' },
        changed: {
          notes: {
            toPartner: {
              text: `**${c.number} was approved** for ${formatMoney(c.approvedMinor, c.currency)}${partial ? safe` of ${formatMoney(c.claimedMinor, c.currency)}. Reason: ${data.reason.trim().slice(0, 500)}` : ''}. Payment cycle ${c.review?.approval?.paymentCycle ?? ''}.`,
              mention: [c.createdBy],
            },
          },
        },
      };
    },
  });
