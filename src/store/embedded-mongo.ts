import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export interface EmbeddedMongo {
  readonly uri: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/** Path of the jongodb binary shipped in the npm package. */
export function jongodbBinary(): string {
  const pkg = require.resolve('@jongodb/memory-server-bin-linux-x64-gnu/package.json');
  return pkg.replace(/package\.json$/, 'bin/jongodb');
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
 * Starts jongodb (an in-memory MongoDB-wire server) as a child process and waits for its
 * `JONGODB_URI=…` line. The child is killed when this process exits, whatever the reason.
 */
export async function startEmbeddedMongo(timeoutMs = 30_000): Promise<EmbeddedMongo> {
  const port = await freePort();
  const child: ChildProcess = spawn(jongodbBinary(), ['--host=127.0.0.1', `--port=${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stderr: string[] = [];
  child.stderr?.on('data', (b: Buffer) => stderr.push(b.toString()));
  const lines = createInterface({ input: child.stdout! });
  try {
    const uri = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`jongodb did not start within ${timeoutMs} ms`)), timeoutMs);
      lines.on('line', (line) => {
        const m = /^JONGODB_URI=(\S+)/.exec(line.trim());
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`jongodb exited with ${code}: ${stderr.join('').slice(0, 500)}`));
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    lines.on('line', () => undefined); // keep draining stdout
    return {
      uri,
      pid: child.pid,
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
