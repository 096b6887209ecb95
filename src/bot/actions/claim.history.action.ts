import { historyCard } from '../../views/history.view';
import { defineAction } from '../router';
import { ClaimRef, page, side } from '../schemas';
import type { BotDeps } from '../turn';

export const claimHistoryAction = (d: Pick<BotDeps, 'claims' | 'cards'>) =>
  defineAction({
    verb: 'claim.history',
    replaySafe: true,
    side: (data) => data.side,
    data: ClaimRef.extend({ page, side }),
    async run(turn, data) {
      const h = await d.claims.history(turn.who, data.claimId, data.page, turn);
      const back = data.side === 'review' ? 'review.refresh' : 'claim.refresh';
      return { kind: 'card', card: historyCard(d.cards, h.claim, h.events, h.page, h.pages, back) };
    },
  });
