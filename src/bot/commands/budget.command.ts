import { z } from 'zod';
import { budgetCard } from '../../views/budget.view';
import { defineCommand } from '../router';
import type { BotDeps } from '../turn';

/** `budget ADD-PC 2026-Q4`: what a program and period can still take, and each cap's headroom. */
export const budgetCommand = (d: Pick<BotDeps, 'overview' | 'cards'>) =>
  defineCommand({
    replaySafe: true,
    name: 'budget',
    usage: 'budget PROGRAM PERIOD   e.g. budget ADD-PC 2026-Q4',
    help: [
      {
        usage: 'budget PROGRAM PERIOD',
        text: 'What can we still claim? Earned, approved, pending, remaining, and the headroom of each capped activity.',
      },
    ],
    pattern: /^budget(?:\s+(?<program>\S+))?(?:\s+(?<period>\S+))?(?<extra>\s.*)?$/i,
    // A missing or extra word fails here, so `budget ADD-PC` gets the usage rather than the unknown-command hint.
    args: z.object({ program: z.string().max(24), period: z.string().max(10), extra: z.undefined() }),
    async run(turn, args) {
      const { budget, at } = await d.overview.budget(await turn.actor(), args.program, args.period);
      return { kind: 'card', card: budgetCard(d.cards, budget, at) };
    },
  });
