/**
 * What the hostile-input suite (test/security) needs beyond scene.ts: a claim waiting for a file
 * sent in chat, what a file that did not land must not leave behind, and stand-in servers that
 * misbehave on purpose (an HTTP server that redirects, stalls or trickles, a TCP listener that
 * counts connections, a database that can come back empty).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { BOB, message, type UserSpec } from './activities';
import { cardText, type TestBot } from './app';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/store/embedded-mongo';
import { testMongoUri } from './db';
import { closeServer, listenLocal } from './local-server';
import { uploadUrlOf, type Organisation } from './scene';
import { TcpProxy } from './tcp-proxy';
import { COLLECTIONS } from '../../src/store/mongo';
import { fileAttachment, storedFor } from './uploads';

export const INVOICE = {
  vendor: 'PrintCo',
  invoiceNumber: '4411',
  invoiceDate: '2026-09-20',
  amount: '1200.50',
  currency: 'USD',
};

/** The documents a claim holds now (`claim.documents`). */
export async function documentsOf(bot: TestBot, claimId: string): Promise<Array<Record<string, unknown>>> {
  const claim = await bot.app.db.collection(COLLECTIONS.claims).findOne({ _id: claimId as never });
  if (!claim) throw new Error(`no claim ${claimId}`);
  return (claim.documents ?? []) as Array<Record<string, unknown>>;
}

/**
 * A claim of its own in Editing, made by Bob, with an open slot for an "other" document (Add
 * document; it needs no details), so a file Bob sends in his 1:1 chat naming the claim lands at once.
 */
export async function aClaimAwaitingFile(
  org: Organisation,
  who: UserSpec = BOB,
): Promise<{ claimId: string; number: string }> {
  const claim = await org.newClaim({}, who);
  const res = await org.press(
    'document.add',
    { claimId: claim.claimId, version: claim.version, kind: 'other', title: 'Photos' },
    who,
  );
  if (!cardText(res.body.value).includes('/upload/'))
    throw new Error(`no upload slot opened: ${cardText(res.body.value).slice(0, 300)}`);
  return { claimId: claim.claimId, number: claim.number };
}

/** Add document → invoice details, as Bob: the upload page link the card offers. */
export async function invoiceLink(org: Organisation, claimId: string): Promise<string> {
  const now = await org.current(claimId);
  const res = await org.press('document.add', { claimId, version: now.version, kind: 'invoice', ...INVOICE });
  return uploadUrlOf(org.bot, res.body.value);
}

/** What a file that did not land must not have left: blobs (even uncommitted), documents, staged uploads. */
export async function leftBehind(org: Organisation, claimId: string) {
  const { blobs, documents } = await storedFor(org.bot, claimId, org.tenantId);
  const staged = await org.bot.app.db.collection(COLLECTIONS.stagedUploads).countDocuments({ claimId });
  return { blobs, documents, staged };
}

export const NOTHING_LEFT = { blobs: 0, documents: 0, staged: 0 };

/**
 * Sends a file in `who`'s 1:1 chat (the message text names the claim) and returns what the bot
 * answered to that message (its replies only, when several files are sent at once).
 */
export async function sendFile(
  org: Organisation,
  name: string,
  url: string,
  text = '',
  who: UserSpec = BOB,
): Promise<{ status: number; reply: string }> {
  const chat = org.personal(who);
  const mark = org.mark();
  const activity = message(chat, who, text, { attachments: [fileAttachment(name, url)] });
  const res = await org.bot.post(activity);
  const reply = org
    .sentTo(chat, mark)
    .filter((c) => c.method === 'POST' && c.activityId === activity.id)
    .map((c) => `${String(c.body.text ?? '')}${cardText(c.body.attachments)}`)
    .join('\n');
  return { status: res.status, reply };
}

/** Polls `check` until it holds (a wait for work the bot does in the background, not a timing assertion). */
export async function eventually(check: () => Promise<boolean>, what: string, attempts = 600): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`still waiting for ${what}`);
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** An HTTP stand-in whose every path does what the test scripts: serve, redirect, stall, trickle. */
export class ScriptedServer {
  private server?: Server;
  private readonly routes = new Map<string, Handler>();
  readonly hits: string[] = [];
  /** Responses still open (stalled ones), ended by stop(). */
  private readonly open = new Set<ServerResponse>();

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.hits.push(req.url ?? '');
      this.open.add(res);
      res.once('close', () => this.open.delete(res));
      const route = this.routes.get(req.url ?? '');
      if (!route) {
        res.statusCode = 404;
        res.end('not found');
        return;
      }
      route(req, res);
    });
    await listenLocal(this.server);
    return this;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Registers a path and returns its full URL. */
  on(path: string, handler: Handler): string {
    this.routes.set(path, handler);
    return `${this.origin}${path}`;
  }

  serve(path: string, data: Buffer, status = 200): string {
    return this.on(path, (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/octet-stream', 'content-length': String(data.length) });
      res.end(data);
    });
  }

  redirect(path: string, location: string, status = 302): string {
    return this.on(path, (_req, res) => {
      res.writeHead(status, { location });
      res.end();
    });
  }

  stop(): Promise<void> {
    for (const res of this.open) res.destroy();
    return closeServer(this.server);
  }
}

/** A bare TCP listener that only counts who connects (proves a request never left the bot). */
export class ConnectionCounter {
  private server?: TcpServer;
  private readonly sockets = new Set<Socket>();
  connections = 0;

  async start(): Promise<this> {
    this.server = createTcpServer((socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.once('close', () => this.sockets.delete(socket));
      socket.resume();
    });
    this.server.listen(0, '127.0.0.1');
    await new Promise((resolve) => this.server!.once('listening', resolve));
    return this;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/**
 * A database the test can make "come back empty" while the bot runs: on engines that can drop a
 * database (FerretDB, MongoDB) by dropping it; on the embedded engine (which cannot drop
 * anything) by a restart: the bot talks to its own jongodb through a TCP stand-in, which is
 * switched to a fresh, empty jongodb.
 */
export class EmptiableDatabase {
  private constructor(
    readonly uri: string,
    private readonly proxy: TcpProxy | undefined,
    private server: EmbeddedMongo | undefined,
  ) {}

  static async start(): Promise<EmptiableDatabase> {
    if (process.env.TEST_ENGINE !== 'jongodb') return new EmptiableDatabase(testMongoUri(), undefined, undefined);
    const server = await startEmbeddedMongo();
    const proxy = await TcpProxy.forUri(server.uri).start();
    return new EmptiableDatabase(proxy.uriFor(server.uri), proxy, server);
  }

  /** Everything gone: documents, collections, indexes. Waits until the bot can reach the database again. */
  async empty(bot: TestBot): Promise<void> {
    if (!this.proxy) {
      await bot.app.db.dropDatabase();
      return;
    }
    const fresh = await startEmbeddedMongo();
    const old = this.server;
    this.server = fresh;
    this.proxy.retarget(fresh.uri);
    await old?.stop();
    await eventually(
      async () => (await fetch(`${bot.app.url}/readyz`)).status === 200,
      'the bot to reach the restarted database',
    );
  }

  async stop(): Promise<void> {
    await this.proxy?.stop();
    await this.server?.stop();
  }
}
