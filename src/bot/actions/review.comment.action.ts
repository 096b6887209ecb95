import { defineAction } from '../router';
import { optionalText, VersionedClaimRef } from '../schemas';
import type { BotDeps } from '../turn';

/** A comment from the review card: in the claim's History; a reviewer's comment never makes them a contributor. */
export const reviewCommentAction = (d: Pick<BotDeps, 'claims'>) =>
  defineAction({
    verb: 'review.comment',
    replaySafe: true,
    side: 'review',
    data: VersionedClaimRef.extend({ comment: optionalText(20_000) }),
    drafts: (data) => ({ comment: data.comment }),
    async run(turn, data) {
      const picture = await d.claims.comment(turn.who, data.claimId, data.version, data.comment, turn);
      return {
        kind: 'review',
        picture,
        banner: { text: 'Comment posted. It is in the claim History.', style: 'good' },
        changed: {},
      };
    },
  });
