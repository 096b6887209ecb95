import { safe } from '../../views/format';
import { defineAction } from '../router';
import { optionalText, VersionedClaimRef } from '../schemas';
import type { BotDeps } from '../turn';

/** Another reviewer takes a picked-up claim over, with a reason (History records it). */
export const reviewTakeOverAction = (d: Pick<BotDeps, 'review'>) =>
  defineAction({
    verb: 'review.takeOver',
    savedAs: 'claim.reviewerChanged',
    replaySafe: true,
    side: 'review',
    data: VersionedClaimRef.extend({ reason: optionalText(20_000) }),
    drafts: (data) => ({ takeOverReason: data.reason }),
    async run(turn, data) {
      const { picture, from: before } = await d.review.takeOver(
        await turn.actor(),
        data.claimId,
        data.version,
        data.reason,
      );
      return {
        kind: 'review',
        picture,
        banner: { text: `You took ${picture.claim.number} over. You decide it now.`, style: 'good' },
        changed: {
          notes: {
            toReviewers: {
              text: safe`${turn.who.person.name} took ${picture.claim.number} over${before ? ` from ${before.name}` : ''}: ${data.reason.trim().slice(0, 300)}`,
              mention: before ? [before] : [],
            },
          },
        },
      };
    },
  });
