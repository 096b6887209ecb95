/**
 * A TCP proxy between the bot and its database that counts MongoDB commands on the wire, by name
 * (OP_MSG: the first key of the command document). Engine-agnostic: jongodb, FerretDB, MongoDB.
 * Connection-management commands (hello, ping…) are counted apart: they are not per request.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

const OP_MSG = 2013;
const HOUSEKEEPING = new Set([
  'hello',
  'ismaster',
  'isMaster',
  'ping',
  'buildInfo',
  'buildinfo',
  'saslStart',
  'saslContinue',
  'endSessions',
  'getParameter',
]);

export class DbCommandCounter {
  private server?: Server;
  private readonly counts = new Map<string, number>();
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<number> {
    this.server = createServer((client) => {
      const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
      this.sockets.add(client).add(upstream);
      let pending = Buffer.alloc(0);
      client.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 16) {
          const length = pending.readInt32LE(0);
          if (pending.length < length) break;
          this.count(pending.subarray(0, length));
          pending = pending.subarray(length);
        }
        upstream.write(chunk);
      });
      upstream.pipe(client);
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('close', close).on('error', close);
      upstream.on('close', close).on('error', close);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server!.address() as { port: number }).port;
  }

  /** Counts since the last reset, without housekeeping commands. */
  snapshot(): Map<string, number> {
    return new Map([...this.counts].filter(([name]) => !HOUSEKEEPING.has(name)));
  }

  reset(): void {
    this.counts.clear();
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private count(message: Buffer): void {
    if (message.readInt32LE(12) !== OP_MSG) return;
    // flagBits (4), then sections; kind 0 is the command document: length, type byte, key cstring.
    let at = 20;
    while (at < message.length) {
      const kind = message.readUInt8(at);
      if (kind === 0) {
        const keyStart = at + 1 + 4 + 1;
        const keyEnd = message.indexOf(0, keyStart);
        const name = message.toString('utf8', keyStart, keyEnd);
        this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
        return;
      }
      at += 1 + message.readInt32LE(at + 1);
    }
  }
}

/** Host and port of a mongodb:// URI (the first host). */
export function hostPortOf(uri: string): { host: string; port: number; rest: string } {
  const m = /^mongodb:\/\/(?:[^@/]*@)?([^:/,]+)(?::(\d+))?(.*)$/.exec(uri);
  if (!m) throw new Error(`cannot proxy ${uri}`);
  return { host: m[1]!, port: Number(m[2] ?? 27017), rest: m[3] ?? '/' };
}
