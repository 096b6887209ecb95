import { defineAction } from '../router';
import { optionalText, VersionedClaimRef } from '../schemas';
import type { BotDeps } from '../turn';

/** Anyone who sees the card may comment (colleagues too); the card shows the comment count. */
export const claimCommentAction = (d: Pick<BotDeps, 'claims'>) =>
  defineAction({
    verb: 'claim.comment',
    replaySafe: true,
    side: 'claim',
    data: VersionedClaimRef.extend({ comment: optionalText(20_000) }),
    drafts: (data) => ({ comment: data.comment }),
    async run(turn, data) {
      const picture = await d.claims.comment(turn.who, data.claimId, data.version, data.comment, turn);
      return {
        kind: 'claim',
        picture,
        banner: { text: 'Comment posted. It is in the claim History.', style: 'good' },
        // The version moved: a review card left at the old one would refuse its next press.
        changed: { reviewSide: true },
      };
    },
  });
