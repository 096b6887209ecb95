import { safe } from '../../views/format';
import { defineAction } from '../router';
import { optionalText, VersionedClaimRef } from '../schemas';
import type { BotDeps } from '../turn';

/** Withdraw (Editing or Action required), with a reason: read-only from then on; its funds no longer count. */
export const claimWithdrawAction = (d: Pick<BotDeps, 'claims'>) =>
  defineAction({
    verb: 'claim.withdraw',
    savedAs: 'claim.withdrawn',
    replaySafe: true,
    side: 'claim',
    data: VersionedClaimRef.extend({ reason: optionalText(20_000), withdrawReason: optionalText(20_000) }),
    drafts: (data) => ({ withdrawReason: data.reason || data.withdrawReason }),
    async run(turn, data) {
      const picture = await d.claims.withdraw(
        await turn.actor(),
        data.claimId,
        data.version,
        data.reason || data.withdrawReason,
      );
      // Withdrawn while waiting for information: the reviewer who asked is told by name.
      const reviewer = picture.claim.review?.reviewer;
      return {
        kind: 'claim',
        picture,
        banner: {
          text: `${picture.claim.number} is withdrawn. It stays in History and its funds are no longer counted.`,
          style: 'good',
        },
        changed: {
          reviewSide: true,
          notes: {
            toReviewers: {
              text: safe`${picture.claim.number} was withdrawn by ${turn.who.person.name}.`,
              mention: reviewer ? [reviewer] : [],
            },
          },
        },
      };
    },
  });
