import { z } from 'zod';
import { overviewCard } from '../../views/lists.view';
import { defineAction } from '../router';
import type { BotDeps } from '../turn';

export const overviewShowAction = (d: Pick<BotDeps, 'overview' | 'cards'>) =>
  defineAction({
    verb: 'overview.show',
    replaySafe: true,
    side: 'claim',
    data: z.object({}),
    async run(turn) {
      const { lines, totals, at } = await d.overview.overview(await turn.actor());
      return { kind: 'card', card: overviewCard(d.cards, lines, totals, at) };
    },
  });
