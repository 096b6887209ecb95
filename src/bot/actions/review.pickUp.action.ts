import { changeReview } from '../review-card';

import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';

export const reviewPickUpAction = defineAction({
  verb: 'review.pickUp',
  replaySafe: true,
  data: VersionedClaimRef,
  run: (turn, d) =>
    changeReview(
      turn,
      d.claimId,
      () => turn.services.review.pickUp(turn.actor, d.claimId, d.version),
      { text: 'You picked this claim up: it is In review.', style: 'good' },
      (c) => ({
        toPartner: `${turn.actor.person.name} started reviewing ${c.number}.`,
      }),
    ),
});

/** Verdict inputs arrive as verdict_<poeKey> / comment_<poeKey> beside claimId and version. */
