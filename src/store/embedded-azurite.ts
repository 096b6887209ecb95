import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { freePort } from './embedded-mongo';

/** Azurite's well-known development account (public: it is in Microsoft's documentation). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function devConnectionString(blobEndpoint: string): string {
  return `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_ACCOUNT_KEY};BlobEndpoint=${blobEndpoint};`;
}

export interface EmbeddedAzurite {
  readonly connectionString: string;
  readonly endpoint: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/** The azurite-blob entry point shipped in the npm package. */
export function azuriteBlobMain(): string {
  return require.resolve('azurite/dist/src/blob/main.js');
}

/**
 * Starts Azurite's blob service (in memory) as a child process and waits until it listens. The
 * child is killed when this process exits, whatever the reason, so no orphan is left behind.
 */
export async function startEmbeddedAzurite(timeoutMs = 30_000): Promise<EmbeddedAzurite> {
  const port = await freePort();
  const args = [azuriteBlobMain(), '--blobHost', '127.0.0.1', '--blobPort', String(port), '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck', '--loose', '--silent'];
  // Only the well-known development account: a stray AZURITE_ACCOUNTS must not change it.
  const env = { ...process.env };
  delete env.AZURITE_ACCOUNTS;
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stderr: string[] = [];
  child.stderr?.on('data', (b: Buffer) => stderr.push(b.toString()));
  const lines = createInterface({ input: child.stdout! });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Azurite did not start within ${timeoutMs} ms`)), timeoutMs);
      lines.on('line', (line) => {
        if (/successfully listens on/i.test(line)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Azurite exited with ${code}: ${stderr.join('').slice(0, 500)}`));
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    lines.on('line', () => undefined); // keep draining stdout
    const endpoint = `http://127.0.0.1:${port}/${DEV_ACCOUNT}`;
    return {
      connectionString: devConnectionString(endpoint),
      endpoint,
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
