import {
  ChatFileFailedError,
  ChatFileFetcher,
  ChatFileRefusedError,
  ChatFileShutdownError,
  type ResolvedAddress,
} from '../../src/http/chat-file-fetcher';
import { PassThrough } from 'node:stream';
import { AzureBlobStore } from '../../src/store/blob-store';
import { StreamingFileChecker } from '../../src/store/file-check';
import { uniqueDbName } from '../support/db';
import { FILES } from '../support/files';
import { ConnectionCounter, eventually, ScriptedServer } from '../support/security';

/**
 * The fetcher itself, on real sockets, with a stand-in for DNS: the name is resolved once, the
 * answer is checked, and the connection goes to the checked address — a second, different answer
 * (DNS rebinding) is never asked for or used.
 */
describe('chat file fetcher: resolving and pinning', () => {
  let counter: ConnectionCounter;

  beforeEach(async () => {
    counter = await new ConnectionCounter().start();
  });
  afterEach(() => counter.stop());

  function fetcher(
    resolve: (host: string) => Promise<readonly ResolvedAddress[]>,
    addressAllowed?: (a: string) => boolean,
  ) {
    return new ChatFileFetcher({
      policy: { hosts: [`files.example.test:${counter.port}`], devOrigins: [] },
      connectTimeoutMs: 500,
      idleTimeoutMs: 500,
      totalTimeoutMs: 5000,
      maxConcurrent: 4,
      resolve,
      ...(addressAllowed ? { addressAllowed } : {}),
    });
  }

  it('when the name answers a checked address first and another one later then the connection goes to the checked one, resolved once', async () => {
    const asked: string[] = [];
    const rebinding = async (host: string): Promise<ResolvedAddress[]> => {
      asked.push(host);
      return asked.length === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.255.255.1', family: 4 }];
    };
    // This test lets 127.0.0.1 stand for "a public address": the stand-in server lives there.
    const f = fetcher(rebinding, (a) => a === '127.0.0.1');
    await expect(
      f.open({ url: `https://files.example.test:${counter.port}/file.pdf`, name: 'file.pdf', maxBytes: 1000 }),
    ).rejects.toBeInstanceOf(ChatFileFailedError); // the stand-in speaks no TLS: the handshake times out
    expect(asked).toEqual(['files.example.test']);
    // The stand-in may see the connection only after the fetcher gave up on it (a busy event loop).
    await eventually(async () => counter.connections > 0, 'the connection to the checked address');
    expect(counter.connections).toBe(1);
    expect(f.inFlight).toBe(0);
  });

  it.each([
    ['a loopback address', [{ address: '127.0.0.1', family: 4 }]],
    ['an IPv4-mapped loopback address', [{ address: '::ffff:127.0.0.1', family: 6 }]],
    ['the cloud metadata address', [{ address: '169.254.169.254', family: 4 }]],
    [
      'a public and a private address',
      [
        { address: '13.107.136.9', family: 4 },
        { address: '10.0.0.7', family: 4 },
      ],
    ],
  ] as const)(
    'when an allowed name resolves to %s then the download is refused before any connection',
    async (_, addresses) => {
      const f = fetcher(async () => addresses);
      const opened = f.open({ url: `https://files.example.test:${counter.port}/f.pdf`, name: 'f.pdf', maxBytes: 1000 });
      await expect(opened).rejects.toBeInstanceOf(ChatFileRefusedError);
      await expect(opened).rejects.toMatchObject({
        userMessage: expect.not.stringMatching(/127|169|10\.0|files\.example|\d{4,5}/),
      });
      expect(counter.connections).toBe(0);
      expect(f.inFlight).toBe(0);
    },
  );

  it('when the name cannot be resolved then the download fails with the same words as any other failure', async () => {
    const f = fetcher(async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND files.example.test'), { code: 'ENOTFOUND' });
    });
    await expect(
      f.open({ url: `https://files.example.test:${counter.port}/f.pdf`, name: 'f.pdf', maxBytes: 1000 }),
    ).rejects.toMatchObject({
      userMessage: "I couldn't download f.pdf from Teams. Nothing was saved — please send it again.",
    });
    expect(counter.connections).toBe(0);
  });
});

describe('chat file fetcher: failures before anyone reads', () => {
  it('when the app shuts down after the headers arrived but before the upload reads the file then nothing crashes and the upload hears why', async () => {
    const files = await new ScriptedServer().start();
    try {
      const url = files.on('/held.pdf', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.write(FILES.pdf());
      });
      const f = new ChatFileFetcher({
        policy: { hosts: [], devOrigins: [files.origin] },
        connectTimeoutMs: 2000,
        idleTimeoutMs: 2000,
        totalTimeoutMs: 10_000,
        maxConcurrent: 2,
      });
      const stream = await f.open({ url, name: 'held.pdf', maxBytes: 1_000_000 });
      f.shutdown();
      await new Promise((resolve) => setImmediate(resolve));
      const blobs = await AzureBlobStore.open({
        connectionString: process.env.TEST_AZURE_STORAGE_CONNECTION_STRING!,
        container: uniqueDbName('c').toLowerCase().replace(/_/g, '-'),
      });
      // What DocumentService.store does once the claim is loaded: check the stream on its way into Blob.
      const check = new StreamingFileChecker().check(stream, 'held.pdf', 'pdf', 1_000_000);
      await expect(blobs.put('tenant-a/claim-1/held', check.stream)).rejects.toBeInstanceOf(ChatFileShutdownError);
      expect(await blobs.list('tenant-a/')).toEqual([]);
      expect(f.inFlight).toBe(0);
      await blobs.container.delete();
    } finally {
      await files.stop();
    }
  });

  it('when a source fails in the same moment the check starts (its error not yet emitted) then the check takes that error and nothing is uncaught', async () => {
    const source = new PassThrough();
    const failure = new ChatFileShutdownError('held.pdf');
    source.destroy(failure); // sets errored now, emits 'error' on the next tick
    const check = new StreamingFileChecker().check(source, 'held.pdf', 'pdf', 1000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(check.stream.errored).toBe(failure);
  });
});
