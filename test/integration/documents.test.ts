import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ClaimDocument } from '../../src/domain/claim';
import type { DetailsInput } from '../../src/domain/document';
import {
  BlobUnavailableError,
  ClaimChangedError,
  ClaimNotEditableError,
  DocumentNotFoundError,
  ForbiddenError,
  InvalidInputError,
  RequestNotFoundError,
  UploadRejectedError,
  UploadTokenError,
} from '../../src/domain/errors';
import { AzureBlobStore } from '../../src/store/blob-store';
import { devConnectionString } from '../../src/store/embedded-azurite';
import { freePort } from '../../src/store/embedded-mongo';
import { COLLECTIONS } from '../../src/store/mongo';
import { MongoUploadRequests } from '../../src/store/upload-requests.repository';
import { FILES, sha256 } from '../support/files';
import {
  aClaimInReview,
  aSubmittedClaim,
  addDocument,
  anOrg,
  bob,
  claimInput,
  cole,
  domainError,
  useServices,
  type Org,
  type Services,
  fromHome,
} from '../support/services';

const services = useServices();

function chunks(data: Buffer, size = 64 * 1024): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size));
  return Readable.from(parts);
}

function pdf(name: string, extra = ''): { name: string; stream: Readable } {
  return { name, stream: chunks(Buffer.concat([FILES.pdf(), Buffer.from(extra)])) };
}

const INVOICE: DetailsInput = {
  kind: 'invoice',
  vendor: 'PrintCo',
  invoiceNumber: '4411',
  invoiceDate: '2026-09-02',
  amount: '1250.00',
  currency: 'USD',
  note: 'Final invoice',
};

const AD_SCREENSHOT: DetailsInput = { kind: 'poe', poeKey: 'ad-screenshot', executionDate: '2026-09-10', amount: '0' };

async function aDraft(s: Services, o: Org) {
  return (await s.claims.create(o.user, claimInput())).claim;
}

function eventsOf(s: Services, claimId: string) {
  return s.t.db.collection(COLLECTIONS.events).find({ claimId }).sort({ seq: 1 }).toArray();
}

function blobsOf(s: Services, claim: { tenantId: string; id: string }) {
  return s.blobs.list(`${claim.tenantId}/${claim.id}/`);
}

describe('blob store (Azurite)', () => {
  it('when a file streams in then it is committed whole and its SAS link serves it as an attachment', async () => {
    const s = services();
    const name = `t-${randomUUID()}/c1/a`;
    const data = Buffer.concat([FILES.pdf(), Buffer.alloc(9 * 1024 * 1024, 0x20)]); // more than two blocks
    await s.blobs.put(name, chunks(data));
    expect(await s.blobs.list(name.split('/')[0]!)).toEqual([name]);
    expect(sha256(await s.blobs.read(name))).toBe(sha256(data));
    const before = Date.now();
    const { url, expiresAt } = await s.blobs.readUrl(name, {
      fileName: 'Rechnung März.pdf',
      contentType: 'application/pdf',
      validForMs: 15 * 60_000,
    });
    expect(expiresAt.getTime()).toBeGreaterThanOrEqual(before + 15 * 60_000);
    expect(expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf");
    expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(sha256(data));
    // A link for another blob does not open this one, and a tampered link is refused.
    expect((await fetch(url.replace('/a?', '/b?'))).status).toBeGreaterThanOrEqual(400);
    expect((await fetch(url.replace(/sig=[^&]+/, 'sig=AAAA'))).status).toBe(403);
  });

  it('when the source fails half-way then nothing is left, not even uncommitted blocks', async () => {
    const s = services();
    const prefix = `t-${randomUUID()}`;
    let sent = 0;
    const source = new Readable({
      read() {
        sent++;
        if (sent <= 3) this.push(Buffer.alloc(3 * 1024 * 1024, 1));
        else this.destroy(new UploadRejectedError('rejected on the way'));
      },
    });
    await expect(s.blobs.put(`${prefix}/c2/a`, source)).rejects.toBeInstanceOf(UploadRejectedError);
    expect(await s.blobs.list(`${prefix}/`)).toEqual([]);
  });

  it('when the store cannot be reached then the error says so (and nothing else leaks)', async () => {
    const port = await freePort();
    const down = devConnectionString(`http://127.0.0.1:${port}/devstoreaccount1`);
    const err = await AzureBlobStore.open({
      connectionString: down,
      container: 'x',
      maxTries: 1,
      tryTimeoutMs: 2000,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlobUnavailableError);
    expect((err as BlobUnavailableError).userMessage).toMatch(/file store is not reachable/);
  });
});

describe('DocumentService uploads (real engine and Azurite)', () => {
  it('when five uploads race on one upload link then exactly one document lands and the losers leave no blob', async () => {
    const s = services();
    const o = await anOrg(s);
    const claim = await aDraft(s, o);
    const { grant } = await s.documents.startUpload(o.user, claim.id, claim.version, INVOICE);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        s.documents.receive(grant, bob, INVOICE, pdf(`invoice-${i}.pdf`, `copy ${i}`)),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(4);
    for (const err of lost) expect(err).toMatchObject({ code: 'UPLOAD.TOKEN_USED' });
    const stored = await s.claims.get(o.user, claim.id);
    expect(stored.documents).toHaveLength(1);
    expect(stored.fulfilled).toEqual([grant.id]);
    expect((await eventsOf(s, claim.id)).filter((e) => e.type === 'document.added')).toHaveLength(1);
    expect(await blobsOf(s, claim)).toEqual([stored.documents![0]!.file!.blobName]);
  }, 120_000);

  it('when a replacement lands then History keeps the old document, its blob stays, and the claim holds only the new one', async () => {
    const s = services();
    const o = await anOrg(s);
    const claim = await aDraft(s, o);
    const first = await s.documents.startUpload(o.user, claim.id, claim.version, INVOICE);
    const old = await s.documents.receive(first.grant, bob, INVOICE, pdf('v1.pdf'));
    const corrected = { ...INVOICE, amount: '990.00', note: 'corrected total' };
    const second = await s.documents.startUpload(o.user, claim.id, old.claim.version, corrected, old.document.id);
    // A second replacement of the same document, started before the first lands, is refused once it has.
    const third = await s.documents.startUpload(o.user, claim.id, old.claim.version, INVOICE, old.document.id);

    const replaced = await s.documents.receive(second.grant, bob, corrected, pdf('v2.pdf'));

    expect(replaced.replaced?.id).toBe(old.document.id);
    expect(replaced.document).toMatchObject({
      replaces: old.document.id,
      amountMinor: 99_000,
      note: 'corrected total',
    });
    expect(await domainError(s.documents.receive(third.grant, bob, INVOICE, pdf('v3.pdf')))).toBeInstanceOf(
      ClaimChangedError,
    );
    const current = await s.claims.load(o.user, claim.id);
    expect(current.documents.map((d) => d.name)).toEqual(['v2.pdf']);
    expect(current.readiness.items.find((i) => i.key === 'invoices')?.detail).toBe('1 attached');
    expect((await blobsOf(s, claim)).sort()).toEqual(
      [old.document.file!.blobName, replaced.document.file!.blobName].sort(),
    );
    const events = await eventsOf(s, claim.id);
    expect(events.map((e) => e.type)).toEqual(['claim.created', 'document.added', 'document.replaced']);
    const data = events[2]!.data as { document: ClaimDocument; replaced: ClaimDocument };
    expect(data.replaced).toMatchObject({ id: old.document.id, name: 'v1.pdf', amountMinor: 125_000 });
    expect(data.document).toMatchObject({ id: replaced.document.id, name: 'v2.pdf' });
  });

  it('when a document is added then its download link serves exactly its file', async () => {
    const s = services();
    const o = await anOrg(s);
    const claim = await aDraft(s, o);
    const { grant } = await s.documents.startUpload(o.user, claim.id, claim.version, INVOICE);
    const { claim: updated, document } = await s.documents.receive(grant, bob, INVOICE, pdf('Rechnung.pdf', 'unique'));
    const { url } = await s.documents.downloadLink(updated, document.id);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(document.file!.sha256);
    expect(document.file).toMatchObject({ fileName: 'Rechnung.pdf', contentType: 'application/pdf', ext: 'pdf' });
  });

  it('when the details are wrong then startUpload names each field and nothing is stored', async () => {
    const s = services();
    const o = await anOrg(s);
    const claim = await aDraft(s, o);
    const err = await domainError(
      s.documents.startUpload(o.user, claim.id, claim.version, {
        kind: 'invoice',
        vendor: '',
        invoiceDate: '2026-13-01',
        amount: 'x',
      }),
    );
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(Object.keys((err as InvalidInputError).fields).sort()).toEqual([
      'amount',
      'invoiceDate',
      'invoiceNumber',
      'vendor',
    ]);
    expect((await s.claims.get(o.user, claim.id)).version).toBe(1);
  });
});

describe('DocumentService.remove', () => {
  it('when a partner removes a document then History keeps it (document.removed), the claim drops it and its file stays in Blob', async () => {
    const s = services();
    const o = await anOrg(s);
    const claim = await aDraft(s, o);
    const withInvoice = await addDocument(s, o.user, claim, INVOICE);
    const document = withInvoice.documents![0]!;

    const picture = await s.documents.remove(o.admin, claim.id, withInvoice.version, document.id);

    expect(picture.documents).toEqual([]);
    expect(picture.claim).toMatchObject({ version: withInvoice.version + 1, documents: [] });
    expect(picture.readiness.failing.map((i) => i.key)).toContain('invoices');
    const [event] = (await s.claims.history(o.user, claim.id, 0, fromHome(o.user, claim))).events.items;
    expect(event).toMatchObject({
      type: 'document.removed',
      actor: o.admin.person,
      data: { document: { id: document.id, name: 'doc.pdf' } },
    });
    expect(await blobsOf(s, claim)).toEqual([document.file!.blobName]);
    expect(sha256(await s.blobs.read(document.file!.blobName))).toBe(document.file!.sha256);
    await expect(s.documents.downloadLink(picture.claim, document.id)).rejects.toBeInstanceOf(DocumentNotFoundError);
  });

  it('when the document was already removed then removing it again is refused with the current card', async () => {
    const s = services();
    const o = await anOrg(s);
    const withInvoice = await addDocument(s, o.user, await aDraft(s, o), INVOICE);
    const id = withInvoice.documents![0]!.id;
    const { claim } = await s.documents.remove(o.user, withInvoice.id, withInvoice.version, id);
    const err = await domainError(s.documents.remove(o.user, claim.id, claim.version, id));
    expect(err).toBeInstanceOf(DocumentNotFoundError);
    expect(err.picture?.claim.version).toBe(claim.version);
  });

  it('when the card is stale, the claim is submitted, or a colleague presses Remove then nothing is removed', async () => {
    const s = services();
    const o = await anOrg(s);
    const withInvoice = await addDocument(s, o.user, await aDraft(s, o), INVOICE);
    const id = withInvoice.documents![0]!.id;
    expect(await domainError(s.documents.remove(o.user, withInvoice.id, withInvoice.version - 1, id))).toBeInstanceOf(
      ClaimChangedError,
    );
    expect(await domainError(s.documents.remove(o.colleague, withInvoice.id, withInvoice.version, id))).toBeInstanceOf(
      ForbiddenError,
    );
    const { claim: submitted } = await aSubmittedClaim(s, o);
    const submittedDoc = submitted.documents![0]!.id;
    expect(await domainError(s.documents.remove(o.user, submitted.id, submitted.version, submittedDoc))).toBeInstanceOf(
      ClaimNotEditableError,
    );
    expect((await s.claims.get(o.user, withInvoice.id)).documents).toHaveLength(1);
    expect((await s.claims.get(o.user, submitted.id)).documents).toHaveLength(3);
  });
});

describe('review feedback and new versions of an item', () => {
  /** A claim sent back with "needs change" on the ad screenshot and the landing page accepted. */
  async function sentBackWithFeedback(s: Services, o: Org) {
    const { claim } = await aClaimInReview(s, o);
    const withFeedback = await s.review.feedback(o.reviewer, claim.id, claim.version, [
      { key: 'ad-screenshot', verdict: 'needsChange', comment: 'The date is not visible.' },
      { key: 'landing-page-url', verdict: 'accepted', comment: '' },
    ]);
    return (await s.review.requestInfo(o.reviewer, claim.id, withFeedback.claim.version, 'See the feedback.')).claim;
  }

  it('when the partner replaces an item that needs change then its verdict becomes changed, by them; other verdicts stay', async () => {
    const s = services();
    const o = await anOrg(s);
    const claim = await sentBackWithFeedback(s, o);
    const screenshot = claim.documents!.find((d) => d.poeKey === 'ad-screenshot')!;
    s.clock.advanceDays(1);
    const { grant } = await s.documents.startUpload(o.user, claim.id, claim.version, AD_SCREENSHOT, screenshot.id);
    const { claim: updated } = await s.documents.receive(grant, bob, AD_SCREENSHOT, pdf('ad-dated.pdf'));
    expect(updated.review?.feedback).toMatchObject({
      'ad-screenshot': {
        verdict: 'changed',
        comment: 'The date is not visible.',
        changedBy: bob,
        changedAt: new Date('2026-10-02T09:00:00Z'),
      },
      'landing-page-url': { verdict: 'accepted' },
    });
    expect(updated.review?.feedback?.['landing-page-url']).not.toHaveProperty('changedBy');
  });

  it('when a colleague uploads the item through their request then the verdict is changed by them and the document is theirs', async () => {
    const s = services();
    const o = await anOrg(s);
    const claim = await sentBackWithFeedback(s, o);
    const { request, link } = await s.requests.request(o.user, claim.id, claim.version, {
      assignee: cole,
      need: 'poe:ad-screenshot',
      text: 'a screenshot that shows the date',
      due: '2026-10-10',
    });
    const redeemed = await s.requests.redeem(link.token);
    expect(redeemed.holder).toEqual(cole);
    const received = await s.documents.receive(
      redeemed.grant,
      redeemed.holder,
      { executionDate: '2026-09-10', amount: '0' },
      pdf('dated.pdf'),
    );
    expect(received.document).toMatchObject({ addedBy: cole, poeKey: 'ad-screenshot', grantId: request.id });
    expect(received.claim.review?.feedback?.['ad-screenshot']).toMatchObject({ verdict: 'changed', changedBy: cole });
    expect(received.claim.contributors).toContain(cole.id);
    expect(received.claim.fulfilled).toContain(request.id);
  });
});

describe('UploadRequestService', () => {
  it('when a request is made then it commits through History, only its link’s hash is stored, and the link works until a document fulfils it', async () => {
    const s = services();
    const o = await anOrg(s);
    const claim = await aDraft(s, o);
    const { picture, request, link } = await s.requests.request(o.user, claim.id, claim.version, {
      assignee: cole,
      need: 'invoice',
      text: ' printer invoice ',
      due: '2026-10-03',
    });
    expect(picture.requests).toEqual([
      expect.objectContaining({ id: request.id, assignee: cole, text: 'printer invoice' }),
    ]);
    const event = await s.t.db.collection(COLLECTIONS.events).findOne({ claimId: claim.id, type: 'upload.requested' });
    expect(event?.data.request.id).toBe(request.id);
    expect(JSON.stringify(await s.t.db.collection(COLLECTIONS.uploadTokens).find({}).toArray())).not.toContain(
      link.token,
    );

    const { grant, holder } = await s.requests.redeem(link.token);
    expect(grant).toMatchObject({ id: request.id, type: 'request', person: cole });
    const { document } = await s.documents.receive(grant, holder, INVOICE, pdf('inv.pdf'));
    expect(document.addedBy).toEqual(cole);

    expect(await domainError(s.requests.redeem(link.token))).toMatchObject({ code: 'UPLOAD.TOKEN_USED' });
    const fresh = await s.requests.mint(grant, holder);
    expect(await domainError(s.requests.redeem(fresh.token))).toMatchObject({ code: 'UPLOAD.TOKEN_USED' });
    expect(await domainError(s.requests.link(o.colleague, request.id))).toBeInstanceOf(UploadTokenError);
  });

  it('when someone other than the person asked wants an upload link then only the person asked gets one', async () => {
    const s = services();
    const o = await anOrg(s);
    const claim = await aDraft(s, o);
    const { request } = await s.requests.request(o.user, claim.id, claim.version, {
      assignee: cole,
      need: 'invoice',
      text: '',
      due: '2026-10-03',
    });
    for (const who of [o.user, o.admin, o.reviewer]) {
      const err = await domainError(s.requests.link(who, request.id));
      expect(err).toBeInstanceOf(ForbiddenError);
      expect(err.userMessage).toMatch(/This request is for Cole Colleague: only they get an upload link for it/);
    }
    const mine = await s.requests.link(o.colleague, request.id);
    expect((await s.requests.redeem(mine.link.token)).holder).toEqual(cole);
  });

  it('when asked with bad input then every field says what is wrong and nothing is stored', async () => {
    const s = services();
    const o = await anOrg(s);
    const claim = await aDraft(s, o);
    const err = await domainError(
      s.requests.request(o.user, claim.id, claim.version, {
        assignee: bob,
        need: 'poe:nope',
        text: 'x'.repeat(501),
        due: '2026-09-30',
      }),
    );
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).fields).toEqual({
      assignee: expect.stringMatching(/Pick a colleague/),
      need: expect.stringMatching(/does not ask for that proof/),
      text: expect.stringMatching(/at most 500/),
      due: expect.stringMatching(/in the past/),
    });
    expect(await s.t.db.collection(COLLECTIONS.events).countDocuments({ claimId: claim.id })).toBe(1);
    expect(await s.t.db.collection(COLLECTIONS.uploadRequests).countDocuments({ claimId: claim.id })).toBe(0);
  });

  it('when a request row exists but the claim never got the request then the row is ignored', async () => {
    const s = services();
    const o = await anOrg(s);
    const claim = await aDraft(s, o);
    // What a crash between the row insert and the event leaves: a projection row for nothing.
    const orphanId = randomUUID();
    await new MongoUploadRequests(s.t.db).insert({
      id: orphanId,
      code: orphanId.slice(0, 6),
      tenantId: o.tenantId,
      claimId: claim.id,
      claimNumber: claim.number,
      requester: bob,
      assignee: cole,
      need: { kind: 'invoice' },
      text: 'never committed',
      due: '2026-10-03',
      createdAt: s.clock.now(),
    });
    await expect(s.requests.find(o.colleague, orphanId)).rejects.toBeInstanceOf(RequestNotFoundError);
    await expect(s.requests.link(o.colleague, orphanId)).rejects.toBeInstanceOf(RequestNotFoundError);
    expect(await s.requests.openFor(o.tenantId, cole)).toEqual([]);
    expect((await s.claims.get(o.user, claim.id)).requests).toEqual([]);
  });
});
