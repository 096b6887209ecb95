/**
 * Usage periods and the claim deadline.
 * A period code is one of: `2026` (year), `2026-H1` (half), `2026-Q3` (quarter), `2026-07` (month).
 * Dates are calendar dates in UTC, written `YYYY-MM-DD`; `end` is the last day of the period.
 */
export interface UsagePeriod {
  readonly code: string;
  readonly start: string;
  readonly end: string;
}

/** domain.md: a claim and its documents must be submitted no later than 45 days after the period ends. */
export const CLAIM_DEADLINE_DAYS = 45;
const DAY_MS = 86_400_000;

export const PERIOD_FORMAT_HINT = 'a usage period such as 2026-Q3, 2026-H1, 2026-07 or 2026';

export function parsePeriod(input: string): UsagePeriod | undefined {
  const code = input.trim().toUpperCase();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(code))) return range(code, Number(m[1]), 1, 12);
  if ((m = /^(\d{4})-H([12])$/.exec(code))) {
    const h = Number(m[2]);
    return range(code, Number(m[1]), h * 6 - 5, h * 6);
  }
  if ((m = /^(\d{4})-Q([1-4])$/.exec(code))) {
    const q = Number(m[2]);
    return range(code, Number(m[1]), q * 3 - 2, q * 3);
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(code))) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return undefined;
    return range(code, Number(m[1]), month, month);
  }
  return undefined;
}

function range(code: string, year: number, fromMonth: number, toMonth: number): UsagePeriod | undefined {
  if (year < 2000 || year > 2100) return undefined;
  const start = isoDate(Date.UTC(year, fromMonth - 1, 1));
  const end = isoDate(Date.UTC(year, toMonth, 0)); // day 0 of the next month = last day of this one
  return { code, start, end };
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function dateToMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  return isoDate(dateToMs(date) + days * DAY_MS);
}

/** The last calendar day (UTC) on which a claim for this period can still be submitted. */
export function claimDeadline(period: UsagePeriod): string {
  return addDays(period.end, CLAIM_DEADLINE_DAYS);
}

/** Whole days from today (UTC) until the deadline day: 0 = due today, negative = passed. */
export function daysUntil(deadline: string, now: Date): number {
  const today = dateToMs(isoDate(now.getTime()));
  return Math.round((dateToMs(deadline) - today) / DAY_MS);
}

export function deadlinePassed(deadline: string, now: Date): boolean {
  return daysUntil(deadline, now) < 0;
}

export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const ms = dateToMs(date);
  return Number.isFinite(ms) && isoDate(ms) === date;
}

/** How long a program's usage periods are; fixed with the program's first earned funds. */
export type Granularity = 'month' | 'quarter' | 'half' | 'year';

export const GRANULARITY_LABEL: Record<Granularity, string> = {
  month: 'months (e.g. 2026-11)',
  quarter: 'quarters (e.g. 2026-Q4)',
  half: 'half-years (e.g. 2026-H2)',
  year: 'years (e.g. 2026)',
};

export function granularityOf(code: string): Granularity | undefined {
  const c = code.trim().toUpperCase();
  if (/^\d{4}$/.test(c)) return 'year';
  if (/^\d{4}-H[12]$/.test(c)) return 'half';
  if (/^\d{4}-Q[1-4]$/.test(c)) return 'quarter';
  if (/^\d{4}-\d{2}$/.test(c)) return 'month';
  return undefined;
}

/** The period of `granularity` that contains `date` (YYYY-MM-DD). */
export function periodContaining(date: string, granularity: Granularity): UsagePeriod {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const code =
    granularity === 'year'
      ? `${year}`
      : granularity === 'half'
        ? `${year}-H${month <= 6 ? 1 : 2}`
        : granularity === 'quarter'
          ? `${year}-Q${Math.ceil(month / 3)}`
          : `${year}-${String(month).padStart(2, '0')}`;
  return parsePeriod(code)!;
}

/**
 * The periods a claim can be made for today: started, and whose claim deadline has not passed,
 * newest first (e.g. in November: 2026-Q4, and 2026-Q3 until 14 November).
 */
export function openPeriods(granularity: Granularity, now: Date): UsagePeriod[] {
  const today = isoDate(now.getTime());
  const out: UsagePeriod[] = [];
  let p: UsagePeriod | undefined = periodContaining(today, granularity);
  while (p && !deadlinePassed(claimDeadline(p), now)) {
    out.push(p);
    p = periodContaining(addDays(p.start, -1), granularity);
  }
  return out;
}

/** Why `code` is not a period a claim can be made for now, or undefined when it is one. */
export function periodProblem(code: string, granularity: Granularity, now: Date): string | undefined {
  const period = parsePeriod(code);
  if (!period) return `"${code.trim().slice(0, 20)}" is not a usage period.`;
  if (granularityOf(period.code) !== granularity)
    return `This program's usage periods are ${GRANULARITY_LABEL[granularity]}.`;
  if (period.start > isoDate(now.getTime())) return `${period.code} has not started yet.`;
  if (deadlinePassed(claimDeadline(period), now))
    return `The deadline for ${period.code} claims passed on ${claimDeadline(period)}.`;
  return undefined;
}
