import { z } from 'zod';
import { changeClaim } from '../claim-card';
import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';

export const claimCommentAction = defineAction({
  verb: 'claim.comment',
  replaySafe: true,
  data: VersionedClaimRef.extend({ comment: z.string().max(20_000).default('') }),
  run: (turn, data) =>
    changeClaim(
      turn,
      data.claimId,
      () => turn.services.claims.comment(turn.actor, data.claimId, data.version, data.comment),
      {
        text: 'Comment posted. It is in the claim History.',
        style: 'good',
      },
    ),
});
