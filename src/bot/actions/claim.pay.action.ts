import { z } from 'zod';
import { changeClaim } from '../claim-card';
import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';

export const claimPayAction = defineAction({
  verb: 'claim.pay',
  replaySafe: true,
  data: VersionedClaimRef.extend({ date: z.string().max(20).default(''), reference: z.string().max(1000).default('') }),
  run: (turn, d) =>
    changeClaim(
      turn,
      d.claimId,
      () => turn.services.review.markPaid(turn.actor, d.claimId, d.version, d.date, d.reference),
      { text: 'Marked paid.', style: 'good' },
      () => ({}),
    ),
});
