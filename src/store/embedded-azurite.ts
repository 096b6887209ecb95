import { SetupError } from '../startup-errors';
import { freePort, startChildServer } from './child-server';

/** Azurite's well-known development account (public: it is in Microsoft's documentation). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function devConnectionString(blobEndpoint: string): string {
  const protocol = blobEndpoint.startsWith('https:') ? 'https' : 'http';
  return `DefaultEndpointsProtocol=${protocol};AccountName=${DEV_ACCOUNT};AccountKey=${DEV_ACCOUNT_KEY};BlobEndpoint=${blobEndpoint};`;
}

export interface EmbeddedAzurite {
  readonly connectionString: string;
  /** The blob service URL of the development account (what AZURE_STORAGE_ACCOUNT_URL would be). */
  readonly endpoint: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export interface EmbeddedAzuriteOptions {
  readonly timeoutMs?: number;
  /**
   * Serve HTTPS with this certificate and accept Microsoft Entra bearer tokens (`--oauth basic`:
   * issuer, audience and lifetime are checked, the signature is not). Tests of the managed-identity path use it.
   */
  readonly https?: { readonly certFile: string; readonly keyFile: string };
}

/** The azurite-blob entry point shipped in the npm package (a development dependency). */
export function azuriteBlobMain(): string {
  try {
    return require.resolve('azurite/dist/src/blob/main.js');
  } catch {
    throw new SetupError(
      'Neither AZURE_STORAGE_ACCOUNT_URL nor AZURE_STORAGE_CONNECTION_STRING is set, and the embedded blob store (Azurite, a development package) is not installed here (npm ci --omit=dev leaves it out). Set AZURE_STORAGE_ACCOUNT_URL=https://<account>.blob.core.windows.net (managed identity) or AZURE_STORAGE_CONNECTION_STRING',
    );
  }
}

/** Starts Azurite's blob service (in memory) as a child process and waits until it listens. */
export async function startEmbeddedAzurite(options: EmbeddedAzuriteOptions = {}): Promise<EmbeddedAzurite> {
  const main = azuriteBlobMain();
  const port = await freePort();
  // Only the well-known development account: a stray AZURITE_ACCOUNTS must not change it.
  const env = { ...process.env };
  delete env.AZURITE_ACCOUNTS;
  const https = options.https
    ? ['--cert', options.https.certFile, '--key', options.https.keyFile, '--oauth', 'basic']
    : [];
  const server = await startChildServer({
    name: 'Azurite',
    command: process.execPath,
    args: [
      main,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--skipApiVersionCheck',
      '--loose',
      '--silent',
      ...https,
    ],
    env,
    ready: /successfully listens on/i,
    timeoutMs: options.timeoutMs ?? 30_000,
  });
  const endpoint = `${options.https ? 'https' : 'http'}://127.0.0.1:${port}/${DEV_ACCOUNT}`;
  return { connectionString: devConnectionString(endpoint), endpoint, pid: server.pid, stop: () => server.stop() };
}
