import { defineAction } from '../router';
import { optionalText, VersionedClaimRef } from '../schemas';
import type { BotDeps } from '../turn';

export const claimPayAction = (d: Pick<BotDeps, 'review'>) =>
  defineAction({
    verb: 'claim.pay',
    savedAs: 'claim.paid',
    replaySafe: true,
    side: 'claim',
    data: VersionedClaimRef.extend({ date: optionalText(20), reference: optionalText(1000) }),
    drafts: (data) => ({ date: data.date, reference: data.reference }),
    async run(turn, data) {
      const picture = await d.review.markPaid(
        await turn.actor(),
        data.claimId,
        data.version,
        data.date,
        data.reference,
      );
      const c = picture.claim;
      return {
        kind: 'claim',
        picture,
        banner: { text: 'Marked paid.', style: 'good' },
        changed: {
          reviewSide: true,
          notes: {
            toPartner: {
              text: `**${c.number} was paid** on ${c.review?.payment?.date ?? ''}.`,
              mention: [c.createdBy],
            },
          },
        },
      };
    },
  });
