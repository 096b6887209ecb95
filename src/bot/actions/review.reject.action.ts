import { safe } from '../../views/format';
import { defineAction } from '../router';
import { optionalText, VersionedClaimRef } from '../schemas';
import type { BotDeps } from '../turn';

export const reviewRejectAction = (d: Pick<BotDeps, 'review'>) =>
  defineAction({
    verb: 'review.reject',
    savedAs: 'claim.rejected',
    replaySafe: true,
    side: 'review',
    data: VersionedClaimRef.extend({ reasons: optionalText(20_000) }),
    drafts: (data) => ({ reasons: data.reasons }),
    async run(turn, data) {
      const picture = await d.review.reject(await turn.actor(), data.claimId, data.version, data.reasons);
      const c = picture.claim;
      return {
        kind: 'review',
        picture,
        banner: { text: 'Rejected. The partner has been told the reasons.', style: 'good' },
        changed: {
          notes: {
            toPartner: {
              text: safe`**${c.number} was rejected.** Reasons: ${data.reasons.trim().slice(0, 800)}\n\nYou can dispute it until ${c.review?.rejection?.disputeUntil ?? ''} from the claim card.`,
              mention: [c.createdBy],
            },
          },
        },
      };
    },
  });
