import { z } from 'zod';

import { changeReview } from '../review-card';

import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';

const reason = z.string().max(20_000).default('');

export const reviewRequestInfoAction = defineAction({
  verb: 'review.requestInfo',
  replaySafe: true,
  data: VersionedClaimRef.extend({ message: reason }),
  run: (turn, d) =>
    changeReview(
      turn,
      d.claimId,
      () => turn.services.review.requestInfo(turn.actor, d.claimId, d.version, d.message),
      { text: 'Request sent: the claim is Action required and open to the partner again.', style: 'good' },
      (c) => ({
        toPartner: `**${c.number} needs more information** — ${turn.actor.person.name}: ${d.message.trim().slice(0, 500)}\nEdit the claim on its card, then submit it again.`,
      }),
    ),
});
