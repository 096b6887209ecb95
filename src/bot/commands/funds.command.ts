import { z } from 'zod';
import { formatMoney } from '../../domain/money';
import { defineCommand } from '../router';

const short = z.string().max(40);

export const fundsCommand = defineCommand({
  name: 'funds',
  usage: 'funds PROGRAM PERIOD AMOUNT [CURRENCY]   e.g. funds ADD-PC 2026-Q3 50000 USD',
  help: [
    {
      usage: 'funds PROGRAM PERIOD AMOUNT [CURRENCY]',
      text: 'Admins: set the earned funds of a program for a usage period (creates the program).',
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
    const program = await turn.services.programs.setEarnedFunds(
      turn.actor,
      args.program,
      args.period,
      args.amount,
      args.currency,
    );
    const period = program.periods.find((p) => p.period.code === args.period.toUpperCase());
    const amount = period ? formatMoney(period.earnedMinor, program.currency) : args.amount;
    await turn.context.sendActivity(
      `Earned funds of **${program.code}** for **${args.period.toUpperCase()}** set to **${amount}**.`,
    );
  },
});
