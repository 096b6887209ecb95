import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Claim } from '../../src/domain/claim';
import type { DocumentRecord } from '../../src/domain/document';
import { DocumentService } from '../../src/domain/document.service';
import { DomainError } from '../../src/domain/errors';
import { ReminderService, type ReminderSender } from '../../src/domain/reminder.service';
import { UploadRequestService } from '../../src/domain/upload-request.service';
import { AzureBlobStore, BlobUnavailableError } from '../../src/store/blob-store';
import { MongoClaimRepository } from '../../src/store/claims.repository';
import { MongoDocumentRepository } from '../../src/store/documents.repository';
import { devConnectionString } from '../../src/store/embedded-azurite';
import { freePort } from '../../src/store/embedded-mongo';
import { StreamingFileChecker } from '../../src/store/file-check';
import { COLLECTIONS } from '../../src/store/mongo';
import { MongoDraftSource, MongoReminderLedger } from '../../src/store/reminders.repository';
import { MongoStagedUploads, MongoUploadRequests, MongoUploadTokens } from '../../src/store/upload-requests.repository';
import { TestClock } from '../support/clock';
import { openTestDb, type TestDb } from '../support/db';
import { actor, aClaim, alice, bob } from '../support/domain-factories';
import { FILES, sha256 } from '../support/files';

let t: TestDb;
let blobs: AzureBlobStore;
let claims: MongoClaimRepository;
let clock: TestClock;
let requests: UploadRequestService;
let documents: DocumentService;

function connection(): string {
  const cs = process.env.TEST_AZURE_STORAGE_CONNECTION_STRING;
  if (!cs)
    throw new Error('TEST_AZURE_STORAGE_CONNECTION_STRING is not set: run through jest (global setup starts Azurite)');
  return cs;
}

beforeAll(async () => {
  t = await openTestDb();
  blobs = await AzureBlobStore.open({ connectionString: connection(), container: `it-${randomUUID()}` });
  claims = new MongoClaimRepository(t.db);
  clock = new TestClock();
  requests = new UploadRequestService(claims, new MongoUploadRequests(t.db), new MongoUploadTokens(t.db), clock, {
    tokenDays: 7,
  });
  documents = new DocumentService(
    claims,
    new MongoDocumentRepository(t.db),
    new MongoStagedUploads(t.db),
    blobs,
    new StreamingFileChecker(),
    requests,
    clock,
    { maxBytes: 10 * 1024 * 1024, downloadMinutes: 15, stagedHours: 24 },
  );
});

afterAll(async () => {
  await blobs.container.deleteIfExists();
  await t.drop();
});

async function aStoredClaim(overrides: Partial<Claim> = {}): Promise<Claim> {
  const tenantId = `tenant-${randomUUID()}`;
  const { version: _v, number: _n, ...draft } = aClaim({ tenantId, id: randomUUID(), ...overrides });
  return claims.create(draft, { type: 'claim.created', actor: alice, at: clock.now(), data: {} });
}

function chunks(data: Buffer, size = 64 * 1024): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size));
  return Readable.from(parts);
}

const INVOICE = {
  kind: 'invoice',
  vendor: 'PrintCo',
  invoiceNumber: '4411',
  invoiceDate: '2026-09-02',
  amount: '1000.00',
  currency: 'USD',
  note: 'Final invoice',
};

describe('blob store (Azurite)', () => {
  it('when a file streams in then it is committed whole and its SAS link serves it as an attachment', async () => {
    const data = Buffer.concat([FILES.pdf(), Buffer.alloc(9 * 1024 * 1024, 0x20)]); // more than two blocks
    await blobs.put('t1/c1/a', chunks(data));
    expect(await blobs.list('t1/')).toEqual(['t1/c1/a']);
    expect(sha256(await blobs.read('t1/c1/a'))).toBe(sha256(data));
    const { url, expiresAt } = await blobs.readUrl('t1/c1/a', {
      fileName: 'Rechnung März.pdf',
      contentType: 'application/pdf',
      validForMs: 15 * 60_000,
    });
    expect(Math.abs(expiresAt.getTime() - Date.now() - 15 * 60_000)).toBeLessThan(5000);
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
    let sent = 0;
    const source = new Readable({
      read() {
        sent++;
        if (sent <= 3) this.push(Buffer.alloc(3 * 1024 * 1024, 1));
        else this.destroy(new DomainError('UPLOAD.REJECTED', 'rejected on the way'));
      },
    });
    await expect(blobs.put('t2/c2/a', source)).rejects.toMatchObject({ code: 'UPLOAD.REJECTED' });
    expect(await blobs.list('t2/')).toEqual([]);
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
    expect((err as DomainError).userMessage).toMatch(/file store is not reachable/);
  });
});

describe('documents and requests (real MongoDB engine and Azurite)', () => {
  it('when two uploads race on one upload link then exactly one document lands and the loser leaves no blob', async () => {
    const claim = await aStoredClaim();
    const alicia = actor(claim.tenantId, alice, ['user']);
    const { grant } = await documents.startUpload(alicia, claim.id, claim.version, INVOICE);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        documents.receive(grant, INVOICE, {
          name: `invoice-${i}.pdf`,
          stream: chunks(Buffer.concat([FILES.pdf(), Buffer.from(`copy ${i}`)])),
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r.reason as DomainError).code)).toEqual(Array(4).fill('UPLOAD.TOKEN_USED'));
    expect(await t.db.collection(COLLECTIONS.documents).countDocuments({ claimId: claim.id })).toBe(1);
    expect(
      await t.db.collection(COLLECTIONS.events).countDocuments({ claimId: claim.id, type: 'document.added' }),
    ).toBe(1);
    expect(await blobs.list(`${claim.tenantId}/${claim.id}/`)).toHaveLength(1);
    const stored = (await claims.get(claim.tenantId, claim.id))!;
    expect(stored.fulfilled).toEqual([grant.id]);
    expect(stored.documentCount).toBe(1);
  });

  it('when a replacement lands then the old row and blob stay, History holds both, and only the new one is current', async () => {
    const claim = await aStoredClaim();
    const alicia = actor(claim.tenantId, alice, ['user']);
    const first = await documents.startUpload(alicia, claim.id, claim.version, INVOICE);
    const old = await documents.receive(first.grant, INVOICE, { name: 'v1.pdf', stream: chunks(FILES.pdf()) });
    const second = await documents.startUpload(
      alicia,
      claim.id,
      old.claim.version,
      { ...INVOICE, amount: '990.00' },
      old.document.id,
    );
    // A second replacement of the same (already replaced) document is refused once the first lands.
    const third = await documents.startUpload(alicia, claim.id, old.claim.version, INVOICE, old.document.id);
    const replaced = await documents.receive(
      second.grant,
      { ...INVOICE, amount: '990.00', note: 'corrected total' },
      { name: 'v2.pdf', stream: chunks(FILES.pdf()) },
    );
    expect(replaced.replaced?.id).toBe(old.document.id);
    await expect(
      documents.receive(third.grant, INVOICE, { name: 'v3.pdf', stream: chunks(FILES.pdf()) }),
    ).rejects.toMatchObject({ code: 'CLAIM.CHANGED' });
    const { documents: current } = await documents.list(alicia, claim.id);
    expect(current.map((d) => d.name)).toEqual(['v2.pdf']);
    expect(current[0]!.amountMinor).toBe(99000);
    expect(await blobs.list(`${claim.tenantId}/${claim.id}/`)).toHaveLength(2);
    const events = await t.db.collection(COLLECTIONS.events).find({ claimId: claim.id }).sort({ seq: 1 }).toArray();
    expect(events.map((e) => e.type)).toEqual(['claim.created', 'document.added', 'document.replaced']);
    expect((events[2]!.data as { replaced: DocumentRecord }).replaced.name).toBe('v1.pdf');
  });

  it('when a document row or a request row is lost after its event committed then reading restores it from History', async () => {
    const claim = await aStoredClaim();
    const alicia = actor(claim.tenantId, alice, ['user']);
    const asked = await requests.request(alicia, claim.id, claim.version, {
      assignee: bob,
      need: 'poe:final-ad',
      text: 'the ad as printed',
      due: '2026-10-05',
    });
    const { grant } = await documents.startUpload(alicia, claim.id, asked.claim.version, INVOICE);
    await documents.receive(grant, INVOICE, { name: 'a.pdf', stream: chunks(FILES.pdf()) });
    await t.db.collection(COLLECTIONS.documents).deleteMany({ claimId: claim.id });
    await t.db.collection(COLLECTIONS.uploadRequests).deleteMany({ claimId: claim.id });
    const current = (await claims.get(claim.tenantId, claim.id))!;
    expect((await requests.lines(current)).map((l) => [l.request.id, l.state])).toEqual([[asked.request.id, 'open']]);
    expect((await documents.list(alicia, claim.id)).documents).toHaveLength(0); // list reads rows…
    const { ClaimService } = await import('../../src/domain/claim.service');
    const { MongoProgramRepository } = await import('../../src/store/programs.repository');
    const picture = await new ClaimService(
      claims,
      new MongoDocumentRepository(t.db),
      new MongoProgramRepository(t.db),
      clock,
      requests,
    ).picture(current);
    expect(picture.documents.map((d) => d.name)).toEqual(['a.pdf']); // …the claim picture restores them
    expect(picture.requests?.map((l) => l.request.code)).toEqual([asked.request.code]);
  });

  it('when a request is asked then it commits through History and its link redeems until a document fulfils it', async () => {
    const claim = await aStoredClaim();
    const alicia = actor(claim.tenantId, alice, ['user']);
    const { request, link } = await requests.request(alicia, claim.id, claim.version, {
      assignee: bob,
      need: 'invoice',
      text: 'printer invoice',
      due: '2026-10-03',
    });
    const event = await t.db.collection(COLLECTIONS.events).findOne({ claimId: claim.id, type: 'upload.requested' });
    expect(event?.data.request.id).toBe(request.id);
    expect(JSON.stringify(await t.db.collection(COLLECTIONS.uploadTokens).find({}).toArray())).not.toContain(
      link.token,
    );
    const { grant } = await requests.redeem(link.token);
    expect(grant).toMatchObject({ id: request.id, type: 'request', person: bob });
    await documents.receive(grant, INVOICE, { name: 'inv.pdf', stream: chunks(FILES.pdf()) });
    await expect(requests.redeem(link.token)).rejects.toMatchObject({ code: 'UPLOAD.TOKEN_USED' });
    const fresh = await requests.mint(grant);
    await expect(requests.redeem(fresh.token)).rejects.toMatchObject({ code: 'UPLOAD.TOKEN_USED' });
  });

  it('when asked with bad input then every field says what is wrong and nothing is stored', async () => {
    const claim = await aStoredClaim();
    const alicia = actor(claim.tenantId, alice, ['user']);
    const err = (await requests
      .request(alicia, claim.id, claim.version, {
        assignee: alice,
        need: 'poe:nope',
        text: 'x'.repeat(501),
        due: '2026-09-30',
      })
      .catch((e: unknown) => e)) as DomainError;
    expect(err.code).toBe('INPUT.INVALID');
    expect(err.details.fields).toEqual({
      assignee: expect.stringMatching(/Pick a colleague/),
      need: expect.stringMatching(/does not ask for that proof/),
      text: expect.stringMatching(/at most 500/),
      due: expect.stringMatching(/in the past/),
    });
    expect(await t.db.collection(COLLECTIONS.events).countDocuments({ claimId: claim.id })).toBe(1);
  });
});

describe('reminder sweep', () => {
  it('when 20 sweepers claim the same reminder and window at once then exactly one gets each', async () => {
    const ledger = new MongoReminderLedger(t.db);
    const key = `r-${randomUUID()}:due-soon`;
    const marks = await Promise.all(Array.from({ length: 20 }, () => ledger.mark(key, new Date())));
    expect(marks.filter(Boolean)).toHaveLength(1);
    const leases = await Promise.all(Array.from({ length: 20 }, () => ledger.lease(`w-${key}`, new Date())));
    expect(leases.filter(Boolean)).toHaveLength(1);
  });

  it('when two sweeps run at once then each due reminder is sent once, and a failed send is retried next time', async () => {
    const claim = await aStoredClaim({
      period: { code: '2026-08', start: '2026-08-01', end: '2026-08-31' },
      deadline: '2026-10-04',
    });
    const alicia = actor(claim.tenantId, alice, ['user']);
    const soon = await requests.request(alicia, claim.id, claim.version, {
      assignee: bob,
      need: 'invoice',
      text: '',
      due: '2026-10-02',
    });
    await requests.request(alicia, claim.id, soon.claim.version, {
      assignee: bob,
      need: 'other',
      text: '',
      due: '2026-10-04',
    });
    const sweeper = () =>
      new ReminderService(
        new MongoUploadRequests(t.db),
        new MongoDraftSource(t.db),
        claims,
        new MongoReminderLedger(t.db),
        clock,
        60_000,
      );
    const sent: string[] = [];
    let failOnce = true;
    const sender: ReminderSender = {
      async request(r, _c, kind) {
        if (r.claimId !== claim.id) return;
        sent.push(`${r.id === soon.request.id ? 'soon' : 'later'}:${kind}`);
      },
      async deadline(c, days) {
        if (c.id !== claim.id) return;
        if (failOnce) {
          failOnce = false;
          throw new Error('Teams is down');
        }
        sent.push(`deadline:${days}`);
      },
    };
    clock.set('2026-10-02T08:00:00Z'); // the first request is due by the end of today; the claim deadline is in 2 days
    const first = await sweeper().sweep(sender);
    expect(first.failed).toBe(1);
    expect(sent.sort()).toEqual(['soon:due-soon']); // the deadline reminder failed: its key was given back
    await Promise.all([sweeper().sweep(sender), sweeper().sweep(sender)]);
    expect(sent.sort()).toEqual(['deadline:2', 'soon:due-soon']);
    await Promise.all([sweeper().sweep(sender), sweeper().sweep(sender)]); // nothing new in the same band / day
    expect(sent.sort()).toEqual(['deadline:2', 'soon:due-soon']);
    clock.set('2026-10-03T08:00:00Z'); // the first is overdue now, the second due by the end of tomorrow: not yet within 24 h
    await Promise.all([sweeper().sweep(sender), sweeper().sweep(sender)]);
    expect(sent.sort()).toEqual(['deadline:1', 'deadline:2', 'soon:due-soon', 'soon:overdue']);
    clock.set('2026-10-04T01:00:00Z');
    await Promise.all([sweeper().sweep(sender), sweeper().sweep(sender)]);
    expect(sent.sort()).toEqual([
      'deadline:0',
      'deadline:1',
      'deadline:2',
      'later:due-soon',
      'soon:due-soon',
      'soon:overdue',
      'soon:overdue',
    ]);
    // The scheduled run takes the window's lease: of two instances in the same window, one sweeps.
    const runs = await Promise.all([sweeper().runScheduled(sender), sweeper().runScheduled(sender)]);
    expect(runs.filter((r) => r !== undefined)).toHaveLength(1);
    clock.set('2026-10-01T09:00:00Z');
  });
});
