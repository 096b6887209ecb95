export interface Measurement {
  readonly name: string;
  readonly iterations: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly mean: number;
  /** p95 target in ms; undefined = informational. */
  readonly targetMs?: number;
  readonly note?: string;
  /** True when the time budget ran out before the planned iterations. */
  readonly cut?: boolean;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Never fewer timed calls than this, whatever the budget. */
export const MIN_SAMPLES = 20;

/**
 * Runs `op(i)` `warmup` times unmeasured, then `iterations` times one after another, each timed
 * on its own (wall clock, milliseconds). Beyond MIN_SAMPLES it stops early (and says so) once
 * `budgetMs` is spent, so a slow engine cannot make a long run endless.
 */
export async function measure(
  name: string,
  options: { iterations: number; warmup: number; budgetMs: number; targetMs?: number; note?: string },
  op: (i: number) => Promise<unknown>,
): Promise<Measurement> {
  return measurePrepared(
    name,
    options,
    async () => undefined,
    (i) => op(i),
  );
}

/** As measure(), with an untimed `prepare(i)` before each call whose result the call gets. */
export async function measurePrepared<T>(
  name: string,
  options: { iterations: number; warmup: number; budgetMs: number; targetMs?: number; note?: string },
  prepare: (i: number) => Promise<T>,
  op: (i: number, prepared: T) => Promise<unknown>,
): Promise<Measurement> {
  const deadline = Date.now() + options.budgetMs;
  for (let i = 0; i < options.warmup; i++) await op(i, await prepare(i));
  const times: number[] = [];
  for (let i = 0; i < options.iterations && (i < MIN_SAMPLES || Date.now() < deadline); i++) {
    const prepared = await prepare(options.warmup + i);
    const t0 = process.hrtime.bigint();
    await op(options.warmup + i, prepared);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return summarize(name, times, options.iterations, options);
}

/** Runs `concurrency` callers at once, `rounds` times; each call is timed on its own. */
export async function measureConcurrent(
  name: string,
  options: { rounds: number; concurrency: number; warmup: number; budgetMs: number; targetMs?: number; note?: string },
  op: (i: number) => Promise<unknown>,
): Promise<Measurement> {
  const deadline = Date.now() + options.budgetMs;
  let n = 0;
  for (let i = 0; i < options.warmup; i++)
    await Promise.all(Array.from({ length: options.concurrency }, () => op(n++)));
  const times: number[] = [];
  for (
    let round = 0;
    round < options.rounds && (round * options.concurrency < MIN_SAMPLES || Date.now() < deadline);
    round++
  ) {
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        const t0 = process.hrtime.bigint();
        await op(n++);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }),
    );
  }
  return summarize(name, times, options.rounds * options.concurrency, options);
}

/** Percentiles of the timed calls; `cut` when the time budget stopped the run before `planned` calls. */
function summarize(
  name: string,
  times: number[],
  planned: number,
  options: { targetMs?: number; note?: string },
): Measurement {
  times.sort((a, b) => a - b);
  return {
    name,
    cut: times.length < planned,
    iterations: times.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: times[times.length - 1] ?? 0,
    mean: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length),
    targetMs: options.targetMs,
    note: options.note,
  };
}

export function verdict(m: Measurement): string {
  if (m.targetMs === undefined) return 'n/a';
  return m.p95 < m.targetMs ? `met (< ${m.targetMs})` : `MISSED (< ${m.targetMs})`;
}

/** A Markdown table, so the output can be pasted into docs as it is. */
export function table(rows: readonly Measurement[]): string {
  const head = ['operation', 'n', 'p50 ms', 'p95 ms', 'max ms', 'p95 target'];
  const lines = rows.map((r) => [
    r.name,
    `${r.iterations}${r.cut ? '*' : ''}`,
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.max.toFixed(1),
    verdict(r),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = widths.map((w, i) => (i === 0 || i === head.length - 1 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`));
  return [fmt(head), `|${rule.join('|')}|`, ...lines.map(fmt)].join('\n');
}
