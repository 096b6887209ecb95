import { safe } from './text';
import type { ActorContext } from './actor';
import { hasRole } from './actor';
import type { Clock } from './clock';
import { ForbiddenError, ProgramInvalidError, ProgramNotFoundError } from './errors';
import type { Budget, FundsService } from './funds.service';
import { GRANULARITY_LABEL, granularityOf, parsePeriod } from './period';
import type { ClaimRepository, ProgramRepository } from './ports';
import { APPROVED, PENDING, type ClaimStatus } from './status';

export interface OverviewLine {
  readonly programCode: string;
  readonly periodCode: string;
  readonly currency: string;
  readonly counts: Readonly<Partial<Record<ClaimStatus, number>>>;
  readonly total: number;
  /** Submitted and pending review. */
  readonly claimedMinor: number;
  /** Approved, paid or not. */
  readonly approvedMinor: number;
  /** Approved and paid. */
  readonly paidMinor: number;
  readonly earnedMinor: number | undefined;
  /** earned − approved − claimed (never shown below zero by the view). */
  readonly remainingMinor: number | undefined;
}

/** Sums across programs, one per currency (programs may be paid in different currencies). */
export interface OverviewTotal {
  readonly currency: string;
  readonly total: number;
  readonly claimedMinor: number;
  readonly approvedMinor: number;
  readonly paidMinor: number;
  readonly earnedMinor: number;
  readonly remainingMinor: number;
}

export class OverviewService {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly programs: ProgramRepository,
    private readonly funds: FundsService,
    private readonly clock: Clock,
  ) {}

  /** `budget ADD-PC 2026-Q4`: what the program and period can still take, by the readiness rules. */
  async budget(actor: ActorContext, programText: string, periodText: string): Promise<{ budget: Budget; at: Date }> {
    requireInsider(actor, 'see budgets');
    const code = programText.trim().toUpperCase();
    const program = await this.programs.get(actor.tenantId, code);
    if (!program) throw new ProgramNotFoundError(code.slice(0, 24));
    const period = parsePeriod(periodText);
    if (!period) throw new ProgramInvalidError(safe`"${periodText.trim().slice(0, 20)}" is not a usage period.`);
    if (granularityOf(period.code) !== program.granularity)
      throw new ProgramInvalidError(`${program.code}'s usage periods are ${GRANULARITY_LABEL[program.granularity]}.`);
    const budget = await this.funds.budget(
      { tenantId: actor.tenantId, programCode: program.code, periodCode: period.code },
      program.currency,
    );
    return { budget, at: this.clock.now() };
  }

  /** Per program and usage period: claims by status, funds claimed, approved, paid, earned and remaining. */
  async overview(
    actor: ActorContext,
  ): Promise<{ lines: readonly OverviewLine[]; totals: readonly OverviewTotal[]; at: Date }> {
    requireInsider(actor, 'see the overview');
    const [rows, programs] = await Promise.all([
      this.claims.overview(actor.tenantId),
      this.programs.list(actor.tenantId),
    ]);
    type Acc = {
      programCode: string;
      periodCode: string;
      counts: Partial<Record<ClaimStatus, number>>;
      total: number;
      claimedMinor: number;
      approvedMinor: number;
      paidMinor: number;
    };
    const lines = new Map<string, Acc>();
    const lineFor = (programCode: string, periodCode: string): Acc => {
      const key = `${programCode}|${periodCode}`;
      let acc = lines.get(key);
      if (!acc) {
        acc = { programCode, periodCode, counts: {}, total: 0, claimedMinor: 0, approvedMinor: 0, paidMinor: 0 };
        lines.set(key, acc);
      }
      return acc;
    };
    for (const p of programs) for (const f of p.periods) lineFor(p.code, f.period.code);
    for (const row of rows) {
      const acc = lineFor(row.programCode, row.periodCode);
      acc.counts[row.status] = (acc.counts[row.status] ?? 0) + row.count;
      acc.total += row.count;
      if (PENDING.includes(row.status)) acc.claimedMinor += row.claimedMinor;
      if (APPROVED.includes(row.status)) acc.approvedMinor += row.approvedMinor;
      if (row.status === 'Paid') acc.paidMinor += row.approvedMinor;
    }
    const result = [...lines.values()].map((acc): OverviewLine => {
      const program = programs.find((p) => p.code === acc.programCode);
      const earnedMinor = program?.periods.find((f) => f.period.code === acc.periodCode)?.earnedMinor;
      return {
        ...acc,
        currency: program?.currency ?? 'USD',
        earnedMinor,
        remainingMinor: earnedMinor === undefined ? undefined : earnedMinor - acc.approvedMinor - acc.claimedMinor,
      };
    });
    result.sort(
      (a, b) =>
        a.programCode.localeCompare(b.programCode) ||
        periodStart(b.periodCode).localeCompare(periodStart(a.periodCode)),
    );
    return { lines: result, totals: totalsOf(result), at: this.clock.now() };
  }
}

function requireInsider(actor: ActorContext, what: string): void {
  if (!hasRole(actor, 'admin', 'user', 'reviewer'))
    throw new ForbiddenError(`Only incentives admins, users and reviewers can ${what}.`);
}

function totalsOf(lines: readonly OverviewLine[]): OverviewTotal[] {
  const byCurrency = new Map<
    string,
    {
      currency: string;
      total: number;
      claimedMinor: number;
      approvedMinor: number;
      paidMinor: number;
      earnedMinor: number;
      remainingMinor: number;
    }
  >();
  for (const l of lines) {
    const t = byCurrency.get(l.currency) ?? {
      currency: l.currency,
      total: 0,
      claimedMinor: 0,
      approvedMinor: 0,
      paidMinor: 0,
      earnedMinor: 0,
      remainingMinor: 0,
    };
    t.total += l.total;
    t.claimedMinor += l.claimedMinor;
    t.approvedMinor += l.approvedMinor;
    t.paidMinor += l.paidMinor;
    t.earnedMinor += l.earnedMinor ?? 0;
    t.remainingMinor += Math.max(0, l.remainingMinor ?? 0);
    byCurrency.set(l.currency, t);
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

function periodStart(code: string): string {
  return parsePeriod(code)?.start ?? code;
}
