import type { ActorContext } from './actor';
import type { Clock } from './clock';
import { parsePeriod } from './period';
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
  readonly approvedMinor: number;
  readonly earnedMinor: number | undefined;
  /** earned − approved − claimed (never shown below zero by the view). */
  readonly remainingMinor: number | undefined;
}

export class OverviewService {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly programs: ProgramRepository,
    private readonly clock: Clock,
  ) {}

  /** Per program and usage period: claims by status, funds claimed, approved, earned and remaining. */
  async overview(actor: ActorContext): Promise<{ lines: readonly OverviewLine[]; at: Date }> {
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
    };
    const lines = new Map<string, Acc>();
    const lineFor = (programCode: string, periodCode: string): Acc => {
      const key = `${programCode}|${periodCode}`;
      let acc = lines.get(key);
      if (!acc) {
        acc = { programCode, periodCode, counts: {}, total: 0, claimedMinor: 0, approvedMinor: 0 };
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
    return { lines: result, at: this.clock.now() };
  }
}

function periodStart(code: string): string {
  return parsePeriod(code)?.start ?? code;
}
