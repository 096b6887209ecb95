import { z } from 'zod';
import { overviewCard } from '../../views/lists.view';
import { defineCommand } from '../router';
import type { BotDeps } from '../turn';

export const overviewCommand = (d: Pick<BotDeps, 'overview' | 'cards'>) =>
  defineCommand({
    replaySafe: true,
    name: 'overview',
    usage: 'overview',
    help: [
      {
        usage: 'overview',
        text: 'Per program and usage period: claims by status, funds claimed, approved, paid, earned and remaining, with totals.',
      },
    ],
    pattern: /^overview$/i,
    args: z.object({}),
    async run(turn) {
      const { lines, totals, at } = await d.overview.overview(await turn.actor());
      return { kind: 'card', card: overviewCard(d.cards, lines, totals, at) };
    },
  });
