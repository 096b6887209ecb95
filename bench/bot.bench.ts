/**
 * npm run bench — throughput and latency of the bot over its real HTTP path (restify + CloudAdapter,
 * auth off, replies to a local Bot Connector stand-in), against a bare botbuilder echo bot measured
 * in the same run on the same harness. Prints figures; asserts nothing.
 *
 * Engine: MONGODB_URI if set (e.g. FerretDB), else the embedded jongodb.
 */
import { ANN, invoke, message, type Where } from '../test/support/activities';
import { ConnectorStandIn } from '../test/support/connector';
import { spawnServer } from './spawn';
import { load, postJson, printTable, type LoadResult } from './load';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const WARMUP = 200;

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

async function main(): Promise<void> {
  const connector = new ConnectorStandIn();
  await connector.start();
  const where: Where = { tenantId: 'bench-tenant', conversationId: '19:bench', serviceUrl: connector.url };
  const results: LoadResult[] = [];

  // Each bot runs in its own process (as in production); this process is the load and the connector.
  const echo = await spawnServer('bench/echo-bot.js', {});
  const echoUrl = `${echo.url}/api/messages`;
  await load(
    'warm-up echo',
    CONNECTIONS,
    WARMUP,
    async () => (await postJson(echoUrl, message(where, ANN, 'hi'))).status === 200,
  );
  results.push(
    await load(
      'echo bot (baseline)',
      CONNECTIONS,
      REQUESTS,
      async () => (await postJson(echoUrl, message(where, ANN, 'hello'))).status === 200,
    ),
  );
  await echo.stop();
  connector.reset();

  const app = await spawnServer('src/index.js', { LOG_LEVEL: 'warn', MONGODB_DB: `bench_${Date.now()}` });
  const url = `${app.url}/api/messages`;
  await postJson(url, message(where, ANN, 'funds ADD-PC 2026-Q3 5000000'));
  // One claim per connection, so comments commit (each connection follows its own claim's version).
  const refs: Array<{ claimId: string; version: number }> = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const res = await postJson(
      url,
      invoke(where, ANN, 'claim.create', {
        program: 'ADD-PC',
        activity: 'print-advertising',
        location: 'US',
        period: '2026-Q3',
        amount: '100',
        currency: 'USD',
        description: `bench ${i}`,
      }),
    );
    const ref = cardData((res.json as { value: unknown }).value, 'claim.comment');
    if (!ref) throw new Error('could not create a bench claim');
    refs.push(ref);
  }
  connector.reset();

  await load(
    'warm-up claim card',
    CONNECTIONS,
    WARMUP,
    async () => (await postJson(url, message(where, ANN, 'claim CLM-000001'))).status === 200,
  );
  results.push(
    await load(
      'claim <number> → claim card',
      CONNECTIONS,
      REQUESTS,
      async (w) =>
        (await postJson(url, message(where, ANN, `claim CLM-${String(w + 1).padStart(6, '0')}`))).status === 200,
    ),
  );

  const commentRequests = Number(process.env.BENCH_COMMENT_REQUESTS ?? REQUESTS);
  results.push(
    await load('comment action → updated card', CONNECTIONS, commentRequests, async (w) => {
      const ref = refs[w]!;
      const res = await postJson(url, invoke(where, ANN, 'claim.comment', { ...ref, comment: 'benchmark comment' }));
      const next = cardData((res.json as { value: unknown }).value, 'claim.comment');
      if (res.status !== 200 || !next || next.version !== ref.version + 1) return false;
      refs[w] = next;
      return true;
    }),
  );
  await app.stop();
  await connector.stop();

  printTable(results.filter((r) => !r.name.startsWith('warm-up')));
  const [echoR, cardR, commentR] = results.filter((r) => !r.name.startsWith('warm-up'));
  console.log('');
  console.log(`engine: ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded jongodb'}; ${CONNECTIONS} connections`);
  console.log(
    `claim card: ${((cardR!.rps / echoR!.rps) * 100).toFixed(0)}% of echo (target ≥ 60%), p99 ${cardR!.p99.toFixed(1)} ms (target < 100)`,
  );
  console.log(
    `comment:    ${((commentR!.rps / echoR!.rps) * 100).toFixed(0)}% of echo (target ≥ 50%), p99 ${commentR!.p99.toFixed(1)} ms (target < 100)`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
