import { lookup } from 'node:dns/promises';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import { DomainError, UploadRejectedError } from '../domain/errors';
import { formatBytes } from '../domain/file-rules';
import { isPublicAddress } from './address-rules';
import { checkDownloadUrl, type DownloadPolicy } from './host-rules';

/** Hops followed for one file (SharePoint answers a download link directly or after one or two). */
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

export interface ChatFileFetcherOptions {
  readonly policy: DownloadPolicy;
  /** From sending the request until the response headers: connect, TLS and the first byte. */
  readonly connectTimeoutMs: number;
  /** Longest pause between two chunks of the body. */
  readonly idleTimeoutMs: number;
  /** The whole download, redirects included. */
  readonly totalTimeoutMs: number;
  /** Downloads at the same time on this instance. */
  readonly maxConcurrent: number;
  /** Name resolution; the system resolver unless a test stands in for DNS. */
  readonly resolve?: (hostname: string) => Promise<readonly ResolvedAddress[]>;
  /** Which resolved addresses may be connected to; public ones unless a test says otherwise. */
  readonly addressAllowed?: (address: string) => boolean;
}

/**
 * A chat file that was not received. `reason` (the error's `logReason`) is for the log only (it may
 * name a host, a port or an upstream status); the user sees the message, which never does.
 */
export abstract class ChatFileError extends UploadRejectedError {
  constructor(
    code: 'UPLOAD.REJECTED' | 'UPLOAD.ABORTED',
    message: string,
    readonly reason: string,
  ) {
    super(message, code, reason);
  }
}

/** The link is not one the bot fetches: not https, not a Teams/SharePoint host, a private address… */
export class ChatFileRefusedError extends ChatFileError {
  constructor(fileName: string, reason: string) {
    super(
      'UPLOAD.REJECTED',
      `I only download files that Teams hands me, and the link for ${fileName} is not one of them. Nothing was saved — attach the file again in this chat.`,
      reason,
    );
  }
}

/** The download did not complete (no answer, an error answer, a stall, too slow): one message for all. */
export class ChatFileFailedError extends ChatFileError {
  constructor(fileName: string, reason: string) {
    super(
      'UPLOAD.ABORTED',
      `I couldn't download ${fileName} from Teams. Nothing was saved — please send it again.`,
      reason,
    );
  }
}

export class ChatFilesBusyError extends ChatFileError {
  constructor(fileName: string) {
    super(
      'UPLOAD.ABORTED',
      `I'm busy receiving other files right now. Nothing was saved — send ${fileName} again in a minute.`,
      'too many chat downloads at once',
    );
  }
}

export class ChatFileShutdownError extends ChatFileError {
  constructor(fileName: string) {
    super(
      'UPLOAD.ABORTED',
      `The bot is restarting, so I stopped receiving ${fileName}. Nothing was saved — send the file again in a minute.`,
      'the bot is shutting down',
    );
  }
}

export interface ChatFileRequest {
  readonly url: string;
  /** For messages only: the name the user gave the file. */
  readonly name: string;
  readonly maxBytes: number;
}

/**
 * Downloads the files people send the bot in a 1:1 chat, as safely as a server can fetch a URL a
 * user controls (with authentication off, anyone can post any downloadUrl):
 * - only allow-listed hosts over https:443, or an exact development origin (config: CHAT_FILE_*);
 * - the host name is resolved once, every address must be public, and the connection goes to the
 *   address that was checked (DNS rebinding cannot switch it);
 * - redirects are followed by hand, each hop checked like the first, at most MAX_REDIRECTS;
 * - a deadline for the response headers, one between chunks, one for the whole download;
 * - at most maxConcurrent downloads at once; shutdown() ends all of them.
 * One per app (main.ts), so its slots and its shutdown belong to that app.
 */
export class ChatFileFetcher {
  private readonly stopping = new AbortController();
  private active = 0;
  private readonly resolve: (hostname: string) => Promise<readonly ResolvedAddress[]>;
  private readonly addressAllowed: (address: string) => boolean;

  constructor(private readonly options: ChatFileFetcherOptions) {
    this.resolve = options.resolve ?? systemResolve;
    this.addressAllowed = options.addressAllowed ?? isPublicAddress;
  }

  get inFlight(): number {
    return this.active;
  }

  /**
   * Ends every download in flight (each fails with ChatFileShutdownError, so its upload discards
   * what it staged and its user is told) and refuses new ones.
   */
  shutdown(): void {
    this.stopping.abort();
  }

  /** Whether the URL passes the policy (its addresses are only checked when it is opened). */
  allows(url: string): boolean {
    return checkDownloadUrl(url, this.options.policy).ok;
  }

  /** Opens the file: resolves with its body as a stream once a 2xx answer arrived. */
  async open(file: ChatFileRequest): Promise<Readable> {
    if (this.stopping.signal.aborted) throw new ChatFileShutdownError(file.name);
    if (this.active >= this.options.maxConcurrent) throw new ChatFilesBusyError(file.name);
    this.active++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.active--;
    };
    // One signal per download: the app shutting down, or the total deadline.
    const controller = new AbortController();
    const onStop = () => controller.abort(new ChatFileShutdownError(file.name));
    this.stopping.signal.addEventListener('abort', onStop, { once: true });
    const total = setTimeout(
      () => controller.abort(new ChatFileFailedError(file.name, `not done within ${this.options.totalTimeoutMs} ms`)),
      this.options.totalTimeoutMs,
    );
    const finish = () => {
      clearTimeout(total);
      this.stopping.signal.removeEventListener('abort', onStop);
      release();
    };
    try {
      const res = await this.follow(file, controller.signal);
      return this.body(file, res, controller.signal, finish);
    } catch (err) {
      finish();
      throw err;
    }
  }

  /** Requests the URL and each redirect in turn; resolves with the first 2xx response. */
  private async follow(file: ChatFileRequest, signal: AbortSignal): Promise<IncomingMessage> {
    let target = file.url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const verdict = checkDownloadUrl(target, this.options.policy);
      if (!verdict.ok) throw new ChatFileRefusedError(file.name, `${verdict.reason} (hop ${hop})`);
      const pinned = verdict.via === 'allow-list' ? await this.pin(file, verdict.url.hostname, signal) : undefined;
      const res = await this.request(file, verdict.url, pinned, signal);
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        res.destroy();
        const location = res.headers.location;
        if (!location) throw new ChatFileFailedError(file.name, `redirect ${status} without a location`);
        try {
          target = new URL(location, verdict.url).toString();
        } catch {
          throw new ChatFileRefusedError(file.name, 'redirect to a malformed location');
        }
        continue;
      }
      if (status < 200 || status >= 300) {
        res.destroy();
        throw new ChatFileFailedError(file.name, `upstream answered ${status} (${verdict.url.host})`);
      }
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > file.maxBytes) {
        res.destroy();
        throw new UploadRejectedError(
          `${file.name} is larger than the ${formatBytes(file.maxBytes)} limit. Nothing was saved — send a smaller file (or split it).`,
          'UPLOAD.TOO_LARGE',
        );
      }
      return res;
    }
    throw new ChatFileRefusedError(file.name, `more than ${MAX_REDIRECTS} redirects`);
  }

  /** Resolves the host once and picks the address to connect to; any non-public answer refuses it. */
  private async pin(file: ChatFileRequest, hostname: string, signal: AbortSignal): Promise<ResolvedAddress> {
    let addresses: readonly ResolvedAddress[];
    try {
      addresses = await abortable(this.resolve(hostname.replace(/\.$/, '')), signal);
    } catch (err) {
      if (err instanceof DomainError) throw err;
      throw new ChatFileFailedError(file.name, `could not resolve ${hostname}`);
    }
    const refused = addresses.find((a) => !this.addressAllowed(a.address));
    if (refused) throw new ChatFileRefusedError(file.name, `${hostname} resolves to ${refused.address}`);
    const first = addresses[0];
    if (!first) throw new ChatFileFailedError(file.name, `${hostname} has no address`);
    return first;
  }

  /** One GET, connected to `pinned` when given; rejects when no headers arrive in time. */
  private request(
    file: ChatFileRequest,
    url: URL,
    pinned: ResolvedAddress | undefined,
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    return new Promise<IncomingMessage>((resolve, reject) => {
      signal.throwIfAborted();
      const lookupPinned: LookupFunction = (_host, opts, callback) => {
        if (opts.all) callback(null, [{ address: pinned!.address, family: pinned!.family }]);
        else callback(null, pinned!.address, pinned!.family);
      };
      const req: ClientRequest = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
        method: 'GET',
        agent: false, // a fresh connection per hop: nothing pooled outlives the address check
        headers: { accept: '*/*', 'user-agent': 'coop-claims-bot' },
        ...(pinned ? { lookup: lookupPinned } : {}),
      });
      const onAbort = () => req.destroy(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(
        () => req.destroy(new ChatFileFailedError(file.name, `no answer within ${this.options.connectTimeoutMs} ms`)),
        this.options.connectTimeoutMs,
      );
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
      req.once('response', (res) => {
        done();
        resolve(res);
      });
      // `on`, not `once`: a socket can fail again after the first error, and a second 'error' with
      // no listener would be uncaught.
      req.on('error', (err) => {
        done();
        reject(err instanceof DomainError ? err : new ChatFileFailedError(file.name, `request failed: ${err.message}`));
      });
      req.end();
    });
  }

  /**
   * The body as the caller reads it. It fails (with a ChatFileError, which the upload passes on
   * to the user) when the upstream pauses longer than the idle deadline, the total deadline
   * passes, the upstream closes early or the app shuts down. Pauses the caller causes
   * (backpressure) do not count as idle.
   */
  private body(file: ChatFileRequest, res: IncomingMessage, signal: AbortSignal, finish: () => void): Readable {
    const out = new PassThrough();
    // Between the headers and the upload starting to read (it first loads the claim) nobody listens
    // to the stream: a failure then (shutdown, a deadline) must not become an uncaught 'error'. It
    // is kept on the stream (`errored`) and the reader finds it there (StreamingFileChecker).
    out.on('error', () => undefined);
    let idle: NodeJS.Timeout | undefined;
    let ended = false;
    const watch = () => {
      clearTimeout(idle);
      idle = setTimeout(
        () => fail(new ChatFileFailedError(file.name, `no data for ${this.options.idleTimeoutMs} ms`)),
        this.options.idleTimeoutMs,
      );
    };
    const stop = () => {
      clearTimeout(idle);
      signal.removeEventListener('abort', onAbort);
      finish();
    };
    const fail = (err: Error) => {
      stop();
      res.destroy();
      out.destroy(err);
    };
    const onAbort = () => fail(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    res.on('data', (chunk: Buffer) => {
      if (out.write(chunk)) {
        watch();
        return;
      }
      clearTimeout(idle);
      res.pause();
    });
    out.on('drain', () => {
      watch();
      res.resume();
    });
    res.once('end', () => {
      ended = true;
      stop();
      out.end();
    });
    res.on('error', (err) => fail(new ChatFileFailedError(file.name, `download broke off: ${err.message}`)));
    res.once('close', () => {
      if (!ended) fail(new ChatFileFailedError(file.name, 'the connection closed before the end of the file'));
    });
    // The reader gave up (a refused type, a failed store): drop the download too.
    out.once('close', () => {
      if (!ended) {
        stop();
        res.destroy();
      }
    });
    if (signal.aborted) onAbort();
    else watch();
    return out;
  }
}

async function systemResolve(hostname: string): Promise<readonly ResolvedAddress[]> {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

/** Rejects as soon as the signal aborts; the promise itself is left to settle (DNS cannot be cancelled). */
async function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}
