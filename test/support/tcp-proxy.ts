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

  /** Back to normal for new connections (connections that hung stay dead, as after a real hang). */
  resume(): void {
    this.hanging = false;
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
    const forward = (from: Socket, to: Socket) => {
      from.on('data', (chunk: Buffer) => {
        if (!this.hanging) to.write(chunk);
      });
    };
    forward(client, upstream);
    forward(upstream, client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  }
}
