import { safe } from '../../views/format';
import { defineAction } from '../router';
import { optionalText, VersionedClaimRef } from '../schemas';
import type { BotDeps } from '../turn';

export const claimDisputeAction = (d: Pick<BotDeps, 'review'>) =>
  defineAction({
    verb: 'claim.dispute',
    savedAs: 'claim.disputed',
    replaySafe: true,
    side: 'claim',
    data: VersionedClaimRef.extend({ reason: optionalText(20_000) }),
    drafts: (data) => ({ reason: data.reason }),
    async run(turn, data) {
      const picture = await d.review.dispute(await turn.actor(), data.claimId, data.version, data.reason);
      const reviewer = picture.claim.review?.reviewer;
      return {
        kind: 'claim',
        picture,
        banner: {
          text: 'Dispute filed. Reviewers will look at the claim again within 5 business days.',
          style: 'good',
        },
        changed: {
          reviewSide: true,
          notes: {
            toReviewers: {
              text: safe`**${picture.claim.number} is disputed** by ${turn.who.person.name}. Re-review due ${picture.claim.review?.dispute?.dueDate ?? ''} (5 business days).`,
              mention: reviewer ? [reviewer] : [],
            },
          },
        },
      };
    },
  });
