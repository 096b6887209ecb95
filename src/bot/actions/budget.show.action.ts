import { z } from 'zod';
import { budgetCard } from '../../views/budget.view';
import { defineAction } from '../router';
import type { BotDeps } from '../turn';

/** The overview rows' "What can we still claim?" button. */
export const budgetShowAction = (d: Pick<BotDeps, 'overview' | 'cards'>) =>
  defineAction({
    verb: 'budget.show',
    replaySafe: true,
    side: 'claim',
    data: z.object({ program: z.string().max(24), period: z.string().max(10) }),
    async run(turn, data) {
      const { budget, at } = await d.overview.budget(await turn.actor(), data.program, data.period);
      return { kind: 'card', card: budgetCard(d.cards, budget, at) };
    },
  });
