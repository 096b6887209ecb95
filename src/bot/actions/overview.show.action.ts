import { z } from 'zod';
import { overviewCard } from '../../views/lists.view';
import { cardResponse } from '../reply';
import { defineAction } from '../router';

export const overviewShowAction = defineAction({
  verb: 'overview.show',
  replaySafe: true,
  data: z.object({}),
  async run(turn) {
    const { lines, at } = await turn.services.overview.overview(turn.actor);
    return cardResponse(overviewCard(turn.services.cards, lines, at));
  },
});
