/**
 * The local Teams loop: the built bot (dist/src/index.js, embedded MongoDB unless MONGODB_URI is
 * set) plus Microsoft 365 Agents Playground (`agentsplayground -c msteams`) pointed at it. Used by
 * `npm run dev` and by the e2e tests. Both run as child processes of this one and are stopped by
 * their own pids.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../../src/store/child-server';

export interface StackOptions {
  /** Repository root (holds dist/ and .m365agentsplayground.yml). */
  readonly root: string;
  /** Port of the bot; 0 = any free port. */
  readonly botPort: number;
  /** Port of the Playground; 0 = any free port. If taken, the Playground picks another one itself. */
  readonly playgroundPort: number;
  /** Extra environment for the bot (e.g. LOG_LEVEL). */
  readonly botEnv?: Readonly<Record<string, string>>;
  /** Let the Playground open the default browser (needs a desktop). Default: no. */
  readonly openBrowser?: boolean;
  /** Where bot.log and playground.log go. */
  readonly logDir: string;
  /** Called with every line either child prints (npm run dev shows them). */
  readonly onLine?: (child: 'bot' | 'playground', line: string) => void;
  /** Bound on each start-up wait. */
  readonly startTimeoutMs?: number;
}

export interface Stack {
  /** http://127.0.0.1:<port> of the bot. */
  readonly botUrl: string;
  /** What the Playground posts activities to. */
  readonly botEndpoint: string;
  /** The page to open. */
  readonly playgroundUrl: string;
  readonly playgroundConfig: string;
  readonly pids: { readonly bot: number; readonly playground: number };
  /** Settles when either child exits on its own (not through stop()). */
  readonly unexpectedExit: Promise<string>;
  /** The last lines each child printed, for error messages. */
  tail(lines?: number): string;
  stop(): Promise<void>;
}

/** True if nothing listens on `port` (on any interface). */
export async function portIsFree(port: number): Promise<boolean> {
  const srv = createServer();
  const free = await new Promise<boolean>((resolve) => {
    srv.once('error', () => resolve(false));
    srv.listen(port, () => resolve(true));
  });
  if (free) {
    srv.close();
    await once(srv, 'close');
  }
  return free;
}

/** True where `open` can show a browser: macOS, Windows, or Linux with a display. */
export function hasDesktop(env: NodeJS.ProcessEnv = process.env): boolean {
  return process.platform === 'darwin' || process.platform === 'win32' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

export function playgroundCli(): string {
  return require.resolve('@microsoft/m365agentsplayground/cli.js');
}

interface Child {
  readonly name: string;
  readonly proc: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startChild(
  name: 'bot' | 'playground',
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  log: WriteStream,
  onLine?: StackOptions['onLine'],
): Child {
  const proc = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('exit', (code, signal) => resolve({ code, signal }));
    proc.once('error', (err) => {
      lines.push(`[${name}] failed to start: ${err.message}`);
      resolve({ code: -1, signal: null });
    });
  });
  for (const stream of [proc.stdout!, proc.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 400) lines.splice(0, lines.length - 400);
      log.write(`${line}\n`);
      onLine?.(name, line);
    });
  }
  // If this process dies first, ask the child to stop (the bot then stops its embedded MongoDB).
  const onExit = () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
  };
  process.once('exit', onExit);
  void exited.then(() => process.removeListener('exit', onExit));
  return { name, proc, lines, exited };
}

async function stopChild(child: Child, graceMs: number): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null || child.proc.pid === undefined) return;
  child.proc.kill('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
  if ((await Promise.race([child.exited, timer])) === 'timeout') {
    child.proc.kill('SIGKILL');
    await child.exited;
  }
}

/** Polls `check` until it is true, `child` exits, or the time is up. */
async function waitFor(what: string, check: () => Promise<boolean>, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${child.name} exited before ${what}:\n${child.lines.slice(-30).join('\n')}`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `${what} did not happen within ${timeoutMs} ms; last output of ${child.name}:\n${child.lines.slice(-30).join('\n')}`,
  );
}

async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  return res.ok;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const main = join(options.root, 'dist', 'src', 'index.js');
  if (!existsSync(main)) throw new Error(`${main} does not exist: build first (npm run build)`);
  const playgroundConfig = join(options.root, '.m365agentsplayground.yml');
  // A bot already on the port would answer our readiness check in place of the new one.
  if (options.botPort && !(await portIsFree(options.botPort))) {
    throw new Error(
      `port ${options.botPort} is in use (another npm run dev or npm start?): stop it or choose another PORT`,
    );
  }
  mkdirSync(options.logDir, { recursive: true });
  const botLog = createWriteStream(join(options.logDir, 'bot.log'), { flags: 'w' });
  const playgroundLog = createWriteStream(join(options.logDir, 'playground.out'), { flags: 'w' });
  const botPort = options.botPort || (await freePort());
  const wantedPlaygroundPort = options.playgroundPort || (await freePort());

  const bot = startChild(
    'bot',
    process.execPath,
    [main],
    // Auth is off without MicrosoftAppId: listen on loopback only unless HOST says otherwise.
    { ...process.env, HOST: process.env.HOST ?? '127.0.0.1', ...options.botEnv, PORT: String(botPort) },
    options.root,
    botLog,
    options.onLine,
  );
  const children: Child[] = [bot];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    // The Playground first, so it does not report the bot going away; then the bot, gracefully.
    for (const child of [...children].reverse()) await stopChild(child, 15_000);
    await Promise.all([new Promise((r) => botLog.end(r)), new Promise((r) => playgroundLog.end(r))]);
  };

  try {
    const botUrl = `http://127.0.0.1:${botPort}`;
    await waitFor(`the bot answered ${botUrl}/readyz`, () => httpOk(`${botUrl}/readyz`), bot, timeoutMs);

    const botEndpoint = `http://localhost:${botPort}/api/messages`;
    const playground = startChild(
      'playground',
      process.execPath,
      [
        playgroundCli(),
        '--app-endpoint',
        botEndpoint,
        '--channel-id',
        'msteams',
        '--port',
        String(wantedPlaygroundPort),
        '--disable-telemetry',
      ],
      {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: options.openBrowser ? (process.env.TEAMSAPPTESTER_BROWSER ?? '') : 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: playgroundConfig,
        M365_AGENTS_PLAYGROUND_LOGFILE: join(options.logDir, 'playground.log'),
      },
      options.root,
      playgroundLog,
      options.onLine,
    );
    children.push(playground);
    let port: number | undefined;
    await waitFor(
      'the Playground listened',
      async () => {
        const m = playground.lines.map((l) => /Listening on (\d+)/.exec(l)).find(Boolean);
        port = m ? Number(m[1]) : undefined;
        return port !== undefined && (await httpOk(`http://localhost:${port}/`));
      },
      playground,
      timeoutMs,
    );
    const playgroundUrl = `http://localhost:${port}`;
    const unexpectedExit = Promise.race(
      children.map(async (c) => {
        const { code, signal } = await c.exited;
        if (stopping) return new Promise<string>(() => undefined);
        return `${c.name} exited (${signal ?? `code ${code}`})`;
      }),
    );
    return {
      botUrl,
      botEndpoint,
      playgroundUrl,
      playgroundConfig,
      pids: { bot: bot.proc.pid!, playground: playground.proc.pid! },
      unexpectedExit,
      tail: (n = 40) => children.map((c) => `--- ${c.name} ---\n${c.lines.slice(-n).join('\n')}`).join('\n'),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
