/**
 * npm run bench — the bot over its real HTTP path (restify + CloudAdapter, auth off, replies to a
 * local Bot Connector stand-in), next to a bare botbuilder echo bot measured in the same run on the
 * same harness. For each scenario: requests/s, p50/p99, the bot process's CPU per request (from
 * /proc/<pid>/stat) and the database commands per request, by name (counted on the wire by a proxy
 * between the bot and its database). Prints figures and the goals of issue 12; asserts nothing.
 *
 * Engine: MONGODB_URI if set (e.g. FerretDB), else an embedded jongodb started here.
 */
import { readFileSync } from 'node:fs';
import { startEmbeddedAzurite } from '../src/store/embedded-azurite';
import { startEmbeddedMongo } from '../src/store/embedded-mongo';
import { ANN, invoke, message, type Where } from '../test/support/activities';
import { ConnectorStandIn } from '../test/support/connector';
import { DbCommandCounter, hostPortOf } from './db-proxy';
import { load, postJson, type LoadResult } from './load';
import { spawnServer, type Spawned } from './spawn';
import { currentQuarter } from './files';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const WARMUP = 300;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface Scenario extends LoadResult {
  readonly cpuMsPerRequest: number | undefined;
  readonly commands: ReadonlyMap<string, number>;
}

function cardData(json: unknown, verb: string): { claimId: string; version: number } | undefined {
  let found: { claimId: string; version: number } | undefined;
  const walk = (n: unknown) => {
    if (found || !n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'Action.Execute' && o.verb === verb) found = o.data as { claimId: string; version: number };
    else Object.values(o).forEach(walk);
  };
  walk(json);
  return found;
}

/** CPU time (ms) the process has used so far, user + system; undefined off Linux. */
function cpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

async function measure(
  name: string,
  bot: Spawned,
  counter: DbCommandCounter | undefined,
  total: number,
  request: (worker: number, i: number) => Promise<boolean>,
): Promise<Scenario> {
  counter?.reset();
  const before = cpuMs(bot.child.pid);
  const result = await load(name, CONNECTIONS, total, request);
  const after = cpuMs(bot.child.pid);
  const commands = new Map([...(counter?.snapshot() ?? new Map<string, number>())].map(([k, v]) => [k, v / total]));
  return {
    ...result,
    cpuMsPerRequest: before === undefined || after === undefined ? undefined : (after - before) / total,
    commands,
  };
}

const fmt = (n: number | undefined, digits = 1) => (n === undefined ? 'n/a' : n.toFixed(digits));
const total = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const byName = (m: ReadonlyMap<string, number>) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${fmt(v, 2)} ${k}`)
    .join(', ') || '—';
const writes = (m: ReadonlyMap<string, number>) =>
  ['insert', 'update', 'delete', 'findAndModify'].reduce((sum, k) => sum + (m.get(k) ?? 0), 0);

function print(rows: readonly Scenario[]): void {
  const head = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'bot CPU ms/req', 'db cmds/req', 'by command', 'errors'];
  const lines = rows.map((r) => [
    r.name,
    r.rps.toFixed(0),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    fmt(r.cpuMsPerRequest, 2),
    fmt(total(r.commands), 2),
    byName(r.commands),
    String(r.errors),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(line(l));
}

async function main(): Promise<void> {
  const connector = new ConnectorStandIn();
  await connector.start();
  const where: Where = { tenantId: 'bench-tenant', conversationId: '19:bench', serviceUrl: connector.url };

  // Each bot runs in its own process (as in production); this process is the load, the connector,
  // the database proxy and (without MONGODB_URI) the embedded engines.
  const echo = await spawnServer('bench/echo-bot.js', {});
  const echoUrl = `${echo.url}/api/messages`;
  const echoMessage = () => async () => (await postJson(echoUrl, message(where, ANN, 'hello'))).status === 200;
  const echoInvoke = () => async () => (await postJson(echoUrl, invoke(where, ANN, 'echo', {}))).status === 200;
  await load('warm-up', CONNECTIONS, WARMUP, echoMessage());
  await load('warm-up', CONNECTIONS, WARMUP, echoInvoke());
  const rows: Scenario[] = [
    await measure('echo bot: message → card', echo, undefined, REQUESTS, echoMessage()),
    await measure('echo bot: invoke → card', echo, undefined, REQUESTS, echoInvoke()),
  ];
  await echo.stop();
  connector.reset();

  const embedded = process.env.MONGODB_URI ? undefined : await startEmbeddedMongo();
  const azurite = await startEmbeddedAzurite();
  const target = hostPortOf(process.env.MONGODB_URI ?? embedded!.uri);
  const counter = new DbCommandCounter(target.host, target.port);
  const proxyPort = await counter.start();
  const app = await spawnServer('src/index.js', {
    LOG_LEVEL: 'warn',
    MONGODB_URI: `mongodb://127.0.0.1:${proxyPort}${target.rest}`,
    MONGODB_DB: `bench_${Date.now()}`,
    AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    REMINDER_INTERVAL_MS: '0',
  });
  const url = `${app.url}/api/messages`;
  // The real clock: the quarter open today (a past quarter's claim deadline may have passed).
  const period = currentQuarter();
  await postJson(url, message(where, ANN, `funds ADD-PC ${period} 5000000`));
  // One claim per connection, so comments commit (each connection follows its own claim's version).
  const refs: Array<{ claimId: string; version: number }> = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const res = await postJson(
      url,
      invoke(where, ANN, 'claim.create', {
        program: 'ADD-PC',
        activity: 'print-advertising',
        location: 'US',
        period,
        amount: '100',
        currency: 'USD',
        description: `bench ${i}`,
      }),
    );
    const ref = cardData((res.json as { value: unknown }).value, 'claim.comment');
    if (!ref) throw new Error(`could not create a bench claim: ${JSON.stringify(res.json).slice(0, 300)}`);
    refs.push(ref);
  }
  connector.reset();
  const claimCard = (w: number) => message(where, ANN, `claim CLM-${String(w + 1).padStart(6, '0')}`);
  await load('warm-up', CONNECTIONS, WARMUP, async (w) => (await postJson(url, claimCard(w))).status === 200);
  rows.push(
    await measure(
      'help → card',
      app,
      counter,
      REQUESTS,
      async () => (await postJson(url, message(where, ANN, 'help'))).status === 200,
    ),
  );
  rows.push(
    await measure(
      'claim <number> → claim card',
      app,
      counter,
      REQUESTS,
      async (w) => (await postJson(url, claimCard(w))).status === 200,
    ),
  );
  rows.push(
    await measure(
      'comment → updated card',
      app,
      counter,
      Number(process.env.BENCH_COMMENT_REQUESTS ?? REQUESTS),
      async (w) => {
        const ref = refs[w]!;
        const res = await postJson(url, invoke(where, ANN, 'claim.comment', { ...ref, comment: 'benchmark comment' }));
        const next = cardData((res.json as { value: unknown }).value, 'claim.comment');
        if (res.status !== 200 || !next || next.version !== ref.version + 1) return false;
        refs[w] = next;
        return true;
      },
    ),
  );
  await app.stop();
  await counter.stop();
  await azurite.stop();
  await embedded?.stop();
  await connector.stop();

  print(rows);
  const [echoMsg, echoInv, help, card, comment] = rows as [Scenario, Scenario, Scenario, Scenario, Scenario];
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined || b === 0 ? undefined : a / b;
  const check = (ok: boolean | undefined) => (ok === undefined ? '?' : ok ? 'met' : 'NOT met');
  console.log('');
  console.log(
    `engine: ${process.env.MONGODB_URI ? `MONGODB_URI (${target.host}:${target.port})` : 'embedded jongodb'}; ${CONNECTIONS} connections; ${REQUESTS} requests per scenario; ${new Date().toISOString().slice(0, 10)}`,
  );
  const cardCpu = ratio(card.cpuMsPerRequest, echoMsg.cpuMsPerRequest);
  const commentCpu = ratio(comment.cpuMsPerRequest, echoInv.cpuMsPerRequest);
  console.log(
    `goal claim card: ≤ 3 db commands (${fmt(total(card.commands), 2)}: ${check(total(card.commands) <= 3)}), bot CPU ≤ 2× echo message (${fmt(cardCpu, 2)}×: ${check(cardCpu === undefined ? undefined : cardCpu <= 2)}); ${((card.rps / echoMsg.rps) * 100).toFixed(0)}% of echo req/s`,
  );
  console.log(
    `goal comment:    ≤ 4 db commands (${fmt(total(comment.commands), 2)}: ${check(total(comment.commands) <= 4)}), bot CPU ≤ 3× echo invoke (${fmt(commentCpu, 2)}×: ${check(commentCpu === undefined ? undefined : commentCpu <= 3)}); ${((comment.rps / echoInv.rps) * 100).toFixed(0)}% of echo req/s`,
  );
  console.log(`goal help:       0 writes (${fmt(writes(help.commands), 2)}: ${check(writes(help.commands) === 0)})`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
