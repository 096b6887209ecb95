import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { freePort } from '../../src/store/child-server';
import { azuriteBlobMain } from '../../src/store/embedded-azurite';
import { jongodbBinary } from '../../src/store/embedded-mongo';
import { uniqueDbName } from '../support/db';
import { productionCopy, type ProductionCopy } from '../support/production-copy';
import { selfSignedCert } from '../support/tls';

/**
 * The bot as a production host runs it: `npm ci --omit=dev --omit=optional` and the built dist/,
 * started by package.json's start command in a clean environment (nothing of this test run's own
 * variables leaks in). The first run of a checkout prepares the copy (npm's cache, tsc); later runs
 * reuse it while package-lock and the sources are unchanged.
 */
let copy: ProductionCopy;
beforeAll(async () => {
  copy = await productionCopy();
}, 15 * 60_000);

const APP_ID = '2c1a7f0e-4b9d-4c55-9d3e-8b2f6a1c0d42';
const NO_ENV_FILE = '.env not found. Continuing without it.';

interface Started {
  readonly stdout: string[];
  readonly stderr: string[];
  readonly exited: Promise<number | null>;
  line(pattern: RegExp): Promise<string>;
  stop(): Promise<number | null>;
}

/** `npm start` of the production copy (without its build step), with exactly `env`. */
function startBot(env: Record<string, string>): Started {
  const child = spawn(process.execPath, copy.startArgs, {
    cwd: copy.dir,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiting: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    stdout.push(line);
    for (const w of waiting.filter((x) => x.pattern.test(line))) w.resolve(line);
  });
  // Node's own notice for --env-file-if-exists when there is no .env (the copy has none) is not the bot's.
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (line !== NO_ENV_FILE) stderr.push(line);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    stdout,
    stderr,
    exited,
    line: (pattern) =>
      new Promise<string>((resolve, reject) => {
        const seen = stdout.find((l) => pattern.test(l));
        if (seen) return resolve(seen);
        waiting.push({ pattern, resolve });
        void exited.then((code) =>
          reject(new Error(`the bot exited (${code}) before ${pattern}:\n${[...stdout, ...stderr].join('\n')}`)),
        );
      }),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

const authOn = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret', LOG_LEVEL: 'info' };

describe('production install (npm ci --omit=dev --omit=optional + dist/)', () => {
  it('when installed then the test doubles and the tooling are absent and the runtime libraries present', () => {
    const has = (name: string) => existsSync(join(copy.dir, 'node_modules', name, 'package.json'));
    for (const name of ['azurite', '@jongodb/memory-server-bin-linux-x64-gnu', 'jest', 'typescript', 'pino-pretty'])
      expect([name, has(name)]).toEqual([name, false]);
    for (const name of [
      'botbuilder',
      'mongodb',
      '@azure/storage-blob',
      '@azure/identity',
      '@azure/monitor-opentelemetry',
    ])
      expect([name, has(name)]).toEqual([name, true]);
  });

  it('when auth is on and no storage is configured then it refuses in one line before starting anything', async () => {
    const bot = startBot({ ...authOn, PORT: '0' });
    expect(await bot.exited).toBe(2);
    expect(bot.stderr).toEqual([
      'Invalid configuration: MicrosoftAppId is set (authentication on) but MONGODB_URI and AZURE_STORAGE_ACCOUNT_URL (or AZURE_STORAGE_CONNECTION_STRING) are not: the bot would keep its data in memory and lose it on every restart. Set them, or ALLOW_EMBEDDED_STORAGE=true for a demo whose data may be lost',
    ]);
    expect(bot.stdout).toEqual([]);
  });

  it('when a demo allows embedded storage but the embedded engine is not installed then one line names MONGODB_URI', async () => {
    const bot = startBot({ ...authOn, PORT: '0', ALLOW_EMBEDDED_STORAGE: 'true' });
    expect(await bot.exited).toBe(2);
    expect(bot.stderr).toHaveLength(1);
    expect(bot.stderr[0]).toMatch(
      /^MONGODB_URI is not set, and the embedded in-memory database \(@jongodb\/memory-server-bin-linux-x64-gnu, an optional development package\) is not installed here .* Set MONGODB_URI to /,
    );
  });

  it('when MONGODB_URI does not answer then one JSON line names the variable and the host, never the password, and the exit code is 1', async () => {
    const port = await freePort();
    const bot = startBot({
      ...authOn,
      PORT: '0',
      MONGODB_URI: `mongodb://claims:s3cret-Passw0rd@127.0.0.1:${port}/?authSource=admin`,
      MONGODB_TIMEOUT_MS: '500',
      AZURE_STORAGE_CONNECTION_STRING: process.env.TEST_AZURE_STORAGE_CONNECTION_STRING!,
    });
    expect(await bot.exited).toBe(1);
    const lines = bot.stdout.map((l) => JSON.parse(l) as Record<string, unknown>);
    const fatal = lines.filter((l) => l.level === 60);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toMatchObject({ variable: 'MONGODB_URI', host: `127.0.0.1:${port}` });
    expect(String(fatal[0]!.msg)).toMatch(new RegExp(`^MONGODB_URI: 127\\.0\\.0\\.1:${port} did not work at start: `));
    expect([...bot.stdout, ...bot.stderr].join('\n')).not.toContain('s3cret');
  });

  it("when auth is on and the run's database and storage are configured then /readyz answers 200 on every interface, and SIGTERM stops it cleanly", async () => {
    const bot = startBot({
      ...authOn,
      PORT: '0',
      MONGODB_URI: process.env.TEST_MONGODB_URI!,
      MONGODB_DB: uniqueDbName('prod'),
      AZURE_STORAGE_CONNECTION_STRING: process.env.TEST_AZURE_STORAGE_CONNECTION_STRING!,
      BLOB_CONTAINER: `prod-${randomUUID().slice(0, 8)}`,
      PUBLIC_BASE_URL: 'https://claims.contoso.example',
      REMINDER_INTERVAL_MS: '0',
    });
    try {
      const listening = JSON.parse(await bot.line(/"msg":"bot listening on /)) as { address: string; port: number };
      expect(listening.address).toBe('0.0.0.0');
      const res = await fetch(`http://127.0.0.1:${listening.port}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ready' });
    } finally {
      expect(await bot.stop()).toBe(0);
    }
    expect(bot.stderr).toEqual([]);
  });
});

interface HarnessResult {
  readonly error?: string;
  readonly secretToken: string;
  readonly listening: { address: string; port: number; auth: boolean };
  readonly readyz: number;
  readonly upload: number;
  readonly exit: { code: number | null; signal: string | null };
  readonly botLines: string[];
  readonly tokenRequests: Array<{ resource: string; clientId: string; headerOk: boolean; apiVersion: string }>;
  readonly envelopes: Array<{ data?: { baseType?: string; baseData?: Record<string, unknown> } }>;
  readonly identity: { clientId: string; tenantId: string };
}

describe('production install with a managed identity and Application Insights (in a network namespace of its own)', () => {
  let result: HarnessResult;
  beforeAll(async () => {
    const cert = selfSignedCert();
    try {
      const options = {
        node: process.execPath,
        startArgs: copy.startArgs,
        cwd: copy.dir,
        jongodb: jongodbBinary(),
        azuriteMain: azuriteBlobMain(),
        certFile: cert.certFile,
        keyFile: cert.keyFile,
        clientId: randomUUID(),
        tenantId: randomUUID(),
      };
      // Only loopback exists in the new namespace: the SDKs' probes (instance metadata, statistics
      // endpoints) cannot reach anything outside this machine.
      const { stdout } = await promisify(execFile)(
        'unshare',
        [
          '--net',
          '--map-root-user',
          'sh',
          '-c',
          'ip link set lo up && exec "$0" "$@"',
          process.execPath,
          join(__dirname, '..', 'support', 'production-harness.mjs'),
          JSON.stringify(options),
        ],
        { maxBuffer: 64 * 1024 * 1024, timeout: 180_000 },
      );
      result = JSON.parse(stdout.trim().split('\n').pop()!) as HarnessResult;
    } finally {
      cert.remove();
    }
  }, 240_000);

  it('when the bot starts with UserAssignedMSI and AZURE_STORAGE_ACCOUNT_URL then its identity gets a storage token and /readyz answers 200', () => {
    expect(result.error).toBeUndefined();
    expect(result.listening).toEqual({ address: '0.0.0.0', port: expect.any(Number), auth: true });
    expect(result.readyz).toBe(200);
    const storage = result.tokenRequests.filter((r) => r.resource.startsWith('https://storage.azure.com'));
    expect(storage.length).toBeGreaterThan(0);
    for (const r of storage) expect(r).toMatchObject({ clientId: result.identity.clientId, headerOk: true });
    expect(result.exit).toEqual({ code: 0, signal: null });
  });

  it('when requests were served then Application Insights received them with durations, by route, and request metrics', () => {
    const requests = result.envelopes
      .filter((e) => e.data?.baseType === 'RequestData')
      .map((e) => e.data!.baseData as { name: string; responseCode: string; duration: string; url: string });
    expect(requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'GET /readyz', responseCode: '200', duration: expect.stringMatching(/^\d/) }),
        expect.objectContaining({ name: 'GET /upload/:token', responseCode: '404' }),
      ]),
    );
    const metrics = result.envelopes
      .filter((e) => e.data?.baseType === 'MetricData')
      .flatMap((e) => (e.data!.baseData as { metrics: Array<{ name: string }> }).metrics.map((m) => m.name));
    expect(metrics).toContain('http.server.request.duration');
  });

  it('when a request carried an upload token then neither the log nor the telemetry holds it', () => {
    expect(result.upload).toBe(404);
    expect(JSON.stringify(result.envelopes)).not.toContain(result.secretToken);
    expect(result.botLines.join('\n')).not.toContain(result.secretToken);
    const lines = result.botLines.filter((l) => l.includes('"durationMs"'));
    expect(lines.some((l) => l.includes('"route":"/upload/:token"'))).toBe(true);
  });
});
