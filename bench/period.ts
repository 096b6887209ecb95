/** The usage period the benchmarks claim in: open today (the bot runs on the real clock); BENCH_PERIOD overrides it. */
export const BENCH_PERIOD = process.env.BENCH_PERIOD ?? currentQuarter(new Date());

/** The period's first day: a document date inside the period and never in the future. */
export function firstDayOf(period: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!m) throw new Error(`BENCH_PERIOD must be a quarter like 2026-Q4, not ${period}`);
  return `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
}

function currentQuarter(now: Date): string {
  return `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
}
