import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { MAX_NOTE, type DetailsErrors, type DetailsInput } from '../domain/document';
import type { DocumentService, Received } from '../domain/document.service';
import {
  AfterCommitError,
  DomainError,
  InvalidInputError,
  UploadInterruptedError,
  UploadRejectedError,
} from '../domain/errors';
import { presentationOf } from '../views/refusals';
import { formatBytes, MAGIC_TYPES, TEXT_TYPES } from '../domain/file-rules';
import { maxBytesFor, maxUnitsFor } from '../domain/text-length';
import type { UploadRequestService } from '../domain/upload-request.service';
import type { Logger } from '../logger';
import { uploadDonePage, uploadFormPage, uploadProblemPage } from '../views/upload-page.view';

/** Told when a document landed through the page (updates cards, tells the requester). */
export interface UploadListener {
  documentReceived(received: Received): Promise<void>;
}

export interface UploadRouteDeps {
  readonly requests: UploadRequestService;
  readonly documents: DocumentService;
  readonly listener: UploadListener;
  readonly log: Logger;
  readonly maxBytes: number;
  /** Whether an error means the database is unreachable. */
  isStoreOutage(err: unknown): boolean;
}

/**
 * A field of at most `chars` characters. This is only the hard bound against abuse, in UTF-16
 * units (what zod's max counts), wide enough for `chars` characters of any kind; the document
 * rules then count characters and say which field is too long.
 */
const chars = (max: number) => z.string().max(maxUnitsFor(max)).optional();
const short = chars(200);

/** The form fields the page sends: strings with bounded lengths, nothing else. */
export const UploadForm = z.object({
  vendor: short,
  invoiceNumber: short,
  invoiceDate: chars(20),
  amount: chars(40),
  currency: chars(10),
  convertedAmount: chars(40),
  performedBy: short,
  basis: chars(500),
  executionDate: chars(20),
  reach: chars(20),
  preApprovalId: short,
  title: short,
  note: chars(MAX_NOTE),
});

/**
 * busboy limits a field in bytes: room for the longest field's characters at 4 bytes each, plus
 * one, because busboy reports a value that reaches its limit exactly as truncated.
 */
const FIELD_BYTES = maxBytesFor(MAX_NOTE) + 1;

const FIELD_NAMES = new Set(Object.keys(UploadForm.shape));

/** How much of a refused request body we read (so the browser sees our page) before closing. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

/**
 * GET /upload/:token shows the page; POST streams the multipart form: fields first, then the file,
 * which goes through the checks straight into Blob (busboy → check → uploadStream). The link is
 * checked before a byte is read; the details before a byte is stored.
 */
export function registerUploadRoutes(server: Server, deps: UploadRouteDeps): void {
  server.get('/upload/:token', async (req: Request, res: Response) => {
    try {
      const { grant, claim, expiresAt } = await deps.requests.redeem(tokenOf(req));
      send(
        res,
        200,
        uploadFormPage({
          claim,
          grant,
          expiresAt,
          values: grant.prefill,
          errors: {},
          maxBytesText: formatBytes(deps.maxBytes),
        }),
      );
    } catch (err) {
      problem(res, err, deps.log);
    }
  });

  server.post('/upload/:token', async (req: Request, res: Response) => {
    let redeemed: Redeemed;
    try {
      redeemed = await deps.requests.redeem(tokenOf(req));
      if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? ''))
        throw new UploadRejectedError('The form must be sent as multipart/form-data (use the page).');
    } catch (err) {
      await drain(req);
      problem(res, err, deps.log);
      return;
    }
    const outcome = await receive(req, redeemed, deps);
    if (outcome.kind === 'aborted') {
      deps.log.info('upload aborted by the client; nothing was stored');
      res.destroy();
      return;
    }
    if (outcome.kind === 'form') {
      send(
        res,
        400,
        uploadFormPage({
          ...redeemed,
          values: outcome.values,
          errors: outcome.errors,
          problem: outcome.problem,
          maxBytesText: formatBytes(deps.maxBytes),
        }),
      );
      return;
    }
    if (outcome.kind === 'failed') {
      problem(res, outcome.error, deps.log, redeemed, outcome.values);
      return;
    }
    const { received } = outcome;
    deps.log.info(
      { claimId: received.claim.id, documentId: received.document.id, size: received.document.file?.size },
      'document uploaded through the page',
    );
    try {
      await deps.listener.documentReceived(received);
    } catch (err) {
      deps.log.warn({ err }, 'document stored, but telling Teams failed');
    }
    const type = [...MAGIC_TYPES, ...TEXT_TYPES].find((t) => t.ext === received.document.file?.ext)?.label ?? 'file';
    send(
      res,
      200,
      uploadDonePage(received.claim, received.document.name, type, formatBytes(received.document.file?.size ?? 0)),
    );
  });

  /** A failed page render must never show internals; the page's own messages come from DomainError. */
  function problem(res: Response, err: unknown, log: Logger, redeemed?: Redeemed, values?: DetailsInput): void {
    if (err instanceof DomainError) {
      const { httpStatus: status, pageTitle } = presentationOf(err);
      if (
        redeemed &&
        (err.code === 'UPLOAD.REJECTED' || err.code === 'UPLOAD.TOO_LARGE' || err.code === 'BLOB.UNAVAILABLE')
      ) {
        // The link still works: show the form again with the reason on top.
        send(
          res,
          status,
          uploadFormPage({
            ...redeemed,
            values: values ?? redeemed.grant.prefill,
            errors: {},
            problem: err.userMessage,
            maxBytesText: formatBytes(deps.maxBytes),
          }),
        );
        return;
      }
      send(res, status, uploadProblemPage(pageTitle, err.userMessage));
      return;
    }
    if (err instanceof AfterCommitError) {
      log.error({ err: err.cause, what: err.what }, 'upload saved, then failed after its commit');
      send(
        res,
        200,
        uploadProblemPage(
          'File received',
          'Your file was saved on the claim, but I could not finish updating the claim card. It shows there after its next refresh — there is no need to upload it again.',
        ),
      );
      return;
    }
    if (deps.isStoreOutage(err)) {
      log.warn({ err }, 'store unavailable during upload');
      send(
        res,
        503,
        uploadProblemPage(
          'Please try again later',
          'The claims store is not reachable right now. Nothing was saved — please try again in a few minutes.',
        ),
      );
      return;
    }
    const ref = `upl-${Date.now().toString(36)}`;
    log.error({ err, ref }, 'upload failed');
    send(
      res,
      500,
      uploadProblemPage(
        'Sorry',
        `Something went wrong on our side and nothing was saved. If it keeps happening, give your admin this reference: ${ref}`,
      ),
    );
  }
}

type Redeemed = Awaited<ReturnType<UploadRequestService['redeem']>>;

type Outcome =
  | { kind: 'done'; received: Received }
  | { kind: 'form'; values: DetailsInput; errors: DetailsErrors; problem?: string }
  | { kind: 'failed'; error: unknown; values: DetailsInput }
  | { kind: 'aborted' };

/** Parses the multipart body; the file part goes to the document service as a stream. */
async function receive(req: IncomingMessage, redeemed: Redeemed, deps: UploadRouteDeps): Promise<Outcome> {
  const raw: Record<string, string> = {};
  let tooLongField: string | undefined;
  let work: Promise<Outcome> | undefined;
  let aborted = false;
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      preservePath: true, // keep "../../x" as sent, so a path-like name is refused rather than silently cut
      defParamCharset: 'utf8', // browsers send file names as raw UTF-8
      limits: { files: 1, fileSize: deps.maxBytes + 1, fields: 30, fieldSize: FIELD_BYTES, parts: 40, headerPairs: 40 },
    });
  } catch {
    await drain(req);
    return {
      kind: 'failed',
      error: new UploadRejectedError('The form could not be read. Use the upload page to send the file.'),
      values: {},
    };
  }

  const values = (): DetailsInput => {
    const parsed = UploadForm.safeParse(raw);
    return parsed.success ? parsed.data : {};
  };

  parser.on('field', (name, value, info) => {
    if (!FIELD_NAMES.has(name)) return;
    if (info.valueTruncated) tooLongField = name;
    // Browsers send a textarea's line breaks as CRLF; the person typed (and the page counted) one
    // character each.
    raw[name] = value.replace(/\r\n/g, '\n');
  });

  parser.on('file', (name, file, info) => {
    if (name !== 'file' || work) {
      file.resume();
      return;
    }
    work = handleFile(file, info.filename ?? '');
  });

  const handleFile = async (file: Readable, fileName: string): Promise<Outcome> => {
    const form = UploadForm.safeParse(raw);
    if (!form.success || tooLongField) {
      file.resume();
      return { kind: 'form', values: values(), errors: {}, problem: 'Some fields are too long. Nothing was saved.' };
    }
    const errors = deps.documents.check(redeemed.claim, redeemed.grant, form.data);
    if (Object.keys(errors).length > 0) {
      file.resume();
      return { kind: 'form', values: form.data, errors };
    }
    // If the check or the store stops reading, the rest of the file is read and dropped, so the
    // browser gets to see the answer instead of a reset connection.
    const drainRest = () => {
      file.unpipe();
      file.resume();
    };
    try {
      const received = await deps.documents.receive(redeemed.grant, redeemed.holder, form.data, {
        name: fileName,
        stream: file,
      });
      return { kind: 'done', received };
    } catch (error) {
      drainRest();
      if (error instanceof InvalidInputError)
        return { kind: 'form', values: form.data, errors: error.fields as DetailsErrors };
      return { kind: 'failed', error, values: form.data };
    }
  };

  const finished = new Promise<void>((resolve) => {
    parser.once('close', resolve);
    // `on`, not `once`: a malformed body and a client that leaves can both end the parser with an
    // error, and a second 'error' without a listener would crash the process.
    parser.on('error', () => {
      // A malformed body (busboy has already ended the file part with the error): stop parsing.
      req.unpipe(parser);
      req.resume();
      work ??= Promise.resolve({
        kind: 'failed',
        error: new UploadRejectedError('The form could not be read completely. Nothing was saved — please try again.'),
        values: values(),
      });
      resolve();
    });
  });
  req.once('close', () => {
    if (!req.complete) {
      aborted = true;
      parser.destroy(new UploadInterruptedError(new Error('client disconnected')));
    }
  });
  req.pipe(parser);
  await finished;
  const outcome = work
    ? await work
    : ({ kind: 'form', values: values(), errors: {}, problem: 'Choose a file to upload.' } as Outcome);
  return aborted ? { kind: 'aborted' } : outcome;
}

function tokenOf(req: Request): string {
  return String((req.params as Record<string, unknown> | undefined)?.token ?? '').slice(0, 200);
}

function send(res: ServerResponse, status: number, html: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The link is the credential: never send it on as a referrer; no script, no framing.
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  });
  res.end(html);
}

/** Reads and drops a refused request's body (bounded), so the client sees the answer. */
async function drain(req: IncomingMessage): Promise<void> {
  if (req.complete || req.readableEnded) return;
  let seen = 0;
  await new Promise<void>((resolve) => {
    const done = () => {
      req.removeListener('data', onData);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DRAIN_LIMIT) {
        req.destroy();
        done();
      }
    };
    req.on('data', onData);
    req.once('end', done);
    req.once('close', done);
    req.on('error', done);
  });
}
