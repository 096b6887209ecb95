import { z } from 'zod';
import { changeClaim } from '../claim-card';
import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';
import { syncCards } from '../sync';

export const claimPayAction = defineAction({
  verb: 'claim.pay',
  replaySafe: true,
  data: VersionedClaimRef.extend({ date: z.string().max(20).default(''), reference: z.string().max(1000).default('') }),
  run: (turn, d) =>
    changeClaim(
      turn,
      d.claimId,
      async () => {
        const claim = await turn.services.review.markPaid(turn.actor, d.claimId, d.version, d.date, d.reference);
        await syncCards(turn, claim);
        return claim;
      },
      { text: 'Marked paid.', style: 'good' },
    ),
});
