import { safe } from '../../views/format';
import { defineAction } from '../router';
import { optionalText, VersionedClaimRef } from '../schemas';
import type { BotDeps } from '../turn';

export const reviewRequestInfoAction = (d: Pick<BotDeps, 'review'>) =>
  defineAction({
    verb: 'review.requestInfo',
    savedAs: 'claim.infoRequested',
    replaySafe: true,
    side: 'review',
    data: VersionedClaimRef.extend({ message: optionalText(20_000) }),
    drafts: (data) => ({ message: data.message }),
    async run(turn, data) {
      const picture = await d.review.requestInfo(await turn.actor(), data.claimId, data.version, data.message);
      const c = picture.claim;
      return {
        kind: 'review',
        picture,
        banner: {
          text: `Request sent: the claim is Action required and open to the partner again (response due ${c.dueDate ?? ''}).`,
          style: 'good',
        },
        changed: {
          notes: {
            toPartner: {
              text: safe`**${c.number} needs more information** — ${turn.who.person.name}: ${data.message.trim().slice(0, 500)}\n\nEdit the claim on its card, then submit it again by ${c.dueDate ?? ''}.`,
              mention: [c.createdBy],
            },
          },
        },
      };
    },
  });
