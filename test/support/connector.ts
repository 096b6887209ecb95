import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, listenLocal } from './local-server';

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly conversationId: string;
  readonly activityId?: string;
  readonly body: Record<string, unknown>;
  /** The id the stand-in answered with (of the activity posted, or the conversation created). */
  readonly id?: string;
}

/**
 * A local stand-in for the Bot Connector service: the bot sends replies (POST) and card updates
 * (PUT) to the activity's serviceUrl, and this records them.
 */
export class ConnectorStandIn {
  readonly calls: RecordedCall[] = [];
  private server?: Server;
  private counter = 0;
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.respond(req).then(({ status, body }) => {
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(body));
      });
    });
    await listenLocal(this.server);
    return this.url;
  }

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/`;
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }

  reset(): void {
    this.calls.length = 0;
  }

  /** Replies and updates sent into one conversation. */
  sentTo(conversationId: string): RecordedCall[] {
    return this.calls.filter((c) => c.conversationId === conversationId);
  }

  /** Waits until at least `count` calls have been recorded (bounded). */
  async waitFor(count: number, timeoutMs = 10_000): Promise<void> {
    if (this.calls.length >= count) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`connector saw ${this.calls.length} calls, wanted ${count}`)),
        timeoutMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** People the connector knows (GET …/members/{id} answers them, by Teams id or Entra object id). */
  readonly members = new Map<string, { id: string; aadObjectId: string; name: string }>();

  addMember(member: { id: string; aadObjectId: string; name: string }): void {
    this.members.set(member.id, member);
    this.members.set(member.aadObjectId, member);
  }

  /** The roster of each conversation (GET …/pagedmembers answers it, page by page). */
  readonly rosters = new Map<string, Array<{ id: string; aadObjectId: string; name: string }>>();

  setRoster(conversationId: string, people: ReadonlyArray<{ id: string; aadObjectId: string; name: string }>): void {
    this.rosters.set(conversationId, [...people]);
    for (const p of people) this.addMember(p);
  }

  /** Calls that opened a 1:1 conversation (POST /v3/conversations). */
  created(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations');
  }

  private failures: Array<{ method: string; path: RegExp; status: number; code: string }> = [];

  /** The next `method` call whose path matches answers `status` (Teams' error shape), unrecorded. */
  failOnce(method: string, path: RegExp, status = 403, code = 'BotNotInConversationRoster'): void {
    this.failures.push({ method, path, status, code });
  }

  private async respond(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const url = new URL(req.url ?? '/', 'http://x');
    const failure = this.failures.findIndex((f) => f.method === req.method && f.path.test(url.pathname));
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      for await (const _ of req) void _;
      return {
        status: f!.status,
        body: { error: { code: f!.code, message: 'The bot is not part of the conversation roster.' } },
      };
    }
    const member = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && member?.[1]) {
      // Member lookups (the people picker) are reads: answered, not recorded.
      for await (const _ of req) void _;
      const found = this.members.get(decodeURIComponent(member[1]));
      return found
        ? { status: 200, body: { ...found, userRole: 'user', tenantId: 'tenant-a' } }
        : { status: 404, body: { error: { code: 'MemberNotFoundInConversation', message: 'Member not found' } } };
    }
    const paged = /^\/v3\/conversations\/([^/]+)\/pagedmembers$/.exec(url.pathname);
    if (req.method === 'GET' && paged?.[1]) {
      // The Teams roster (`users here`), in pages with a continuation token: a read, not recorded.
      for await (const _ of req) void _;
      const roster = this.rosters.get(decodeURIComponent(paged[1]));
      if (!roster)
        return { status: 404, body: { error: { code: 'ConversationNotFound', message: 'Conversation not found' } } };
      const size = Math.max(1, Number(url.searchParams.get('pageSize') ?? '') || 100);
      const from = Number(url.searchParams.get('continuationToken') ?? '') || 0;
      const members = roster.slice(from, from + size).map((m) => ({ ...m, userRole: 'user', tenantId: 'tenant-a' }));
      const next = from + size < roster.length ? String(from + size) : undefined;
      return { status: 200, body: { members, ...(next ? { continuationToken: next } : {}) } };
    }
    return { status: 200, body: { id: await this.handle(req) } };
  }

  private async handle(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?/.exec(url.pathname);
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    // createConversation: answer with the new 1:1 conversation's id (the bot then posts into it).
    const creating = req.method === 'POST' && url.pathname === '/v3/conversations';
    const id = creating
      ? `a:personal:${String((body.members as Array<{ id?: string }> | undefined)?.[0]?.id ?? 'unknown')}:${++this.counter}`
      : `sent-${++this.counter}`;
    this.calls.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      conversationId: creating ? id : m?.[1] ? decodeURIComponent(m[1]) : '',
      activityId: m?.[2] ? decodeURIComponent(m[2]) : undefined,
      body,
      id,
    });
    this.waiters = this.waiters.filter((w) => {
      if (this.calls.length >= w.count) {
        w.resolve();
        return false;
      }
      return true;
    });
    return id;
  }
}

/** The first Adaptive Card attached to a recorded call. */
export function cardOf(call: RecordedCall | undefined): Record<string, unknown> | undefined {
  const attachments = call?.body.attachments as
    Array<{ contentType: string; content: Record<string, unknown> }> | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}
