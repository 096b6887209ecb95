import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from 'mongodb';
import { COLLECTIONS } from '../../src/store/mongo';

const ROOT = resolve(__dirname, '..', '..', '..');

/** Set in the child so a wrapper that fails to export MONGODB_URI cannot make us recurse. */
const WRAPPED = 'STORAGE_BENCH_WRAPPED';

function pgCtl(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  for (const v of readdirSync(base).sort().reverse()) {
    const p = join(base, v, 'bin', 'pg_ctl');
    if (existsSync(p)) return p;
  }
  return undefined;
}

/**
 * Without MONGODB_URI, runs this same script again under a throwaway FerretDB: on PostgreSQL when
 * pg_ctl is installed, else on SQLite. Returns the child's exit code, or undefined when
 * MONGODB_URI is set and the caller should run the benchmark itself.
 */
export async function rerunUnderFerretDb(): Promise<number | undefined> {
  if (process.env.MONGODB_URI) return undefined;
  if (process.env[WRAPPED]) throw new Error('the FerretDB wrapper did not export MONGODB_URI');
  const ctl = pgCtl();
  const script = join(ROOT, 'scripts', ctl ? 'ferretdb-pg.sh' : 'ferretdb.sh');
  console.log(
    ctl
      ? `MONGODB_URI is not set: running under FerretDB on a throwaway PostgreSQL (scripts/ferretdb-pg.sh, found ${ctl}).`
      : 'MONGODB_URI is not set and PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl): running under FerretDB on SQLite (scripts/ferretdb.sh).',
  );
  const child = spawn(
    'bash',
    [script, 'run', '--', process.execPath, ...process.execArgv, process.argv[1]!, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        [WRAPPED]: '1',
        STORAGE_BENCH_STARTED_BY: `scripts/${ctl ? 'ferretdb-pg.sh' : 'ferretdb.sh'}`,
      },
    },
  );
  return new Promise((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit(code ?? (signal ? 1 : 0)));
  });
}

export type EngineKind = 'mongodb' | 'ferretdb-pg' | 'ferretdb-sqlite' | 'ferretdb' | 'other';

export interface Engine {
  readonly kind: EngineKind;
  readonly label: string;
}

export async function describeEngine(db: Db): Promise<Engine> {
  const info = (await db.admin().command({ buildInfo: 1 })) as { version?: string; ferretdbVersion?: string };
  if (info.ferretdbVersion) {
    const env = process.env.MONGODB_ENGINE;
    const kind: EngineKind =
      env === 'ferretdb-pg' ? 'ferretdb-pg' : env === 'ferretdb' ? 'ferretdb-sqlite' : 'ferretdb';
    const backend =
      kind === 'ferretdb-pg'
        ? `PostgreSQL ${postgresVersion() ?? ''}`.trim()
        : kind === 'ferretdb-sqlite'
          ? 'SQLite'
          : 'unknown backend';
    return { kind, label: `FerretDB ${info.ferretdbVersion} (${backend}; reports MongoDB ${info.version})` };
  }
  let label = `MongoDB-compatible server reporting version ${info.version ?? '?'}`;
  try {
    const hello = (await db.admin().command({ hello: 1 })) as { setName?: string; msg?: string };
    label += hello.setName ? `, replica set ${hello.setName}` : hello.msg === 'isdbgrid' ? ', mongos' : ', standalone';
  } catch {
    // not every engine answers hello
  }
  return { kind: info.version ? 'mongodb' : 'other', label };
}

function postgresVersion(): string | undefined {
  const url = process.env.FERRETDB_PG_URL;
  if (!url) return undefined;
  try {
    return psql(url, 'SHOW server_version').trim();
  } catch {
    return undefined;
  }
}

function psql(url: string, sql: string): string {
  return execFileSync('psql', [url, '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * The fields the app filters on by equality, which FerretDB's PostgreSQL backend pushes down as
 * `_jsonb->'field' @> '"value"'`. A btree index (what createIndexes makes) cannot serve `@>`;
 * a GIN index on the same expression can, and PostgreSQL combines two of them (BitmapAnd).
 * Dotted paths are not pushed down (no index helps them). docs/STORAGE.md section 7 lists the same.
 */
export const GIN_FIELDS: Readonly<Record<string, readonly string[]>> = {
  [COLLECTIONS.claims]: ['_id', 'tenantId', 'number', 'version'],
  [COLLECTIONS.events]: ['_id', 'claimId'],
  [COLLECTIONS.claimList]: ['tenantId', 'block', 'claimId'],
  [COLLECTIONS.overviewRows]: ['_id', 'tenantId'],
  [COLLECTIONS.counters]: ['_id'],
  [COLLECTIONS.programs]: ['_id', 'tenantId'],
  [COLLECTIONS.programFunds]: ['tenantId'],
  [COLLECTIONS.fundsLedger]: ['tenantId', 'periodCode'],
  [COLLECTIONS.rates]: ['_id', 'tenantId'],
};

/**
 * Creates the GIN indexes through psql on FerretDB's tables (found in FerretDB's
 * `_ferretdb_database_metadata` table of the database's schema), then ANALYZEs every table.
 * Returns one line per index created.
 */
export function createGinIndexes(pgUrl: string, dbName: string): string[] {
  const schema = `"${dbName.replace(/"/g, '""')}"`;
  const rows = psql(
    pgUrl,
    `SELECT _jsonb->>'_id', _jsonb->>'table' FROM ${schema}._ferretdb_database_metadata ORDER BY 1`,
  )
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('|') as [string, string]);
  const tables = new Map(rows);
  const done: string[] = [];
  for (const [collection, fields] of Object.entries(GIN_FIELDS)) {
    const table = tables.get(collection);
    if (!table) continue;
    for (const field of fields) {
      const name = `gin_${table}_${field.replace(/\W/g, '')}`.slice(0, 63);
      psql(pgUrl, `CREATE INDEX IF NOT EXISTS "${name}" ON ${schema}."${table}" USING gin ((_jsonb->'${field}'))`);
      done.push(`${collection} (table ${table}): CREATE INDEX ${name} USING gin ((_jsonb->'${field}'))`);
    }
  }
  for (const table of tables.values()) psql(pgUrl, `ANALYZE ${schema}."${table}"`);
  return done;
}

type Json = Record<string, unknown>;

function findKey(node: unknown, key: string): unknown {
  if (!node || typeof node !== 'object') return undefined;
  if (key in (node as Json)) return (node as Json)[key];
  for (const v of Object.values(node as Json)) {
    const found = findKey(v, key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** MongoDB: the winning plan as a chain of stages, e.g. `PROJECTION ← FETCH ← IXSCAN tenant_overview`. */
function mongoPlan(plan: unknown): string {
  const parts: string[] = [];
  let node = plan as Json | undefined;
  while (node && typeof node === 'object') {
    if (node.queryPlan) node = node.queryPlan as Json;
    const stage = String(node.stage ?? '?');
    parts.push(node.indexName ? `${stage} ${String(node.indexName)}` : stage);
    node = (node.inputStage ?? (Array.isArray(node.inputStages) ? node.inputStages[0] : undefined)) as Json | undefined;
  }
  return parts.join(' ← ');
}

/** PostgreSQL (through FerretDB): the EXPLAIN tree, one line per node, with index and conditions. */
function pgPlan(plan: unknown, depth = 0): string[] {
  if (!plan || typeof plan !== 'object') return [];
  const p = plan as Json;
  const bits = [String(p['Node Type'] ?? '?')];
  if (p['Index Name']) bits.push(`using ${String(p['Index Name'])}`);
  if (p['Relation Name']) bits.push(`on ${String(p['Relation Name'])}`);
  for (const k of ['Index Cond', 'Recheck Cond', 'Filter']) if (p[k]) bits.push(`${k}: ${String(p[k])}`);
  if (p['Plan Rows'] !== undefined) bits.push(`(est. rows ${String(p['Plan Rows'])})`);
  const lines = [`${'  '.repeat(depth)}${bits.join(' ')}`];
  for (const child of (p.Plans as unknown[] | undefined) ?? []) lines.push(...pgPlan(child, depth + 1));
  return lines;
}

/** Whatever the engine's explain returns, reduced to the lines that say how the query ran. */
export function explainLines(explain: unknown): string[] {
  const e = explain as Json;
  if ('filterPushdown' in e) {
    const lines = [
      `FerretDB pushdown: filter=${String(e.filterPushdown)} sort=${String(e.sortPushdown)} limit=${String(e.limitPushdown)}`,
    ];
    const qp = e.queryPlanner as Json | undefined;
    const plan = qp?.Plan;
    if (plan && typeof plan === 'object' && !Array.isArray(plan) && 'Node Type' in plan)
      lines.push(...pgPlan(plan).map((l) => `PostgreSQL plan: ${l}`));
    else lines.push(`queryPlanner: ${JSON.stringify(qp ?? null).slice(0, 400)}`);
    return lines;
  }
  const winning = findKey(e, 'winningPlan');
  if (winning) {
    const lines = [`winning plan: ${mongoPlan(winning)}`];
    for (const k of ['totalDocsExamined', 'totalKeysExamined', 'nReturned', 'executionTimeMillis']) {
      const v = findKey(e, k);
      if (v !== undefined) lines.push(`${k}: ${String(v)}`);
    }
    return lines;
  }
  return [`explain: ${JSON.stringify(e).slice(0, 600)}`];
}
