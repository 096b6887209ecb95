import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import type { Request, Response, Server } from 'restify';
import { ZipFile } from 'yazl';
import { z } from 'zod';
import { DomainError } from '../domain/errors';
import type { EvidencePack, EvidencePackService } from '../domain/evidence-pack.service';
import type { Logger } from '../logger';
import { historyCsvRows, historyHtml, summaryHtml, summaryJson, type PackedFile } from '../views/evidence-pack.view';
import { presentationOf } from '../views/refusals';
import { uploadProblemPage } from '../views/upload-page.view';
import { safeCell } from './csv-cell';

export interface EvidencePackRouteDeps {
  readonly evidence: EvidencePackService;
  readonly log: Logger;
  /** Whether an error means the database is unreachable. */
  isStoreOutage(err: unknown): boolean;
}

/** The token in the path: a base64url string; anything else is a link that does not work. */
const Token = z
  .string()
  .regex(/^[\w-]{20,100}$/)
  .catch('');

/**
 * GET /evidence/:token — streams a claim's evidence pack as a ZIP for a valid, unexpired,
 * unused link. The token is a credential: it is never logged (the request log names the route).
 */
export function registerEvidencePackRoute(server: Server, deps: EvidencePackRouteDeps): void {
  server.get('/evidence/:token', async (req: Request, res: Response) => {
    let pack: EvidencePack;
    try {
      pack = await deps.evidence.open(Token.parse((req.params as Record<string, unknown> | undefined)?.token));
    } catch (err) {
      refuse(res, err, deps);
      return;
    }
    await sendPack(res, pack, deps);
  });
}

function refuse(res: Response, err: unknown, deps: EvidencePackRouteDeps): void {
  const page = (status: number, title: string, message: string) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(uploadProblemPage(title, message));
  };
  if (err instanceof DomainError) {
    const { httpStatus, pageTitle } = presentationOf(err);
    page(httpStatus, pageTitle, err.userMessage);
    return;
  }
  if (deps.isStoreOutage(err)) {
    deps.log.warn({ err }, 'store unavailable when an evidence pack was opened');
    page(
      503,
      'Please try again later',
      'The claims store is not reachable right now. Try the same link again in a few minutes.',
    );
    return;
  }
  const ref = `evp-${Date.now().toString(36)}`;
  deps.log.error({ err, ref }, 'evidence pack could not be opened');
  page(500, 'Sorry', `Something went wrong on our side. If it keeps happening, give your admin this reference: ${ref}`);
}

/** A pass-through that hashes and counts what it carries; `done` gets the result at its end. */
function measuring(done: (sha256: string, size: number) => void): Transform {
  const hash = createHash('sha256');
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, next) {
      hash.update(chunk);
      size += chunk.length;
      next(null, chunk);
    },
    flush(next) {
      done(hash.digest('hex'), size);
      next();
    },
  });
}

const textStream = (chunks: Iterable<string>) => Readable.from(chunks, { objectMode: false });

/**
 * Writes the archive as it streams: one document at a time, each read from Blob only as fast as
 * the client takes the ZIP (yazl pipes, and so does the response); documents are stored as they
 * are (already compressed formats), the readable files after them are deflated. The summary comes
 * last because it reports what each packed file really hashed to.
 *
 * If a blob fails mid-way the response is cut off (never a ZIP that looks complete); if the client
 * goes away, the blob read in flight is aborted and nothing else is opened.
 */
async function sendPack(res: Response, pack: EvidencePack, deps: EvidencePackRouteDeps): Promise<void> {
  const { claim } = pack;
  const zip = new ZipFile();
  // yazl's outputStream is a PassThrough (its types say only NodeJS.ReadableStream).
  const output = zip.outputStream as Readable;
  const abort = new AbortController();
  const packed: PackedFile[] = [];
  let reading: Readable | undefined;
  let failure: unknown;
  const stop = (err: unknown) => {
    failure ??= err;
    abort.abort();
    reading?.destroy();
    output.destroy();
  };
  zip.on('error', stop);

  for (const { path, document } of pack.entries) {
    zip.addReadStreamLazy(path, { mtime: document.addedAt, compress: false }, (ready) => {
      if (abort.signal.aborted) return;
      deps.evidence.openFile(document, abort.signal).then(
        (blob) => {
          if (abort.signal.aborted) {
            blob.destroy();
            return;
          }
          reading = blob;
          const measured = measuring((sha256, size) => packed.push({ path, document, check: { sha256, size } }));
          pipeline(blob, measured).catch(stop);
          ready(null, measured);
        },
        // The blob cannot be read at all (gone, store down): the archive stops here.
        stop,
      );
    });
  }
  const at = { mtime: pack.generatedAt };
  zip.addReadStreamLazy('summary.html', at, (ready) => ready(null, textStream([summaryHtml(pack, packed)])));
  zip.addReadStreamLazy('summary.json', at, (ready) =>
    ready(null, textStream([`${JSON.stringify(summaryJson(pack, packed), null, 2)}\n`])),
  );
  zip.addReadStreamLazy('history.csv', at, (ready) =>
    // People's text must reach a spreadsheet as text, never as a formula.
    ready(null, textStream(mapRows(historyCsvRows(pack), (row) => stringify([row.map(safeCell)])))),
  );
  zip.addReadStreamLazy('history.html', at, (ready) => ready(null, textStream(historyHtml(pack))));
  zip.end();

  res.writeHead(200, {
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename="${claim.number}-evidence-pack.zip"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  try {
    await pipeline(output, res);
    deps.log.info({ claimId: claim.id, files: packed.length }, 'evidence pack sent');
  } catch (err) {
    abort.abort();
    reading?.destroy();
    if (failure)
      deps.log.error({ err: failure, claimId: claim.id }, 'evidence pack failed mid-stream: download cut off');
    else deps.log.info({ claimId: claim.id, reason: (err as Error).message }, 'evidence pack: the client went away');
    res.destroy();
  }
}

function* mapRows<T>(rows: Iterable<T>, f: (row: T) => string): Generator<string> {
  for (const row of rows) yield f(row);
}
