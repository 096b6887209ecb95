import { z } from 'zod';
import { describeRate } from '../../domain/program.service';
import { defineCommand } from '../router';
import type { BotDeps } from '../turn';

/** `rate EUR 0.92` (1 USD = 0.92 EUR): USD caps convert through it. `rates` lists them. */
export const rateCommand = (d: Pick<BotDeps, 'programs'>) =>
  defineCommand({
    name: 'rate',
    usage: 'rate CURRENCY AMOUNT-PER-USD   e.g. rate EUR 0.92 (1 USD = 0.92 EUR)',
    help: [
      {
        usage: 'rate CURRENCY PER-USD',
        text: 'Admins: set the exchange rate USD caps use in another currency, e.g. `rate EUR 0.92` (1 USD = 0.92 EUR). `rates` lists them.',
        menu: false,
      },
    ],
    pattern: /^rates?(?:\s+(?<currency>\S+))?(?:\s+(?<rate>\S+))?(?<extra>\s.*)?$/i,
    // `rates` lists; `rate EUR 0.92` sets; a currency without its rate (or an extra word) gets the usage.
    args: z
      .object({ currency: z.string().max(10).optional(), rate: z.string().max(20).optional(), extra: z.undefined() })
      .refine((a) => (a.currency === undefined) === (a.rate === undefined)),
    async run(turn, args) {
      if (!args.currency || !args.rate) {
        const rates = await d.programs.listRates(turn.who);
        return {
          kind: 'text',
          text:
            rates.length === 0
              ? 'No exchange rates are set. An incentives admin sets one with `rate EUR 0.92` (1 USD = 0.92 EUR).'
              : `Exchange rates for USD caps:\n\n${rates.map((r) => `• ${describeRate(r)}`).join('\n')}`,
        };
      }
      const rate = await d.programs.setRate(await turn.actor(), args.currency, args.rate);
      return {
        kind: 'text',
        text: `Exchange rate set: **${describeRate(rate)}**. USD caps in ${rate.currency} programs use it from now on.`,
      };
    },
  });
