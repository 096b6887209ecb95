import { safe } from '../../views/format';
import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';
import type { BotDeps } from '../turn';

export const claimSubmitAction = (d: Pick<BotDeps, 'claims'>) =>
  defineAction({
    verb: 'claim.submit',
    savedAs: 'claim.submitted',
    replaySafe: true,
    side: 'claim',
    data: VersionedClaimRef,
    async run(turn, data) {
      const actor = await turn.actor();
      const { picture, resubmitted } = await d.claims.submit(actor, data.claimId, data.version);
      const reviewer = picture.claim.review?.reviewer;
      return {
        kind: 'claim',
        picture,
        banner: {
          text: 'Submitted for review. The claim is locked for edits unless a reviewer asks for more information.',
          style: 'good',
        },
        changed: {
          reviewSide: true,
          notes: resubmitted
            ? {
                toReviewers: {
                  text: safe`**${picture.claim.number} was resubmitted** by ${actor.person.name} with the information you asked for.`,
                  mention: reviewer ? [reviewer] : [],
                },
              }
            : {},
        },
      };
    },
  });
