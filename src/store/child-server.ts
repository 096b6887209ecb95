import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export interface ChildServer {
  readonly pid: number | undefined;
  /** The stdout line that said the server is ready. */
  readonly readyLine: string;
  stop(): Promise<void>;
}

export interface ChildServerSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** A stdout line matching this means the server is ready. */
  readonly ready: RegExp;
  readonly timeoutMs: number;
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const address = srv.address();
  srv.close();
  await once(srv, 'close');
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/**
 * Starts an embedded server (jongodb, Azurite) as a child process and waits for its ready line.
 * The child is killed when this process exits, whatever the reason, so no orphan is left behind;
 * stop() asks it to end (SIGTERM, then SIGKILL after 3 s) and waits.
 */
export async function startChildServer(spec: ChildServerSpec): Promise<ChildServer> {
  const child: ChildProcess = spawn(spec.command, [...spec.args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: spec.env ?? process.env,
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stderr: string[] = [];
  child.stderr?.on('data', (b: Buffer) => stderr.push(b.toString()));
  const lines = createInterface({ input: child.stdout! });
  try {
    const readyLine = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${spec.name} did not start within ${spec.timeoutMs} ms`)),
        spec.timeoutMs,
      );
      lines.on('line', (line) => {
        if (spec.ready.test(line)) {
          clearTimeout(timer);
          resolve(line.trim());
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${spec.name} exited with ${code}: ${stderr.join('').slice(0, 500)}`));
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    lines.on('line', () => undefined); // keep draining stdout
    return {
      pid: child.pid,
      readyLine,
      async stop() {
        process.removeListener('exit', killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      },
    };
  } catch (err) {
    killOnExit();
    process.removeListener('exit', killOnExit);
    throw err;
  }
}
