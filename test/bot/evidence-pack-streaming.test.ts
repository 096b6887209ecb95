/**
 * Issue 14.4, the evidence pack as a stream: a blob that fails half-way cuts the download off
 * (never a ZIP that looks complete), a client that goes away stops the blob read in flight, and a
 * stored file that no longer matches its recorded sha256 is packed and reported. The bot talks to
 * the run's Azurite through a proxy that counts, and can break, what the store sends.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import AdmZip from 'adm-zip';
import { BOB } from '../support/activities';
import { BlobProxy } from '../support/blob-proxy';
import { aPackableClaim, download, pdfSaying, pressEvidencePack, unzip } from '../support/evidence';
import { FILES } from '../support/files';
import { anOrganisation, useBot } from '../support/scene';
import { blobsOf } from '../support/uploads';

const MB = 1024 * 1024;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Waits (bounded) until `done` holds; the test then checks what it wants to be true by then. */
async function until(done: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Reads a response to its end; rejects when the server cut it off. */
async function readAll(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer());
}

describe('evidence pack as a stream (issue 14)', () => {
  const connection = process.env.TEST_AZURE_STORAGE_CONNECTION_STRING!;
  const proxy = BlobProxy.forConnectionString(connection);
  beforeAll(async () => {
    await proxy.start();
  });
  const bot = useBot(() => ({ AZURE_STORAGE_CONNECTION_STRING: proxy.connectionStringFor(connection) })).captureLogs();
  afterEach(() => proxy.heal());
  afterAll(async () => {
    await proxy.stop();
  });

  const stored = async (claimId: string) =>
    (await bot.app.db.collection('claims').findOne({ _id: claimId as never }))!.documents as Array<{
      file: { blobName: string; sha256: string };
    }>;

  it('when the store breaks off in the middle of a document then the download is cut off and is no valid ZIP', async () => {
    const org = await anOrganisation(bot);
    const big = Buffer.concat([pdfSaying('eight megabytes'), Buffer.alloc(8 * MB, 0x20)]);
    const claim = await aPackableClaim(org, { invoice: big, proof: FILES.png() });
    const { url } = await pressEvidencePack(org, claim.claimId, BOB);
    // Every connection (and every resumed read) breaks after 512 KB: the read can never finish.
    proxy.breakAfter(512 * 1024);
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    let body: Buffer | undefined;
    const read = await readAll(res).then(
      (b) => {
        body = b;
        return 'complete';
      },
      () => 'cut off',
    );
    expect(read).toBe('cut off');
    expect(body).toBeUndefined();
  });

  it('when the client goes away mid-download then the bot stops reading the blob and closes its connection to the store', async () => {
    const org = await anOrganisation(bot);
    const size = 24 * MB;
    const big = Buffer.concat([pdfSaying('twenty-four megabytes'), Buffer.alloc(size, 0x20)]);
    const claim = await aPackableClaim(org, { invoice: big, proof: FILES.png() });
    const { url } = await pressEvidencePack(org, claim.claimId, BOB);
    const before = proxy.snapshot();
    const abort = new AbortController();
    const res = await fetch(url!, { signal: abort.signal });
    const reader = res.body!.getReader();
    let received = 0;
    while (received < 256 * 1024) {
      const { value, done } = await reader.read();
      if (done) break;
      received += value.length;
    }
    abort.abort();
    await until(() => proxy.busiestSince(before)?.closed === true, 'the blob read to be closed');
    const busiest = proxy.busiestSince(before)!;
    const sentBefore = before.find((t) => t.id === busiest.id)?.fromStore ?? 0;
    // Only what filled the buffers on the way (socket and stream buffers), never the whole blob.
    expect(busiest.fromStore - sentBefore).toBeLessThan(size / 2);
  });

  it('when a document is gone from the store then the download is cut off rather than answered with a pack that lacks it', async () => {
    const org = await anOrganisation(bot);
    const claim = await aPackableClaim(org);
    const [, proof] = await stored(claim.claimId);
    await (await blobsOf(bot)).delete(proof!.file.blobName);
    const { url } = await pressEvidencePack(org, claim.claimId, BOB);
    const res = await fetch(url!);
    const outcome = await readAll(res).then(
      (body) => {
        try {
          new AdmZip(body).getEntries();
          return 'a complete ZIP';
        } catch {
          return 'an unreadable ZIP';
        }
      },
      () => 'cut off',
    );
    expect(outcome).toBe('cut off');
  });

  it('when a stored file was replaced behind the bot then the pack holds what is stored and its summary says the file differs from its recorded sha256', async () => {
    const org = await anOrganisation(bot);
    const claim = await aPackableClaim(org);
    const [invoice] = await stored(claim.claimId);
    const swapped = pdfSaying('a different invoice');
    await (await blobsOf(bot)).put(invoice!.file.blobName, Readable.from([swapped]));
    const { url } = await pressEvidencePack(org, claim.claimId, BOB);
    const entries = unzip((await download(url!)).body);
    expect(entries.get('invoices/RG-2026-0917 Riverside Gazette.pdf')).toEqual(swapped);
    const summary = JSON.parse(entries.get('summary.json')!.toString('utf8'));
    expect(summary.documents[0]).toMatchObject({
      sha256: sha256(claim.files.invoice),
      packed: { sha256: sha256(swapped), size: swapped.length, matchesRecorded: false },
    });
    expect(summary.documents[1].packed.matchesRecorded).toBe(true);
    expect(entries.get('summary.html')!.toString('utf8')).toContain(`packed file differs: <code>${sha256(swapped)}`);
  });

  it('when links are pressed, downloaded, cut off and refused then no log line holds a token', async () => {
    const org = await anOrganisation(bot);
    const claim = await aPackableClaim(org);
    const tokens: string[] = [];
    const ok = await pressEvidencePack(org, claim.claimId, BOB);
    tokens.push(ok.url!.split('/').pop()!);
    expect((await download(ok.url!)).status).toBe(200);
    expect((await download(ok.url!)).status).toBe(410);
    const cut = await pressEvidencePack(org, claim.claimId, BOB);
    tokens.push(cut.url!.split('/').pop()!);
    proxy.breakAfter(0);
    await fetch(cut.url!)
      .then((res) => readAll(res))
      .catch(() => undefined);
    proxy.heal();
    expect(bot.logs.some((l) => l.includes('evidence pack failed mid-stream'))).toBe(true);
    expect(bot.logs.some((l) => l.includes('"route":"/evidence/:token"'))).toBe(true);
    for (const token of tokens) expect(bot.logs.join('\n')).not.toContain(token);
  });
});
