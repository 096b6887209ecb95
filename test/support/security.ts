/**
 * Arrangements the hostile-input suite (test/security) shares: a claim made by the tenant's admin,
 * an upload slot for it, a 1:1 chat, and stand-in servers that misbehave on purpose.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ANN, message, type UserSpec, type Where } from './activities';
import { cardText, findAction, TestBot, VALID_FORM, type InvokeResult } from './app';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/store/embedded-mongo';
import { testMongoUri } from './db';
import { closeServer, listenLocal } from './local-server';
import { TcpProxy } from './tcp-proxy';
import { COLLECTIONS } from '../../src/store/mongo';
import { blobsOf, fileAttachment, uploadLinkOf } from './uploads';

export interface ClaimRef {
  readonly claimId: string;
  readonly version: number;
}

export const INVOICE = {
  vendor: 'PrintCo',
  invoiceNumber: '4411',
  invoiceDate: '2026-09-20',
  amount: '1200.50',
  currency: 'USD',
};

export function refOf(res: InvokeResult): ClaimRef {
  const action = findAction(res.body.value, 'claim.comment');
  if (!action) throw new Error(`no claim card in the answer: ${cardText(res.body.value).slice(0, 300)}`);
  return action.data as ClaimRef;
}

/**
 * A claim in Editing, made by the tenant's first person (its admin while authentication is off),
 * so the arrangement holds whatever roles newcomers get.
 */
export async function aClaim(bot: TestBot, where: Where = bot.where): Promise<ClaimRef> {
  await bot.funds('ADD-PC', '2026-Q3', '50000', ANN, where);
  return refOf(await bot.press('claim.create', VALID_FORM, ANN, where, `claim-card-${Math.random()}`));
}

export async function currentRef(bot: TestBot, claimId: string, where: Where = bot.where): Promise<ClaimRef> {
  return refOf(await bot.press('claim.refresh', { claimId }, ANN, where));
}

/**
 * A claim of its own with an open slot for an "other" document (Add document; it needs no
 * details), so a file the admin sends in the 1:1 chat naming the claim number lands at once.
 */
export async function aClaimAwaitingFile(bot: TestBot): Promise<{ claimId: string; number: string }> {
  const { claimId } = await aClaim(bot);
  await bot.press('document.add', { ...(await currentRef(bot, claimId)), kind: 'other', title: 'Photos' }, ANN);
  const claim = await bot.app.db.collection(COLLECTIONS.claims).findOne({ _id: claimId as never });
  return { claimId, number: String(claim?.number) };
}

/** What a file that did not land must not have left: blobs (even uncommitted), staged uploads, documents. */
export async function leftBehind(bot: TestBot, claimId: string) {
  const blobs = await blobsOf(bot);
  return {
    blobs: (await blobs.list(`${bot.where.tenantId}/${claimId}/`)).length,
    staged: await bot.app.db.collection(COLLECTIONS.stagedUploads).countDocuments({ claimId }),
    documents: await bot.app.db.collection(COLLECTIONS.documents).countDocuments({ claimId }),
  };
}

export const NOTHING_LEFT = { blobs: 0, staged: 0, documents: 0 };

/** Add document → invoice details: the upload page link the card offers. */
export async function invoiceLink(bot: TestBot, claimId: string): Promise<string> {
  const res = await bot.press(
    'document.add',
    { ...(await currentRef(bot, claimId)), kind: 'invoice', ...INVOICE },
    ANN,
  );
  return uploadLinkOf(bot, res.body.value);
}

export function personalChat(bot: TestBot, who: UserSpec = ANN): Where {
  return {
    tenantId: bot.where.tenantId,
    conversationId: `a:personal-${who.id}`,
    serviceUrl: bot.connector.url,
    conversationType: 'personal',
  };
}

/** Sends a file in the 1:1 chat and returns the text the bot answered there. */
export async function sendFile(
  bot: TestBot,
  name: string,
  url: string,
  who: UserSpec = ANN,
  text = '',
): Promise<{ status: number; reply: string }> {
  const where = personalChat(bot, who);
  const before = bot.connector.calls.length;
  const res = await bot.post(message(where, who, text, { attachments: [fileAttachment(name, url)] }));
  const reply = bot.connector.calls
    .slice(before)
    .filter((c) => c.conversationId === where.conversationId && c.method === 'POST')
    .map((c) => `${String(c.body.text ?? '')}${cardText(c.body.attachments)}`)
    .join('\n');
  return { status: res.status, reply };
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
    for (let i = 0; i < 100; i++) {
      if ((await fetch(`${bot.app.url}/readyz`)).status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the bot did not reach the restarted database');
  }

  async stop(): Promise<void> {
    await this.proxy?.stop();
    await this.server?.stop();
  }
}
