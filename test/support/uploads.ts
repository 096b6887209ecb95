import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AzureBlobStore } from '../../src/store/blob-store';
import { COLLECTIONS } from '../../src/store/mongo';
import { cardText, type TestBot } from './app';
import { closeServer, listenLocal } from './local-server';

/** The Action.OpenUrl "Upload file" of a card, pointed at the test server. */
export function uploadLinkOf(bot: TestBot, card: unknown): string {
  let url: string | undefined;
  const walk = (n: unknown) => {
    if (url || !n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'Action.OpenUrl' && typeof o.url === 'string' && o.url.includes('/upload/')) url = o.url;
    else Object.values(o).forEach(walk);
  };
  walk(card);
  if (!url) throw new Error(`no upload link on the card: ${cardText(card).slice(0, 400)}`);
  expect(url.startsWith(`${bot.app.deps.settings.publicUrl()}/upload/`)).toBe(true);
  return url.replace(/^https?:\/\/[^/]+/, bot.app.url);
}

/** Every Action.OpenUrl of a card (download links). */
export function openUrls(card: unknown): Array<{ title: string; url: string }> {
  const out: Array<{ title: string; url: string }> = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'Action.OpenUrl') out.push({ title: String(o.title), url: String(o.url) });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

export async function blobsOf(bot: TestBot): Promise<AzureBlobStore> {
  return AzureBlobStore.open({
    connectionString: process.env.TEST_AZURE_STORAGE_CONNECTION_STRING!,
    container: bot.blobContainer,
  });
}

/** What a failed upload must not have left: blobs (even uncommitted), document rows, History events. */
export async function storedFor(bot: TestBot, claimId: string, tenantId = bot.where.tenantId) {
  const blobs = await blobsOf(bot);
  return {
    blobs: (await blobs.list(`${tenantId}/${claimId}/`)).length,
    documents: ((await bot.app.db.collection(COLLECTIONS.claims).findOne({ _id: claimId as never }))?.documents ?? [])
      .length,
    events: await bot.app.db.collection(COLLECTIONS.events).countDocuments({ claimId }),
  };
}

/** A local stand-in for the download URLs Teams gives a bot for a file sent in chat. */
export class FileServer {
  private server?: Server;
  private readonly files = new Map<string, { data: Buffer; status: number }>();
  readonly hits: string[] = [];

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.hits.push(req.url ?? '');
      const file = this.files.get(req.url ?? '');
      if (!file) {
        res.statusCode = 404;
        res.end('not found');
        return;
      }
      res.statusCode = file.status;
      res.setHeader('content-type', 'application/octet-stream');
      res.setHeader('content-length', String(file.data.length));
      res.end(file.data);
    });
    await listenLocal(this.server);
    return this;
  }

  /** Where it listens: what a test allows as a development download origin (CHAT_FILE_DEV_ORIGINS). */
  get origin(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  serve(name: string, data: Buffer, status = 200): string {
    const path = `/files/${encodeURIComponent(name)}-${this.files.size}`;
    this.files.set(path, { data, status });
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}${path}`;
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }
}

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/** A Teams file attachment, as a bot receives it in a 1:1 chat. */
export function fileAttachment(name: string, downloadUrl: string) {
  const dot = name.lastIndexOf('.');
  return {
    contentType: FILE_DOWNLOAD_INFO,
    name,
    content: {
      downloadUrl,
      uniqueId: `u-${Math.random().toString(36).slice(2)}`,
      fileType: dot >= 0 ? name.slice(dot + 1) : '',
    },
  };
}
