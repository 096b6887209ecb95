import { freePort, startChildServer } from './child-server';

/** Azurite's well-known development account (public: it is in Microsoft's documentation). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

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

/** Starts Azurite's blob service (in memory) as a child process and waits until it listens. */
export async function startEmbeddedAzurite(timeoutMs = 30_000): Promise<EmbeddedAzurite> {
  const port = await freePort();
  // Only the well-known development account: a stray AZURITE_ACCOUNTS must not change it.
  const env = { ...process.env };
  delete env.AZURITE_ACCOUNTS;
  const server = await startChildServer({
    name: 'Azurite',
    command: process.execPath,
    args: [
      azuriteBlobMain(),
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--skipApiVersionCheck',
      '--loose',
      '--silent',
    ],
    env,
    ready: /successfully listens on/i,
    timeoutMs,
  });
  const endpoint = `http://127.0.0.1:${port}/${DEV_ACCOUNT}`;
  return { connectionString: devConnectionString(endpoint), endpoint, pid: server.pid, stop: () => server.stop() };
}
