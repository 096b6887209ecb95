import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import type { Activity } from 'botbuilder';
import type { ClaimsAdapter } from './adapter';
import restify, { type Request, type Response, type Server } from 'restify';
import type { ActivityHandler } from 'botbuilder';
import type { Logger } from '../logger';

export interface ServerDeps {
  readonly adapter: ClaimsAdapter;
  readonly bot: ActivityHandler;
  readonly log: Logger;
  readonly maxBodyBytes: number;
  /** True when every dependency (MongoDB) answers. */
  ready(): Promise<boolean>;
  /** More routes (export downloads, upload page…), registered after the bot's own. */
  readonly routes?: ReadonlyArray<(server: Server) => void>;
}

export interface RunningServer {
  readonly server: Server;
  /** The address really bound (HOST as the OS took it, e.g. 0.0.0.0 or ::). */
  readonly address: string;
  readonly port: number;
  /** Stops accepting connections and waits (up to graceMs) for requests in flight to finish. */
  drain(graceMs: number): Promise<void>;
}

export async function startServer(deps: ServerDeps, host: string, port: number): Promise<RunningServer> {
  const server = restify.createServer({ name: 'coop-claims-bot', handleUncaughtExceptions: false });
  let inFlight = 0;
  let draining = false;
  let drained: (() => void) | undefined;

  server.pre((req: Request, res: Response, next: restify.Next) => {
    if (draining) {
      res.setHeader('Connection', 'close');
      res.send(503, { status: 'shutting down' });
      return next(false);
    }
    inFlight++;
    const started = process.hrtime.bigint();
    res.once('close', () => {
      inFlight--;
      logRequest(deps.log, req, res, started);
      if (draining && inFlight === 0) drained?.();
    });
    return next();
  });
  // Runs once the route is known (before its handler): telemetry groups requests by route, so an
  // upload or export token in the path never becomes part of an operation name.
  server.use((req: Request, _res: Response, next: restify.Next) => {
    const route = routeOf(req);
    if (route) trace.getActiveSpan()?.setAttribute('http.route', route);
    return next();
  });
  // Only the bot's endpoint parses (and bounds) its body. Other routes own theirs: the upload page
  // streams multipart straight into Blob, which a global body parser would buffer or spool to disk.
  const parseBody = restify.plugins.bodyParser({
    maxBodySize: deps.maxBodyBytes,
    mapParams: false,
    rejectUnknown: true,
  });

  server.post('/api/messages', parseBody, async (req: Request, res: Response) => {
    const body: unknown = req.body;
    if (!body || typeof body !== 'object' || typeof (body as { type?: unknown }).type !== 'string') {
      res.send(400, { error: 'expected a Bot Framework activity' });
      return;
    }
    const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    // Whatever fails before the bot logic starts is authentication (bad, forged or unverifiable
    // token): 401. Failures after that are ours: 500, logged, never echoed.
    let started = false;
    try {
      const invokeResponse = await deps.adapter.processInbound(authorization, body as Activity, async (context) => {
        started = true;
        await deps.bot.run(context);
      });
      res.send(invokeResponse?.status ?? 200, invokeResponse?.body);
    } catch (err) {
      if (!started) {
        deps.log.warn(
          { err: { name: (err as Error)?.name, message: (err as Error)?.message } },
          'inbound activity refused: authentication failed',
        );
        res.send(401, { error: 'Unauthorized' });
        return;
      }
      deps.log.error({ err }, 'activity processing failed');
      res.send(500, { error: 'internal error' });
    }
  });

  for (const register of deps.routes ?? []) register(server);

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    const ok = !draining && (await deps.ready());
    res.send(ok ? 200 : 503, { status: ok ? 'ready' : 'unavailable' });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.server as HttpServer).address() as AddressInfo;

  return {
    server,
    address: bound.address,
    port: bound.port,
    async drain(graceMs: number) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => (drained = resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
        ]);
      }
      (server.server as HttpServer).closeAllConnections?.();
      await closed;
    },
  };
}

/** The route's path pattern (`/upload/:token`), never the request's own path: tokens in paths are credentials. */
function routeOf(req: Request): string | undefined {
  const path = req.getRoute?.()?.path;
  return typeof path === 'string' ? path : undefined;
}

/** One line per request, with its duration: method, route pattern, status. */
function logRequest(log: Logger, req: Request, res: Response, started: bigint): void {
  const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
  const route = routeOf(req) ?? '(no route)';
  const status = res.statusCode;
  const aborted = !res.writableFinished;
  log.info(
    { req: { method: req.method, route }, res: { status }, durationMs, ...(aborted ? { aborted } : {}) },
    `${req.method} ${route} ${status} ${durationMs} ms${aborted ? ' (client went away)' : ''}`,
  );
}
