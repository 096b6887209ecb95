import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP stand-in in front of a real server (the test database) that can be switched to behave
 * like a database that hangs rather than dies: connections are accepted, bytes are read, and
 * nothing ever comes back — on the connections already open and on new ones.
 */
export class HangingProxy {
  private server?: Server;
  private hanging = false;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** A proxy in front of the host and port of a mongodb:// URI. */
  static forUri(uri: string): HangingProxy {
    const { hostname, port } = new URL(uri);
    return new HangingProxy(hostname, Number(port || 27017));
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
