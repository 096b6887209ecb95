import { historyCard } from '../../views/history.view';
import { cardResponse } from '../reply';
import { defineAction } from '../router';
import { ClaimRef, page } from '../schemas';

export const claimHistoryAction = defineAction({
  verb: 'claim.history',
  replaySafe: true,
  data: ClaimRef.extend({ page }),
  async run(turn, data) {
    const h = await turn.services.claims.history(turn.actor, data.claimId, data.page);
    return cardResponse(historyCard(turn.services.cards, h.claim, h.events, h.page, h.pages));
  },
});
