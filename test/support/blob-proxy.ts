import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

interface Link {
  readonly client: Socket;
  readonly upstream: Socket;
  /** Bytes from the store since the last breakAfter(). */
  fromStore: number;
}

export interface Transfer {
  readonly id: number;
  fromStore: number;
  closed: boolean;
}

/**
 * A TCP stand-in in front of the run's Azurite, for a bot that talks to Blob through it. It counts
 * what the store sends back and which connections are open, and can break every response after a
 * number of bytes — a store (or a network) that fails in the middle of a download.
 */
export class BlobProxy {
  private server?: Server;
  private readonly links = new Set<Link>();
  /** Every connection so far, open or closed, with what the store sent on it. */
  readonly connections: Transfer[] = [];
  /** Bytes the store sent through the proxy, in all. */
  bytesFromStore = 0;
  /** When set: every connection is cut once the store sent this many more bytes on it. */
  private cutAfter: number | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** A proxy for the blob endpoint of an Azurite connection string. */
  static forConnectionString(connectionString: string): BlobProxy {
    const endpoint = new URL(/BlobEndpoint=([^;]+)/.exec(connectionString)![1]!);
    return new BlobProxy(endpoint.hostname, Number(endpoint.port));
  }

  async start(): Promise<this> {
    this.server = createServer((client) => this.accept(client));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  /** The same connection string, with its blob endpoint pointed at this proxy. */
  connectionStringFor(connectionString: string): string {
    return connectionString.replace(/(BlobEndpoint=https?:\/\/)[^/;]+/, `$1127.0.0.1:${this.listenPort}`);
  }

  get listenPort(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  /** Connections open between the bot and the store right now. */
  get open(): number {
    return this.links.size;
  }

  /** From now on, each connection (open or new) breaks after `bytes` more bytes from the store. */
  breakAfter(bytes: number): void {
    this.cutAfter = bytes;
    for (const link of this.links) link.fromStore = 0;
  }

  heal(): void {
    this.cutAfter = undefined;
  }

  async stop(): Promise<void> {
    for (const { client, upstream } of this.links) {
      client.destroy();
      upstream.destroy();
    }
    if (!this.server) return;
    const closed = once(this.server, 'close');
    this.server.close();
    await closed;
  }

  /** The connection the store sent the most on since `before` (a copy of `connections` then). */
  busiestSince(before: readonly Transfer[]): Transfer | undefined {
    const sentBefore = (t: Transfer) => before.find((b) => b.id === t.id)?.fromStore ?? 0;
    return [...this.connections].sort((a, b) => b.fromStore - sentBefore(b) - (a.fromStore - sentBefore(a)))[0];
  }

  snapshot(): Transfer[] {
    return this.connections.map((t) => ({ ...t }));
  }

  private accept(client: Socket): void {
    const upstream = connect(this.port, this.host);
    const transfer: Transfer = { id: this.connections.length, fromStore: 0, closed: false };
    this.connections.push(transfer);
    const link: Link = { client, upstream, fromStore: 0 };
    this.links.add(link);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.links.delete(link);
      transfer.closed = true;
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.on('data', (chunk: Buffer) => {
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('drain', () => client.resume());
    upstream.on('data', (chunk: Buffer) => {
      link.fromStore += chunk.length;
      transfer.fromStore += chunk.length;
      this.bytesFromStore += chunk.length;
      if (this.cutAfter !== undefined && link.fromStore > this.cutAfter) {
        close();
        return;
      }
      if (!client.write(chunk)) upstream.pause();
    });
    client.on('drain', () => upstream.resume());
  }
}
