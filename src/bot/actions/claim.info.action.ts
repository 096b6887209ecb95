import { defineAction } from '../router';
import { optionalText, VersionedClaimRef } from '../schemas';
import type { BotDeps } from '../turn';

export const claimInfoAction = (d: Pick<BotDeps, 'claims'>) =>
  defineAction({
    verb: 'claim.info',
    replaySafe: true,
    side: 'claim',
    data: VersionedClaimRef.extend({ additionalInfo: optionalText(20_000) }),
    drafts: (data) => ({ additionalInfo: data.additionalInfo }),
    async run(turn, data) {
      const picture = await d.claims.updateAdditionalInfo(
        await turn.actor(),
        data.claimId,
        data.version,
        data.additionalInfo,
      );
      return {
        kind: 'claim',
        picture,
        banner: { text: 'Additional information saved.', style: 'good' },
        changed: { reviewSide: true },
      };
    },
  });
