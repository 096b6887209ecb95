import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startApp, type App } from '../../src/main';
import { ANN, message } from '../support/activities';
import { ConnectorStandIn } from '../support/connector';
import { dropDb, testMongoUri, uniqueDbName } from '../support/db';

/** Every JSON line the bot logged. */
class LogLines extends Writable {
  readonly lines: Array<Record<string, unknown> & { msg: string }> = [];
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      this.raw.push(line);
      this.lines.push(JSON.parse(line) as Record<string, unknown> & { msg: string });
    }
    done();
  }
  requests() {
    return this.lines.filter((l) => typeof l.durationMs === 'number');
  }
}

const token = () => randomBytes(32).toString('base64url');

let app: App;
let connector: ConnectorStandIn;
const logs = new LogLines();

beforeAll(async () => {
  connector = new ConnectorStandIn();
  await connector.start();
  app = await startApp(
    loadConfig({
      PORT: '0',
      MONGODB_URI: testMongoUri(),
      MONGODB_DB: uniqueDbName('reqlog'),
      AZURE_STORAGE_CONNECTION_STRING: process.env.TEST_AZURE_STORAGE_CONNECTION_STRING ?? '',
      REMINDER_INTERVAL_MS: '0',
    }),
    { log: createLogger('info', logs) },
  );
});

afterAll(async () => {
  await dropDb(app.db);
  await app.close();
  await connector.stop();
});

/** The request line logged for one request, waited for: the line is written when the response closes. */
async function lineFor(send: () => Promise<Response>) {
  const before = logs.requests().length;
  const res = await send();
  await res.arrayBuffer();
  for (let i = 0; i < 200 && logs.requests().length === before; i++) await new Promise((r) => setTimeout(r, 10));
  const added = logs.requests().slice(before);
  expect(added).toHaveLength(1);
  return { res, line: added[0]! };
}

describe('request log', () => {
  it('when the bot starts with auth off then it says the loopback address it really listens on', () => {
    const listening = logs.lines.find((l) => l.msg.startsWith('bot listening on'));
    expect(listening).toMatchObject({ address: '127.0.0.1', port: app.port, auth: false });
    expect(listening?.msg).toBe(`bot listening on http://127.0.0.1:${app.port}/api/messages`);
  });

  it('when a probe is answered then one line carries method, route, status and duration', async () => {
    const { line } = await lineFor(() => fetch(`${app.url}/healthz`));
    expect(line).toMatchObject({ level: 30, req: { method: 'GET', route: '/healthz' }, res: { status: 200 } });
    expect(line.durationMs).toBeGreaterThanOrEqual(0);
    expect(line.msg).toMatch(/^GET \/healthz 200 \d+(\.\d+)? ms$/);
  });

  it('when an activity is posted then its line names /api/messages and the status the adapter answered', async () => {
    const where = { tenantId: 'tenant-log', conversationId: '19:log', serviceUrl: connector.url };
    const { res, line } = await lineFor(() =>
      fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message(where, ANN, 'help')),
      }),
    );
    expect(res.status).toBe(200);
    expect(line).toMatchObject({ req: { method: 'POST', route: '/api/messages' }, res: { status: 200 } });
  });

  it.each<[string, (t: string) => string, string, number]>([
    ['an upload page link', (t) => `/upload/${t}`, '/upload/:token', 404],
    ['an upload post', (t) => `/upload/${t}`, '/upload/:token', 404],
    ['an export link', (t) => `/exports/${t}`, '/exports/:token', 404],
    ['an evidence pack link', (t) => `/evidence/${t}`, '/evidence/:token', 404],
    ['a path no route matches', (t) => `/nothing-here/${t}?sig=${t}`, '(no route)', 404],
  ])('when %s is requested then the line has the route pattern and never the token', async (what, path, route) => {
    const secret = token();
    const { res, line } = await lineFor(() =>
      fetch(`${app.url}${path(secret)}`, what === 'an upload post' ? { method: 'POST', body: 'x' } : {}),
    );
    expect(line).toMatchObject({ req: { route }, res: { status: res.status } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(logs.raw.join('\n')).not.toContain(secret);
  });
});
