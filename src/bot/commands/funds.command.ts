import { z } from 'zod';
import { formatMoney } from '../../domain/money';
import { GRANULARITY_LABEL } from '../../domain/period';
import { defineCommand } from '../router';
import type { BotDeps } from '../turn';

const short = z.string().max(40);

export const fundsCommand = (d: Pick<BotDeps, 'programs'>) =>
  defineCommand({
    name: 'funds',
    usage: 'funds PROGRAM PERIOD AMOUNT [CURRENCY]   e.g. funds ADD-PC 2026-Q3 50000 USD',
    help: [
      {
        usage: 'funds PROGRAM PERIOD AMOUNT [CURRENCY]',
        text: 'Admins: set the earned funds of a program for a usage period (creates the program; its first funds fix its currency and period length).',
        menu: false,
      },
    ],
    pattern: /^funds(?:\s+(?<rest>.*))?$/i,
    args: z.object({
      rest: z
        .string()
        .default('')
        .transform((s) => s.split(' ').filter(Boolean))
        .pipe(z.union([z.tuple([short, short, short]), z.tuple([short, short, short, short])]))
        .transform(([program, period, amount, currency]) => ({ program, period, amount, currency })),
    }),
    async run(turn, { rest: args }) {
      const program = await d.programs.setEarnedFunds(
        await turn.actor(),
        args.program,
        args.period,
        args.amount,
        args.currency,
      );
      const period = program.periods.find((p) => p.period.code === args.period.toUpperCase());
      const amount = period ? formatMoney(period.earnedMinor, program.currency) : args.amount;
      return {
        kind: 'text',
        text: `Earned funds of **${program.code}** for **${args.period.toUpperCase()}** set to **${amount}**. ${program.code} is kept in ${program.currency}, by ${GRANULARITY_LABEL[program.granularity]}.`,
      };
    },
  });
