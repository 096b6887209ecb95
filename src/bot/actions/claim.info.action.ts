import { z } from 'zod';
import { changeClaim } from '../claim-card';
import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';

export const claimInfoAction = defineAction({
  verb: 'claim.info',
  replaySafe: true,
  data: VersionedClaimRef.extend({ additionalInfo: z.string().max(20_000).default('') }),
  run: (turn, data) =>
    changeClaim(
      turn,
      data.claimId,
      () => turn.services.claims.updateAdditionalInfo(turn.actor, data.claimId, data.version, data.additionalInfo),
      {
        text: 'Additional information saved.',
        style: 'good',
      },
    ),
});
