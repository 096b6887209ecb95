import { safe } from '../../views/format';
import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';
import type { BotDeps } from '../turn';

export const reviewPickUpAction = (d: Pick<BotDeps, 'review'>) =>
  defineAction({
    verb: 'review.pickUp',
    savedAs: 'claim.pickedUp',
    replaySafe: true,
    side: 'review',
    data: VersionedClaimRef,
    async run(turn, data) {
      const picture = await d.review.pickUp(await turn.actor(), data.claimId, data.version);
      return {
        kind: 'review',
        picture,
        banner: { text: 'You picked this claim up: it is In review.', style: 'good' },
        changed: {
          notes: { toPartner: { text: safe`${turn.who.person.name} started reviewing ${picture.claim.number}.` } },
        },
      };
    },
  });
