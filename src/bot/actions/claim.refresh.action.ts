import { defineAction } from '../router';
import { ClaimRef } from '../schemas';
import type { BotDeps } from '../turn';

/** Also the `refresh` action of every claim card: each viewer gets the current state. */
export const claimRefreshAction = (d: Pick<BotDeps, 'claims'>) =>
  defineAction({
    verb: 'claim.refresh',
    replaySafe: true,
    side: 'claim',
    data: ClaimRef,
    async run(turn, data) {
      return { kind: 'claim', picture: await d.claims.loadForViewer(turn.who, data.claimId, turn) };
    },
  });
