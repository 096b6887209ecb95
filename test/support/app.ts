import { startApp, type App } from '../../src/main';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { ANN, invoke, message, type UserSpec, type Where } from './activities';
import { TestClock } from './clock';
import { cardOf, ConnectorStandIn } from './connector';
import { dropDb, testMongoUri, uniqueDbName } from './db';

export interface InvokeResult {
  readonly status: number;
  readonly body: { statusCode: number; type: string; value: unknown };
}

/** The real server (restify + CloudAdapter + bot) on a free port, on the test engine, with a connector stand-in. */
export class TestBot {
  readonly clock = new TestClock();
  readonly connector = new ConnectorStandIn();
  app!: App;
  where!: Where;
  /** The blob container this bot stores documents in (its own, in the run's Azurite). */
  blobContainer = '';

  /** What the bot logged (JSON lines, every level) when started after captureLogs(). */
  readonly logs: string[] = [];
  private capturing = false;

  constructor(private env: Record<string, string> = {}) {}

  /** Keeps every log line (debug and up) in `logs`, for tests of what must never be logged; before start(). */
  captureLogs(): this {
    this.capturing = true;
    return this;
  }

  /** More configuration, known only once other stand-ins run (e.g. a file server's origin); before start(). */
  withEnv(extra: Record<string, string>): this {
    this.env = { ...this.env, ...extra };
    return this;
  }

  async start(): Promise<this> {
    await this.connector.start();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      MONGODB_URI: testMongoUri(),
      MONGODB_DB: uniqueDbName('bot'),
      LOG_LEVEL: 'silent',
      SHUTDOWN_GRACE_MS: '2000',
      // Blob: the run's Azurite (global setup), a container per bot; reminders only when a test runs them.
      AZURE_STORAGE_CONNECTION_STRING: process.env.TEST_AZURE_STORAGE_CONNECTION_STRING ?? '',
      BLOB_CONTAINER: uniqueDbName('c').toLowerCase().replace(/_/g, '-'),
      REMINDER_INTERVAL_MS: '0',
      ...this.env,
    });
    this.blobContainer = config.BLOB_CONTAINER;
    const log = this.capturing
      ? createLogger('debug', { write: (line: string) => void this.logs.push(line) })
      : createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
    this.app = await startApp(config, { clock: this.clock, log });
    this.where = { tenantId: 'tenant-a', conversationId: '19:team-a-general', serviceUrl: this.connector.url };
    return this;
  }

  async stop(): Promise<void> {
    await dropDb(this.app.db);
    await this.app.close();
    await this.connector.stop();
  }

  async post(activity: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    const res = await fetch(`${this.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof activity === 'string' ? activity : JSON.stringify(activity),
    });
    return { status: res.status, text: await res.text() };
  }

  /** Sends a message and returns what the bot sent back into the conversation because of it. */
  async say(text: string, from: UserSpec = ANN, where: Where = this.where) {
    const activity = message(where, from, text);
    const before = this.connector.calls.length;
    const res = await this.post(activity);
    if (res.status !== 200) throw new Error(`message got HTTP ${res.status}: ${res.text}`);
    const replies = this.connector.calls.slice(before).filter((c) => c.method === 'POST');
    return {
      activity,
      replies,
      text: replies.map((r) => String(r.body.text ?? '')).join('\n'),
      card: cardOf(replies[0]),
    };
  }

  async press(
    verb: string,
    data: unknown,
    from: UserSpec = ANN,
    where: Where = this.where,
    replyToId = 'card-1',
  ): Promise<InvokeResult> {
    const res = await this.post(invoke(where, from, verb, data, replyToId));
    return { status: res.status, body: JSON.parse(res.text) as InvokeResult['body'] };
  }
}

/** Everything rendered in a card as one string, for "the card says …" assertions. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (typeof n === 'string') out.push(n);
    else if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') Object.values(n).forEach(walk);
  };
  walk(card);
  return out.join('\n');
}

/** Finds an action (at any depth) with the given verb. */
export function findAction(card: unknown, verb: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (n: unknown) => {
    if (found) return;
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'Action.Execute' && o.verb === verb) found = o;
      else Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}
