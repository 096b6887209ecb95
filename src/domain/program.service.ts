import { safe } from './text';
import { requireAdmin } from './access';
import type { ActorContext, Who } from './actor';
import { ProgramInvalidError } from './errors';
import type { FundsService } from './funds.service';
import { formatRate, isCurrency, parseAmount, parseRate, type UsdRate } from './money';
import { GRANULARITY_LABEL, granularityOf, isoDate, parsePeriod, PERIOD_FORMAT_HINT } from './period';
import type { ProgramRepository, RateRepository } from './ports';
import { PROGRAM_CODE, type Program } from './program';

export class ProgramService {
  constructor(
    private readonly programs: ProgramRepository,
    private readonly rates: RateRepository,
    private readonly funds: FundsService,
    private readonly clock: { now(): Date },
  ) {}

  list(who: Who): Promise<readonly Program[]> {
    return this.programs.list(who.tenantId);
  }

  /**
   * `funds PROGRAM PERIOD AMOUNT [currency]` — admins record earned funds per usage period. The
   * program's currency and period length are fixed by its first funds; the amount also goes into
   * the period's funds ledger, which every submit checks against.
   */
  async setEarnedFunds(
    actor: ActorContext,
    programText: string,
    periodText: string,
    amountText: string,
    currencyText?: string,
  ): Promise<Program> {
    requireAdmin(actor, 'set earned funds');
    const code = programText.trim().toUpperCase();
    if (!PROGRAM_CODE.test(code))
      throw new ProgramInvalidError('A program code is 2–24 letters, digits or dashes, e.g. ADD-PC.');
    const period = parsePeriod(periodText);
    if (!period)
      throw new ProgramInvalidError(
        `${safe`"${periodText.slice(0, 20)}"`} is not a usage period: use ${PERIOD_FORMAT_HINT}.`,
      );
    const granularity = granularityOf(period.code)!;
    const known = await this.programs.get(actor.tenantId, code);
    const currency = (currencyText ?? known?.currency ?? 'USD').trim().toUpperCase();
    if (!isCurrency(currency))
      throw new ProgramInvalidError(safe`${currency.slice(0, 10)} is not a currency code (e.g. USD, EUR).`);
    const minor = parseAmount(amountText, currency);
    if (minor === undefined)
      throw new ProgramInvalidError(
        safe`"${amountText.slice(0, 20)}" is not an amount: write it like 50000 or 50000.00.`,
      );
    // The program's first funds fix its currency and period length; whoever created it first decided.
    const program = known ?? (await this.programs.ensure(actor.tenantId, { code, currency, granularity }));
    if (program.granularity !== granularity) {
      throw new ProgramInvalidError(
        `${code} has its earned funds by ${GRANULARITY_LABEL[program.granularity]}: give a period of that length.`,
      );
    }
    if (program.currency !== currency)
      throw new ProgramInvalidError(`${code} is kept in ${program.currency}; give the amount in ${program.currency}.`);
    // The ledger orders concurrent settings; the program's record takes the one the ledger kept last,
    // so the overview and the readiness check never show different earned funds.
    const ledgerSeq = await this.funds.setEarned(
      { tenantId: actor.tenantId, programCode: code, periodCode: period.code },
      minor,
      actor.person,
    );
    return this.programs.setEarnedFunds(actor.tenantId, code, period, minor, actor.person, ledgerSeq);
  }

  /** `rate EUR 0.92` — admins set 1 USD in another currency; USD caps convert through it. */
  async setRate(actor: ActorContext, currencyText: string, rateText: string): Promise<UsdRate> {
    requireAdmin(actor, 'set exchange rates');
    const currency = currencyText.trim().toUpperCase();
    if (!isCurrency(currency))
      throw new ProgramInvalidError(safe`${currency.slice(0, 10)} is not a currency code (e.g. EUR, GBP).`);
    if (currency === 'USD')
      throw new ProgramInvalidError('Caps are in USD already: set the rate of another currency, e.g. `rate EUR 0.92`.');
    const perUsdMicro = parseRate(rateText);
    if (perUsdMicro === undefined)
      throw new ProgramInvalidError(
        `${safe`"${rateText.slice(0, 20)}"`} is not a rate: write how many ${currency} one USD buys, e.g. 0.92.`,
      );
    const rate: UsdRate = { currency, perUsdMicro, setOn: isoDate(this.clock.now().getTime()) };
    await this.rates.set(actor.tenantId, rate, actor.person);
    return rate;
  }

  listRates(who: Who): Promise<readonly UsdRate[]> {
    return this.rates.list(who.tenantId);
  }
}

export function describeRate(rate: UsdRate): string {
  return `1 USD = ${formatRate(rate.perUsdMicro)} ${rate.currency} (set ${rate.setOn})`;
}
