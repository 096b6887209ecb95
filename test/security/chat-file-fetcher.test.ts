import {
  ChatFileFailedError,
  ChatFileFetcher,
  ChatFileRefusedError,
  type ResolvedAddress,
} from '../../src/http/chat-file-fetcher';
import { ConnectionCounter } from '../support/security';

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
