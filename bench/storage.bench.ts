/**
 * npm run bench:storage — the storage layer at 100,000 claims (docs/STORAGE.md "Figures").
 *
 * Seeds 50 tenants × 2,000 claims (10 programs, 8 quarterly periods, a realistic status mix) with
 * their History, list entries, overview rows and funds ledgers, in the shapes the repositories
 * store (bench/storage/seed.ts); creates the app's indexes with ensureIndexes (plus GIN indexes on
 * FerretDB-PostgreSQL, see below); checks that the real repositories read the seed back; prints,
 * for each measured operation, the commands it sends and the engine's plan for each of its
 * queries (taken from the driver's command monitoring, so they are the app's own queries); then
 * times the real service calls one after another (p50/p95 after a warm-up) and prints a table
 * with the targets.
 *
 * Engine: MONGODB_URI if set; otherwise this script re-runs itself under a throwaway FerretDB —
 * on PostgreSQL (scripts/ferretdb-pg.sh) when pg_ctl is installed, else on SQLite
 * (scripts/ferretdb.sh). Knobs: BENCH_TENANTS (50), BENCH_CLAIMS_PER_TENANT (2000),
 * BENCH_ITERATIONS (20, at least 20), BENCH_WARMUP (2), BENCH_BUDGET_SECONDS (75 per operation,
 * applies only beyond 20 calls), BENCH_KEEP_DB=1 (do not drop the database).
 */
import { MongoClient } from 'mongodb';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import type { ActorContext, Viewer } from '../src/domain/actor';
import { ClaimService } from '../src/domain/claim.service';
import { systemClock } from '../src/domain/clock';
import { FundsService } from '../src/domain/funds.service';
import { OverviewService } from '../src/domain/overview.service';
import { ReviewService } from '../src/domain/review.service';
import { MongoClaimRepository } from '../src/store/claims.repository';
import { MongoFundsLedger } from '../src/store/funds-ledger.repository';
import { COLLECTIONS, ensureIndexes } from '../src/store/mongo';
import { MongoProgramRepository } from '../src/store/programs.repository';
import { MongoRates } from '../src/store/rates.repository';
import { MongoReviewCards } from '../src/store/review-cards.repository';
import { MongoTenantSettings } from '../src/store/settings.repository';
import { createGinIndexes, describeEngine, GIN_FIELDS, rerunUnderFerretDb } from './storage/engine';
import { measure, measureConcurrent, measurePrepared, MIN_SAMPLES, table, type Measurement } from './storage/measure';
import { channelId, CHANNELS, partner, PARTNERS, seed, tenantId, type SeededClaim } from './storage/seed';
import { CommandTrace, explainTrace } from './storage/trace';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 50);
const CLAIMS_PER_TENANT = Number(process.env.BENCH_CLAIMS_PER_TENANT ?? 2000);
const ITERATIONS = Math.max(MIN_SAMPLES, Number(process.env.BENCH_ITERATIONS ?? 20));
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
/** Per operation: stop early (the table marks it with *) rather than run for ever on a slow engine. */
const BUDGET_MS = Number(process.env.BENCH_BUDGET_SECONDS ?? 75) * 1000;
/** Issue #4: the overview of one tenant. */
const OVERVIEW_TARGET_MS = 100;
/** Issue #12 "At scale": list page, claim card, status-changing commit; and the comment (the bot's budget per card). */
const INTERACTION_TARGET_MS = 100;
/** The `claims` command's page size (src/bot/commands/claims.command.ts). */
const PAGE_SIZE = 10;

function admin(tenant: string): ActorContext {
  return {
    tenantId: tenant,
    person: { id: `29:${tenant}-bench-admin`, aadObjectId: `aad-${tenant}-bench-admin`, name: 'Bench Admin' },
    roles: ['admin'],
  };
}

/** An admin sees every claim of the tenant from any conversation. */
function anywhere(actor: ActorContext): Viewer {
  return { conversationId: '', actor: async () => actor };
}

function reviewer(tenant: string): ActorContext {
  return {
    tenantId: tenant,
    person: { id: `29:${tenant}-bench-reviewer`, aadObjectId: `aad-${tenant}-bench-reviewer`, name: 'Bench Reviewer' },
    roles: ['reviewer'],
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
  // As connectMongo (src/store/mongo.ts) connects, plus command monitoring for the traces below.
  const client = new MongoClient(uri, {
    appName: 'coop-claims-bot-storage-bench',
    ignoreUndefined: true,
    serverSelectionTimeoutMS: 15_000,
    maxPoolSize: 50,
    monitorCommands: true,
  });
  await client.connect();
  const db = client.db(dbName);
  const trace = new CommandTrace(client);
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

    let t0 = Date.now();
    const missing = await ensureIndexes(db);
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
    const ledger = new MongoFundsLedger(db);
    const funds = new FundsService(ledger, claimsRepo, programsRepo, new MongoRates(db), systemClock);
    const claimsService = new ClaimService(claimsRepo, programsRepo, funds, systemClock);
    const overviewService = new OverviewService(claimsRepo, programsRepo, funds, systemClock);
    const reviewService = new ReviewService(
      claimsRepo,
      claimsService,
      funds,
      new MongoTenantSettings(db),
      new MongoReviewCards(db),
      systemClock,
    );

    const sample = seeded.sample;
    const claimAt = (i: number) => sample[(i * 37) % sample.length]!; // spread over tenants
    const submitted = sample.filter((c) => c.status === 'Submitted');
    const probe = sample[0]!;

    // ---- sanity: the real repositories read the seed back, and the measured code answers correctly ----
    const checks: string[] = [];
    const check = (ok: boolean, what: string) => checks.push(`${ok ? 'ok   ' : 'WRONG'} ${what}`);
    const got = await claimsRepo.get(probe.tenantId, probe.id);
    check(got?.version === probe.version, `get(${probe.number}) is at the seeded version ${probe.version}`);
    const entry = await ledger.latest({
      tenantId: probe.tenantId,
      programCode: probe.programCode,
      periodCode: probe.periodCode,
    });
    check(entry !== undefined && Object.keys(entry.holds).length > 0, 'funds ledger: latest() finds the seeded entry');
    const page = await claimsService.list(admin(probe.tenantId), {}, undefined, 0, PAGE_SIZE);
    check(
      page.total === CLAIMS_PER_TENANT &&
        page.items[0]?.number === `CLM-${String(CLAIMS_PER_TENANT).padStart(6, '0')}` &&
        page.items.length === Math.min(PAGE_SIZE, CLAIMS_PER_TENANT),
      `claims list: total ${page.total} (expected ${CLAIMS_PER_TENANT}), newest first (${page.items[0]?.number})`,
    );
    const deep = await claimsService.list(admin(probe.tenantId), {}, undefined, 20, PAGE_SIZE);
    const expectedDeep = CLAIMS_PER_TENANT - 20 * PAGE_SIZE;
    check(
      deep.items[0]?.number === `CLM-${String(expectedDeep).padStart(6, '0')}`,
      `claims list page 21 starts at CLM-${String(expectedDeep).padStart(6, '0')} (${deep.items[0]?.number})`,
    );
    const ov = await overviewService.overview(admin(probe.tenantId));
    const total = ov.lines.reduce((s, l) => s + l.total, 0);
    check(total === CLAIMS_PER_TENANT, `overview counts ${total} claims in ${ov.lines.length} lines`);
    const card = await claimsService.load(admin(probe.tenantId), probe.id);
    check(card.funds.earnedMinor !== undefined, 'claim card: the funds picture has the earned funds');
    if (submitted.length < WARMUP + ITERATIONS + 1)
      throw new Error(`only ${submitted.length} submitted claims in the sample; seed more claims per tenant`);
    for (const c of checks) console.log(`check: ${c}`);
    console.log('');

    // ---- the operations measured (also traced and explained) ----
    type Op = {
      readonly name: string;
      readonly targetMs?: number;
      readonly run: (i: number) => Promise<unknown>;
    };
    const tenantOf = (i: number) => tenantId(i % TENANTS);
    const lists: Op[] = [
      {
        name: '`claims` list page (ClaimService.list: page 1, 10 rows)',
        targetMs: INTERACTION_TARGET_MS,
        run: (i) => claimsService.list(admin(tenantOf(i)), {}, undefined, 0, PAGE_SIZE),
      },
      {
        name: '  `claims` page 21 (skip 200)',
        run: (i) => claimsService.list(admin(tenantOf(i)), {}, undefined, 20, PAGE_SIZE),
      },
      {
        name: '  `claims submitted` (8 % of claims)',
        run: (i) => claimsService.list(admin(tenantOf(i)), { status: 'Submitted' }, undefined, 0, PAGE_SIZE),
      },
      {
        name: '  `claims paid` (36 % of claims)',
        run: (i) => claimsService.list(admin(tenantOf(i)), { status: 'Paid' }, undefined, 0, PAGE_SIZE),
      },
      {
        name: '  `claims ADD-PC 2026-Q3` (program + period)',
        run: (i) =>
          claimsService.list(
            admin(tenantOf(i)),
            { programCode: 'ADD-PC', periodCode: '2026-Q3' },
            undefined,
            0,
            PAGE_SIZE,
          ),
      },
      {
        name: `  \`claims mine\` (one of ${PARTNERS} partners)`,
        run: (i) => {
          const t = tenantOf(i);
          const me: ActorContext = { tenantId: t, person: partner(t, 1 + (i % PARTNERS)), roles: ['user'] };
          return claimsService.list(me, { mine: true }, undefined, 0, PAGE_SIZE);
        },
      },
      {
        name: `  colleague: \`claims\` in one of ${CHANNELS} channels`,
        run: (i) => {
          const t = tenantOf(i);
          const colleague: ActorContext = { tenantId: t, person: partner(t, 99), roles: [] };
          return claimsService.list(colleague, {}, channelId(t, 1 + (i % CHANNELS)), 0, PAGE_SIZE);
        },
      },
    ];
    const ops: Op[] = [
      {
        name: 'overview of one tenant (OverviewService.overview)',
        targetMs: OVERVIEW_TARGET_MS,
        run: (i) => overviewService.overview(admin(tenantOf(i))),
      },
      ...lists,
      {
        name: 'claim card load (ClaimService.load: claim + picture)',
        targetMs: INTERACTION_TARGET_MS,
        run: (i) => claimsService.load(admin(claimAt(i).tenantId), claimAt(i).id),
      },
      {
        name: 'History: last 10 events (ClaimService.history)',
        targetMs: INTERACTION_TARGET_MS,
        run: (i) =>
          claimsService.history(admin(claimAt(i).tenantId), claimAt(i).id, 0, anywhere(admin(claimAt(i).tenantId))),
      },
    ];

    // Comments and pick-ups change the claims: each call takes another claim at its current version.
    const versions = new Map(sample.map((c) => [c.id, c.version]));
    const commentOn = async (c: SeededClaim, i: number) => {
      const picture = await claimsService.comment(
        admin(c.tenantId),
        c.id,
        versions.get(c.id)!,
        `bench comment ${i}`,
        anywhere(admin(c.tenantId)),
      );
      versions.set(c.id, picture.claim.version);
    };
    const pickUp = async (c: SeededClaim) => {
      const picture = await reviewService.pickUp(reviewer(c.tenantId), c.id, versions.get(c.id)!);
      versions.set(c.id, picture.claim.version);
      return picture;
    };
    let pickedUp = 0;
    const nextSubmitted = () => submitted[pickedUp++]!;

    console.log(
      'What each operation sends (one call, from the driver’s command monitoring) and how the engine runs it:',
    );
    const traced: [string, () => Promise<unknown>][] = [
      ...ops.map((o): [string, () => Promise<unknown>] => [o.name, () => o.run(1)]),
      ['comment (ClaimService.comment)', () => commentOn(sample[sample.length - 1]!, -1)],
      ['commit touching status (ReviewService.pickUp)', () => pickUp(nextSubmitted())],
    ];
    for (const [name, run] of traced) {
      const t = await trace.run(dbName, run);
      console.log(`- ${name.trim()}: ${t.reads} reads, ${t.writes} writes — ${t.summary}`);
      for (const l of await explainTrace(db, t)) console.log(`    ${l}`);
    }
    console.log('');

    // ---- measurements ----
    const rows: Measurement[] = [];
    const opts = { iterations: ITERATIONS, warmup: WARMUP, budgetMs: BUDGET_MS };
    console.log(`measuring (${ITERATIONS} iterations each after ${WARMUP} warm-up calls, one call at a time)…`);
    for (const o of ops) rows.push(await measure(o.name, { ...opts, targetMs: o.targetMs }, o.run));
    rows.push(
      await measure(
        'comment (ClaimService.comment, a different claim each)',
        { ...opts, targetMs: INTERACTION_TARGET_MS },
        (i) => commentOn(sample[(i * 53 + 11) % sample.length]!, i),
      ),
    );
    rows.push(
      await measurePrepared(
        'commit touching status (ReviewService.pickUp: Submitted → In review, + list entry + overview row)',
        { ...opts, targetMs: INTERACTION_TARGET_MS },
        async () => nextSubmitted(),
        (_i, c) => pickUp(c),
      ),
    );
    rows.push(
      await measureConcurrent(
        'overview, 4 tenants at once (informational)',
        { rounds: Math.ceil(MIN_SAMPLES / 4), concurrency: 4, warmup: 1, budgetMs: BUDGET_MS },
        (i) => overviewService.overview(admin(tenantId((i * 7) % TENANTS))),
      ),
    );

    // The pick-ups really committed: History, list and overview agree with the claim.
    const last = submitted[pickedUp - 1]!;
    const h = await claimsService.history(admin(last.tenantId), last.id, 0, anywhere(admin(last.tenantId)));
    const inReview = await claimsService.list(admin(last.tenantId), { status: 'InReview' }, undefined, 0, 1000);
    console.log(
      `check: ${pickedUp} pick-ups committed; the last one's History starts with ${h.events.items[0]?.type} at seq ${h.events.items[0]?.seq} = version ${h.claim.version}; it is ${inReview.items.some((c) => c.id === last.id) ? '' : 'NOT (WRONG) '}in \`claims in review\``,
    );

    // Once: a tenant whose claims were stored before claim_list / overview_rows existed.
    const lazyTenant = tenantId(TENANTS - 1);
    await db.collection(COLLECTIONS.claimList).deleteMany({ tenantId: lazyTenant });
    await db.collection(COLLECTIONS.overviewRows).deleteMany({ tenantId: lazyTenant });
    const tLazy = Date.now();
    const rebuilt = await overviewService.overview(admin(lazyTenant));
    console.log(
      `once: first overview of a tenant without claim_list entries and overview_rows (lists its ${CLAIMS_PER_TENANT} claims, builds ${rebuilt.lines.length} rows): ${Date.now() - tLazy} ms`,
    );
    console.log('');

    console.log(`engine: ${engine.label}; ${availableParallelism()} cores`);
    console.log(table(rows));
    if (rows.some((r) => r.cut))
      console.log(`* stopped early: the ${BUDGET_MS / 1000} s budget per operation ran out (BENCH_BUDGET_SECONDS)`);
    console.log('');
    for (const r of rows.filter((x) => x.targetMs !== undefined)) {
      console.log(
        `${r.p95 < r.targetMs! ? 'MET   ' : 'MISSED'} ${r.name.trim()}: p95 ${r.p95.toFixed(1)} ms (target < ${r.targetMs} ms)`,
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
