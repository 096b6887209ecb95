import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP stand-in in front of a real server (the test database). It can be switched to behave like
 * a database that hangs rather than dies (connections are accepted, bytes are read, and nothing
 * ever comes back — on the connections already open and on new ones), or pointed at another
 * server as if the database had restarted.
 */
export class TcpProxy {
  private server?: Server;
  private hanging = false;
  /** Requests are swallowed (answers to those already sent still come back). */
  private deaf = false;
  private deafAfter?: { command: string; collection: string };
  private readonly sockets = new Set<Socket>();

  constructor(
    private targetHost: string,
    private targetPort: number,
  ) {}

  /** A proxy in front of the host and port of a mongodb:// URI. */
  static forUri(uri: string): TcpProxy {
    const { hostname, port } = new URL(uri);
    return new TcpProxy(hostname, Number(port || 27017));
  }

  async start(): Promise<this> {
    this.server = createServer((client) => this.accept(client));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  /** The same URI, pointed at this proxy. */
  uriFor(uri: string): string {
    const url = new URL(uri);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  /** From now on nothing is answered (bytes sent to the database are swallowed). */
  hang(): void {
    this.hanging = true;
  }

  /**
   * Lets one `command` on `collection` through (and its answer back), then swallows every later
   * request: the database took that write and then stopped answering — e.g. a claim's History event
   * stored, and nothing after it.
   */
  hangAfter(command: string, collection: string): void {
    this.deafAfter = { command, collection };
  }

  /** Back to normal for new connections (connections that hung stay dead, as after a real hang). */
  resume(): void {
    this.hanging = false;
    this.deaf = false;
    this.deafAfter = undefined;
  }

  /**
   * Points the proxy at another server and cuts every open connection, as a restart of the
   * database would: the bot's driver reconnects and finds the new server.
   */
  retarget(uri: string): void {
    const { hostname, port } = new URL(uri);
    this.targetHost = hostname;
    this.targetPort = Number(port || 27017);
    for (const s of this.sockets) s.destroy();
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (!this.server) return;
    const closed = once(this.server, 'close');
    this.server.close();
    await closed;
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  private accept(client: Socket): void {
    this.track(client);
    if (this.hanging) {
      client.resume(); // read and drop: the peer sees an open connection that never answers
      return;
    }
    const upstream = connect(this.targetPort, this.targetHost);
    this.track(upstream);
    let pending = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      if (this.hanging || this.deaf) return;
      upstream.write(chunk);
      if (!this.deafAfter) return;
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 16 && pending.length >= pending.readInt32LE(0)) {
        const length = pending.readInt32LE(0);
        const target = commandOf(pending.subarray(0, length));
        pending = pending.subarray(length);
        if (target?.command === this.deafAfter.command && target.collection === this.deafAfter.collection) {
          this.deaf = true;
          pending = Buffer.alloc(0);
          return;
        }
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!this.hanging) client.write(chunk);
    });
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  }
}

const OP_MSG = 2013;

/** The command name and its string argument (the collection) of an OP_MSG request, if it is one. */
function commandOf(message: Buffer): { command: string; collection: string } | undefined {
  if (message.readInt32LE(12) !== OP_MSG) return undefined;
  // header (16), flagBits (4), then the kind-0 section: the command document.
  let at = 20;
  while (at < message.length) {
    const kind = message.readUInt8(at);
    if (kind === 0) {
      const type = message.readUInt8(at + 1 + 4);
      const keyStart = at + 1 + 4 + 1;
      const keyEnd = message.indexOf(0, keyStart);
      const command = message.toString('utf8', keyStart, keyEnd);
      if (type !== 0x02) return { command, collection: '' };
      const length = message.readInt32LE(keyEnd + 1);
      return { command, collection: message.toString('utf8', keyEnd + 5, keyEnd + 5 + length - 1) };
    }
    at += 1 + message.readInt32LE(at + 1);
  }
  return undefined;
}
