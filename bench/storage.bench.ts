/**
 * npm run bench:storage — the storage layer at 100,000 claims (docs/STORAGE.md "Figures").
 *
 * Seeds 50 tenants × 2,000 claims (10 programs, 8 usage periods, a realistic status mix) with their
 * History events and document rows, shaped exactly as the repositories store them; creates the
 * app's indexes with ensureIndexes (plus GIN indexes on FerretDB-PostgreSQL, see below); then times
 * the real repository and service classes one call after another (p50/p95 after a warm-up) and
 * prints a table with the targets.
 *
 * Engine: MONGODB_URI if set; otherwise this script re-runs itself under a throwaway FerretDB —
 * on PostgreSQL (scripts/ferretdb-pg.sh) when pg_ctl is installed, else on SQLite
 * (scripts/ferretdb.sh). Knobs: BENCH_TENANTS (50), BENCH_CLAIMS_PER_TENANT (2000),
 * BENCH_ITERATIONS (20, at least 20), BENCH_WARMUP (2), BENCH_BUDGET_SECONDS (75 per operation,
 * applies only beyond 20 calls),
 * BENCH_KEEP_DB=1 (do not drop the database).
 */
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import type { ActorContext } from '../src/domain/actor';
import { ClaimService } from '../src/domain/claim.service';
import { systemClock } from '../src/domain/clock';
import { OverviewService } from '../src/domain/overview.service';
import { MongoClaimRepository } from '../src/store/claims.repository';
import { FundsService } from '../src/domain/funds.service';
import { MongoFundsLedger } from '../src/store/funds-ledger.repository';
import { MongoRates } from '../src/store/rates.repository';
import { COLLECTIONS, connectMongo, ensureIndexes } from '../src/store/mongo';
import { MongoProgramRepository } from '../src/store/programs.repository';
import { createGinIndexes, describeEngine, explainLines, GIN_FIELDS, rerunUnderFerretDb } from './storage/engine';
import { measure, measureConcurrent, measurePrepared, MIN_SAMPLES, table, type Measurement } from './storage/measure';
import { fundsUseFromSummaries, listFromSummaries, refreshRowFromSummaries } from './storage/proposals';
import { seed, SUMMARIES, tenantId } from './storage/seed';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 50);
const CLAIMS_PER_TENANT = Number(process.env.BENCH_CLAIMS_PER_TENANT ?? 2000);
const ITERATIONS = Math.max(MIN_SAMPLES, Number(process.env.BENCH_ITERATIONS ?? 20));
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
/** Per operation: stop early (the table marks it with *) rather than run for ever on a slow engine. */
const BUDGET_MS = Number(process.env.BENCH_BUDGET_SECONDS ?? 75) * 1000;
/** Issue #4: the overview of one tenant. */
const OVERVIEW_TARGET_MS = 100;
/** The other reads and the comment: the bot's whole budget per card (npm run bench: p99 < 100 ms end to end). */
const INTERACTION_TARGET_MS = 100;

function actorOf(tenant: string): ActorContext {
  return {
    tenantId: tenant,
    person: { id: `29:${tenant}-bench-admin`, aadObjectId: `aad-${tenant}-bench-admin`, name: 'Bench Admin' },
    roles: ['admin'],
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main(): Promise<number> {
  const wrapped = await rerunUnderFerretDb();
  if (wrapped !== undefined) return wrapped;

  const started = Date.now();
  const uri = process.env.MONGODB_URI!;
  const dbName = `storage_bench_${Date.now()}`;
  const { client, db } = await connectMongo({ uri, dbName, serverSelectionTimeoutMS: 15_000 });
  try {
    const engine = await describeEngine(db);
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    console.log(`date:    ${new Date().toISOString()}`);
    console.log(
      `engine:  ${engine.label}${process.env.STORAGE_BENCH_STARTED_BY ? ` — started by ${process.env.STORAGE_BENCH_STARTED_BY}` : ''}`,
    );
    console.log(
      `machine: ${availableParallelism()} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`,
    );
    console.log(
      `load:    ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (1/5/15 min load average when the run started; other processes share the cores)`,
    );
    console.log(
      `data:    ${TENANTS} tenants × ${CLAIMS_PER_TENANT} claims, 10 programs, 8 usage periods; database ${dbName}`,
    );
    console.log('');

    // ---- seed ----
    console.log('seeding (insertMany of 1,000, 2 in flight)…');
    const seeded = await seed(db, { tenants: TENANTS, claimsPerTenant: CLAIMS_PER_TENANT }, (l) => console.log(l));
    const counts = Object.entries(seeded.counts)
      .map(([c, n]) => `${c} ${n.toLocaleString('en-US')}`)
      .join(', ');
    console.log(`seeded in ${seconds(seeded.ms)}: ${counts}`);
    console.log(
      `  (${SUMMARIES} is not an app collection: the projection docs/STORAGE.md proposes, measured as "proposal" rows)`,
    );

    let t0 = Date.now();
    const missing = await ensureIndexes(db);
    await db.collection(SUMMARIES).createIndexes([
      { key: { tenantId: 1, createdAt: -1 }, name: 'tenant_created' },
      { key: { tenantId: 1, programCode: 1, periodCode: 1 }, name: 'tenant_program_period' },
    ]);
    console.log(
      `ensureIndexes (the app's indexes, src/store/mongo.ts INDEXES) in ${seconds(Date.now() - t0)}${missing.length ? `; not supported here: ${missing.join('; ')}` : ''}`,
    );
    if (engine.kind === 'ferretdb-pg') {
      const pgUrl = process.env.FERRETDB_PG_URL;
      if (!pgUrl) {
        console.log(
          'FerretDB on PostgreSQL but FERRETDB_PG_URL is not set: no GIN indexes; equality filters will be sequential scans.',
        );
      } else {
        t0 = Date.now();
        const made = createGinIndexes(pgUrl, dbName);
        console.log(
          `GIN indexes created through psql on FerretDB's tables (+ ANALYZE) in ${seconds(Date.now() - t0)}:`,
        );
        for (const l of made) console.log(`  ${l}`);
      }
    } else if (engine.kind === 'ferretdb-sqlite') {
      console.log(
        'FerretDB on SQLite: only a filter that is exactly {_id: …} is pushed down; every other query (also {_id, tenantId}) reads the whole collection; no index changes that.',
      );
    } else if (engine.kind === 'ferretdb') {
      console.log(
        `FerretDB with an unknown backend (MONGODB_ENGINE not set): no GIN indexes made (fields that would need them: ${JSON.stringify(GIN_FIELDS)}).`,
      );
    }
    console.log('');

    const claimsRepo = new MongoClaimRepository(db);
    const programsRepo = new MongoProgramRepository(db);
    const funds = new FundsService(new MongoFundsLedger(db), claimsRepo, programsRepo, new MongoRates(db), systemClock);
    const claimsService = new ClaimService(claimsRepo, programsRepo, funds, systemClock);
    const overviewService = new OverviewService(claimsRepo, programsRepo, funds, systemClock);

    // ---- how the engine runs the hot queries ----
    const probe = seeded.sample[0]!;
    const explains: [string, () => Promise<unknown>][] = [
      [
        'overview (overview_rows: tenantId)',
        () => db.collection(COLLECTIONS.overviewRows).find({ tenantId: probe.tenantId }).explain('executionStats'),
      ],
      [
        'overview row refresh on a status change (claims: tenantId, programCode, period.code, version ≥ 1)',
        () =>
          db
            .collection(COLLECTIONS.claims)
            .find(
              {
                tenantId: probe.tenantId,
                programCode: probe.programCode,
                'period.code': probe.periodCode,
                version: { $gte: 1 },
              },
              { projection: { status: 1, claimedMinor: 1, approvedMinor: 1 } },
            )
            .explain('executionStats'),
      ],
      [
        'claims list page (tenantId, version ≥ 1, sort createdAt -1, limit 10)',
        () =>
          db
            .collection(COLLECTIONS.claims)
            .find({ tenantId: probe.tenantId, version: { $gte: 1 } })
            .sort({ createdAt: -1 })
            .limit(10)
            .explain('executionStats'),
      ],
      [
        'claim by id (_id, tenantId)',
        () =>
          db
            .collection(COLLECTIONS.claims)
            .find({ _id: probe.id as never, tenantId: probe.tenantId })
            .explain('executionStats'),
      ],
      [
        'History page (tenantId, claimId, sort seq -1, limit 10)',
        () =>
          db
            .collection(COLLECTIONS.events)
            .find({ tenantId: probe.tenantId, claimId: probe.id })
            .sort({ seq: -1 })
            .limit(10)
            .explain('executionStats'),
      ],
    ];
    for (const [name, run] of explains) {
      console.log(`explain — ${name}:`);
      try {
        for (const l of explainLines(await run())) console.log(`  ${l}`);
      } catch (err) {
        console.log(`  explain not available on this engine: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    console.log('');

    // ---- sanity: the measured code answers correctly on this data ----
    const ov = await overviewService.overview(actorOf(probe.tenantId));
    const total = ov.lines.reduce((s, l) => s + l.total, 0);
    const claimed = ov.lines.reduce((s, l) => s + l.claimedMinor, 0);
    console.log(
      `check: overview of ${probe.tenantId} counts ${total} claims in ${ov.lines.length} lines (expected ${CLAIMS_PER_TENANT}); claimed sum ${claimed > 0 ? '> 0' : '= 0 (WRONG)'}`,
    );
    if (total !== CLAIMS_PER_TENANT) console.log('  WARNING: the overview does not count every claim on this engine');

    // ---- measurements ----
    const sample = seeded.sample;
    const claimAt = (i: number) => sample[(i * 37) % sample.length]!; // spread over tenants
    const rows: Measurement[] = [];
    const opts = { iterations: ITERATIONS, warmup: WARMUP, budgetMs: BUDGET_MS };
    console.log(`measuring (${ITERATIONS} iterations each after ${WARMUP} warm-up calls, one call at a time)…`);

    rows.push(
      await measure(
        'overview of one tenant (OverviewService.overview)',
        { ...opts, targetMs: OVERVIEW_TARGET_MS },
        (i) => overviewService.overview(actorOf(tenantId(i % TENANTS))),
      ),
    );
    rows.push(
      await measure(
        'claims list page (list(tenant, {}, skip 0, limit 10))',
        { ...opts, targetMs: INTERACTION_TARGET_MS },
        (i) => claimsRepo.list(tenantId(i % TENANTS), {}, { skip: 0, limit: 10 }),
      ),
    );
    rows.push(
      await measure('claim card load (get + picture())', { ...opts, targetMs: INTERACTION_TARGET_MS }, async (i) => {
        const c = claimAt(i);
        const claim = await claimsService.get(actorOf(c.tenantId), c.id);
        return claimsService.picture(claim);
      }),
    );
    rows.push(
      await measure('  of which the funds picture (informational)', opts, async (i) => {
        const c = claimAt(i);
        return funds.pictureFor(await claimsService.get(actorOf(c.tenantId), c.id));
      }),
    );
    rows.push(
      await measure(
        'History: last 10 events (history(claim, page 0))',
        { ...opts, targetMs: INTERACTION_TARGET_MS },
        (i) => claimsService.history(actorOf(claimAt(i).tenantId), claimAt(i).id, 0),
      ),
    );

    // Comments: each on a different claim, at the version it has now.
    const versions = new Map(sample.map((c) => [c.id, c.version]));
    let commented = 0;
    let lastCommented = sample[0]!;
    rows.push(
      await measure(
        'comment (ClaimService.comment, a different claim each)',
        { ...opts, targetMs: INTERACTION_TARGET_MS },
        async (i) => {
          const c = sample[(i * 53 + 11) % sample.length]!;
          const updated = await claimsService.comment(
            actorOf(c.tenantId),
            c.id,
            versions.get(c.id)!,
            `bench comment ${i}`,
          );
          versions.set(c.id, updated.claim.version);
          commented++;
          lastCommented = c;
        },
      ),
    );
    // The comments really committed: each claim's History has its comment at the claim's version.
    const h = await claimsService.history(actorOf(lastCommented.tenantId), lastCommented.id, 0);
    console.log(
      `check: ${commented} comments committed; last one is seq ${h.events.items[0]?.seq} (${h.events.items[0]?.type}) = claim version ${h.claim.version}`,
    );
    rows.push(
      await measureConcurrent(
        'overview, 4 tenants at once (informational)',
        { rounds: Math.ceil(MIN_SAMPLES / 4), concurrency: 4, warmup: 1, budgetMs: BUDGET_MS },
        (i) => overviewService.overview(actorOf(tenantId((i * 7) % TENANTS))),
      ),
    );
    // A commit whose changes touch the overview fields: MongoClaimRepository.commit then refreshes
    // the claim's program-and-period row. It re-commits the claim's current status (a synthetic
    // History event on bench data), so only the cost is measured, not a change of state.
    rows.push(
      await measurePrepared(
        'commit touching status (+ refreshOverviewRow)',
        { ...opts, targetMs: INTERACTION_TARGET_MS },
        async (i) => {
          const c = sample[(i * 71 + 29) % sample.length]!;
          return (await claimsRepo.get(c.tenantId, c.id))!;
        },
        (_i, claim) =>
          claimsRepo.commit(
            claim,
            {
              type: 'claim.submitted',
              actor: actorOf(claim.tenantId).person,
              at: new Date(),
              data: { from: claim.status, to: claim.status, bench: true },
            },
            { status: claim.status, overviewKey: claim.overviewKey, updatedAt: new Date() },
          ),
      ),
    );
    // Not the app's code: the reads docs/STORAGE.md proposes, on the same data (bench/storage/proposals.ts).
    rows.push(
      await measure('proposal: list page from summaries + 10 claims by _id', opts, (i) =>
        listFromSummaries(db, tenantId(i % TENANTS)),
      ),
    );
    rows.push(
      await measure('proposal: fundsUse from summaries (periodCode pushed down)', opts, (i) => {
        const c = claimAt(i);
        return fundsUseFromSummaries(db, c.tenantId, c.programCode, c.periodCode, c.activityCode, c.id);
      }),
    );
    rows.push(
      await measure('proposal: overview row refresh from summaries', opts, (i) => {
        const c = claimAt(i);
        return refreshRowFromSummaries(db, c.tenantId, c.programCode, c.periodCode);
      }),
    );

    // Once per tenant whose rows were never built (data from before overview_rows): the first
    // overview builds them. Timed once, on the last tenant, after deleting its rows.
    const lazyTenant = tenantId(TENANTS - 1);
    await db.collection(COLLECTIONS.overviewRows).deleteMany({ tenantId: lazyTenant });
    const tLazy = Date.now();
    const rebuilt = await overviewService.overview(actorOf(lazyTenant));
    console.log(
      `once: first overview of a tenant without overview_rows (builds ${rebuilt.lines.length} rows from its ${CLAIMS_PER_TENANT} claims): ${Date.now() - tLazy} ms`,
    );

    console.log('');

    console.log(`engine: ${engine.label}; ${availableParallelism()} cores`);
    console.log(table(rows));
    if (rows.some((r) => r.cut))
      console.log(`* stopped early: the ${BUDGET_MS / 1000} s budget per operation ran out (BENCH_BUDGET_SECONDS)`);
    console.log('');
    for (const r of rows.filter((x) => x.targetMs !== undefined)) {
      console.log(
        `${r.p95 < r.targetMs! ? 'MET   ' : 'MISSED'} ${r.name}: p95 ${r.p95.toFixed(1)} ms (target < ${r.targetMs} ms)`,
      );
    }
    console.log('');
    console.log(
      `seeding ${seconds(seeded.ms)}; total run ${seconds(Date.now() - started)}; load average now ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    return 0;
  } finally {
    if (!process.env.BENCH_KEEP_DB) await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
