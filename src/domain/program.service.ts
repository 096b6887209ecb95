import type { ActorContext } from './actor';
import { hasRole } from './actor';
import { DomainError } from './errors';
import { isCurrency, parseAmount } from './money';
import { parsePeriod, PERIOD_FORMAT_HINT } from './period';
import type { ProgramRepository } from './ports';
import { PROGRAM_CODE, type Program } from './program';

export class ProgramService {
  constructor(private readonly programs: ProgramRepository) {}

  list(actor: ActorContext): Promise<readonly Program[]> {
    return this.programs.list(actor.tenantId);
  }

  /** `funds PROGRAM PERIOD AMOUNT [currency]` — admins record earned funds per usage period. */
  async setEarnedFunds(
    actor: ActorContext,
    programText: string,
    periodText: string,
    amountText: string,
    currencyText?: string,
  ): Promise<Program> {
    if (!hasRole(actor, 'admin'))
      throw new DomainError('AUTH.FORBIDDEN', 'Only an incentives admin can set earned funds.');
    const code = programText.trim().toUpperCase();
    if (!PROGRAM_CODE.test(code))
      throw new DomainError('PROGRAM.INVALID', 'A program code is 2–24 letters, digits or dashes, e.g. ADD-PC.');
    const period = parsePeriod(periodText);
    if (!period)
      throw new DomainError(
        'PROGRAM.INVALID',
        `"${periodText.slice(0, 20)}" is not a usage period: use ${PERIOD_FORMAT_HINT}.`,
      );
    const existing = await this.programs.get(actor.tenantId, code);
    const currency = (currencyText ?? existing?.currency ?? 'USD').trim().toUpperCase();
    if (!isCurrency(currency))
      throw new DomainError('PROGRAM.INVALID', `${currency.slice(0, 10)} is not a currency code (e.g. USD, EUR).`);
    if (existing && existing.currency !== currency) {
      throw new DomainError(
        'PROGRAM.INVALID',
        `${code} is kept in ${existing.currency}; give the amount in ${existing.currency}.`,
      );
    }
    const minor = parseAmount(amountText, currency);
    if (minor === undefined)
      throw new DomainError(
        'PROGRAM.INVALID',
        `"${amountText.slice(0, 20)}" is not an amount: write it like 50000 or 50000.00.`,
      );
    return this.programs.setEarnedFunds(actor.tenantId, code, currency, period, minor, actor.person);
  }
}
