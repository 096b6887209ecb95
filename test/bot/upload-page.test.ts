/**
 * The signed upload page, over the real HTTP path: Add document on the claim card opens a slot, the
 * page takes the file into Blob, and the claim (which holds its documents) and its card update.
 * Each test arranges its own organisation (a fresh tenant) and its own claim.
 */
import { ANN, BOB } from '../support/activities';
import { cardText, findAction, TestBot } from '../support/app';
import { cardOf } from '../support/connector';
import { FILES, pageText, postAndDisconnect, postForm, sha256 } from '../support/files';
import { COLE, anOrganisation, refOf, useBot, visibleText, type Organisation } from '../support/scene';
import { blobsOf, openUrls, storedFor, uploadLinkOf } from '../support/uploads';
import { startEmbeddedAzurite } from '../../src/store/embedded-azurite';
import { COLLECTIONS } from '../../src/store/mongo';

const MAX = 256 * 1024;
const INVOICE = {
  vendor: 'PrintCo',
  invoiceNumber: '4411',
  invoiceDate: '2026-09-20',
  amount: '1200.50',
  currency: 'USD',
};

/** Add document → invoice details → the upload link the answer offers. */
async function invoiceLink(
  org: Organisation,
  claimId: string,
  fields: Record<string, string> = INVOICE,
): Promise<string> {
  const now = await org.current(claimId);
  const res = await org.press('document.add', { claimId, version: now.version, kind: 'invoice', ...fields });
  return uploadLinkOf(org.bot, res.body.value);
}

describe('the signed upload page', () => {
  const bot = useBot({ UPLOAD_MAX_BYTES: String(MAX) });

  beforeEach(() => bot.clock.set('2026-10-01T09:00:00Z'));

  const claimDoc = (claimId: string) => bot.app.db.collection(COLLECTIONS.claims).findOne({ _id: claimId as never });
  const docsOf = async (claimId: string) =>
    ((await claimDoc(claimId))?.documents ?? []) as Array<Record<string, unknown>>;
  const stored = (org: Organisation, claimId: string) => storedFor(bot, claimId, org.tenantId);

  it("when Add document is pressed (in the card's overflow menu) then the card asks which kind, then asks that kind's fields", async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const card = claim.card as { actions: Array<{ title: string; mode?: string; verb?: string }> };
    const secondary = card.actions.filter((a) => a.mode === 'secondary');
    expect(secondary.map((a) => [a.title, a.verb])).toEqual([
      ['Documents', 'document.list'],
      ['Add document', 'document.form'],
      ['Request upload', 'request.form'],
      ['Edit claim', 'claim.editForm'],
      ['Withdraw', undefined],
    ]);
    expect(card.actions.filter((a) => a.mode !== 'secondary').length).toBeLessThanOrEqual(6); // Teams shows at most 6
    const step1 = await org.press('document.form', { claimId: claim.claimId, version: claim.version });
    expect(cardText(step1.body.value)).toMatch(/What kind of document/);
    const kinds = (step1.body.value as { actions: Array<{ title: string; data: { kind?: string } }> }).actions
      .filter((a) => a.data?.kind)
      .map((a) => a.data.kind);
    expect(kinds).toEqual(['invoice', 'csr', 'poe', 'other']);
    const poe = await org.press('document.form', { claimId: claim.claimId, version: claim.version, kind: 'poe' });
    const json = JSON.stringify(poe.body.value);
    for (const id of ['poeKey', 'executionDate', 'amount', 'reach', 'note']) expect(json).toContain(`"id":"${id}"`);
    expect(json).toContain('"min":"2026-07-01"');
    expect(json).toContain('"max":"2026-09-30"');
    expect(cardText(poe.body.value)).toContain('Copy of the final ad');
    expect(findAction(poe.body.value, 'document.add')).toBeDefined();
  });

  it('when a colleague presses Add document then they are refused and no link is made', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const form = await org.press('document.form', { claimId: claim.claimId, version: claim.version }, COLE);
    expect(cardText(form.body.value)).toMatch(/Only incentives admins and users can add documents/);
    const add = await org.press(
      'document.add',
      { claimId: claim.claimId, version: claim.version, kind: 'invoice', ...INVOICE },
      COLE,
    );
    expect(JSON.stringify(add.body.value)).not.toContain('/upload/');
    expect(await bot.app.db.collection(COLLECTIONS.uploadTokens).countDocuments({ tenantId: org.tenantId })).toBe(0);
  });

  it('when the details are wrong then each field says what to fix and no link is made', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const res = await org.press('document.add', {
      claimId: claim.claimId,
      version: claim.version,
      kind: 'invoice',
      vendor: '',
      invoiceDate: '2026-13-01',
      amount: 'abc',
    });
    const text = cardText(res.body.value);
    expect(text).toContain('Enter the vendor.');
    expect(text).toMatch(/"2026-13-01" is not a date/);
    expect(text).toMatch(/Enter an amount such as/);
    expect(text).toMatch(/nothing was saved yet/);
    expect(JSON.stringify(res.body.value)).not.toContain('/upload/');
    expect(await bot.app.db.collection(COLLECTIONS.uploadTokens).countDocuments({ tenantId: org.tenantId })).toBe(0);
  });

  it('when an invoice is in another currency than the claim then its amount in the claim currency is asked for, and kept', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const eur = { ...INVOICE, amount: '1100.00', currency: 'EUR' };
    const missing = await org.press('document.add', {
      claimId: claim.claimId,
      version: claim.version,
      kind: 'invoice',
      ...eur,
    });
    expect(cardText(missing.body.value)).toContain('The invoice is in EUR: enter its amount in USD as well.');
    expect(JSON.stringify(missing.body.value)).not.toContain('/upload/');
    const link = await invoiceLink(org, claim.claimId, { ...eur, convertedAmount: '1200.50' });
    expect(
      (await postForm(link, { ...eur, convertedAmount: '1200.50' }, { filename: 'eur.pdf', data: FILES.pdf() })).status,
    ).toBe(200);
    expect(await docsOf(claim.claimId)).toEqual([
      expect.objectContaining({ amountMinor: 110000, currency: 'EUR', convertedMinor: 120050 }),
    ]);
    expect(cardText((await org.current(claim.claimId)).card)).toMatch(
      /Claimed USD 1,200.50, invoices and CSRs USD 1,200.50/,
    );
  });

  it('when an invoice is uploaded on the page then the blob, the document on the claim and its History event land and the claim card ticks the item', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim({}, BOB, 'claim-card-1');
    const link = await invoiceLink(org, claim.claimId);
    const token = link.split('/').pop()!;
    expect(await bot.app.db.collection(COLLECTIONS.uploadTokens).countDocuments({ _id: token as never })).toBe(0); // only the hash is stored
    expect(await bot.app.db.collection(COLLECTIONS.uploadTokens).countDocuments({ tenantId: org.tenantId })).toBe(1);

    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<label for="f-vendor">Vendor<\/label>/);
    expect(html).toContain('value="PrintCo"');
    expect(html).toMatch(/<label for="f-note">Explanatory note/);
    expect(html).toMatch(/<input id="f-file" name="file" type="file" required/);
    expect(pageText(html)).toContain(claim.number);

    const data = Buffer.concat([FILES.pdf(), Buffer.alloc(100_000, 0x20)]);
    const mark = org.mark();
    const res = await postForm(
      link,
      { ...INVOICE, note: 'Final invoice <b>from</b> the printer' },
      { filename: 'Rechnung März.pdf', contentType: 'application/pdf', data },
    );
    expect(res.status).toBe(200);
    expect(pageText(res.html)).toMatch(new RegExp(`Rechnung März\\.pdf \\(PDF, 98 KB\\) was added to ${claim.number}`));
    expect(res.html).not.toContain('<b>from</b>');

    const docs = await docsOf(claim.claimId);
    expect(docs).toHaveLength(1);
    const doc = docs[0]!;
    expect(doc).toMatchObject({
      kind: 'invoice',
      name: 'Rechnung März.pdf',
      note: 'Final invoice <b>from</b> the printer',
      amountMinor: 120050,
      currency: 'USD',
      addedBy: { id: BOB.id, name: BOB.name },
      details: { vendor: 'PrintCo', invoiceNumber: '4411', invoiceDate: '2026-09-20' },
    });
    const file = doc.file as { blobName: string };
    expect(file).toMatchObject({
      size: data.length,
      sha256: sha256(data),
      contentType: 'application/pdf',
      ext: 'pdf',
      fileName: 'Rechnung März.pdf',
    });
    expect(file.blobName).toMatch(new RegExp(`^${org.tenantId}/${claim.claimId}/[0-9a-f-]{36}$`));
    const blobs = await blobsOf(bot);
    expect(sha256(await blobs.read(file.blobName))).toBe(sha256(data));

    const event = await bot.app.db
      .collection(COLLECTIONS.events)
      .findOne({ claimId: claim.claimId, type: 'document.added' });
    expect(event).toMatchObject({
      actor: { name: BOB.name },
      data: { document: { name: 'Rechnung März.pdf', note: 'Final invoice <b>from</b> the printer' } },
    });

    const update = org.sentTo(org.partner, mark).find((c) => c.method === 'PUT' && c.activityId === 'claim-card-1');
    const card = cardText(cardOf(update));
    expect(card).toMatch(/At least one invoice or CSR\n(.*\n){0,3}1 attached/);
    expect(card).toMatch(/Claimed USD 1,200.50, invoices and CSRs USD 1,200.50/);
    expect(visibleText(cardOf(update))).toContain('Documents: 1');

    const history = cardText((await org.press('claim.history', { claimId: claim.claimId, page: 0 }, ANN)).body.value);
    expect(history).toContain('Bob User');
    expect(history).toMatch(/added Invoice “Rechnung März\.pdf”/);
    // User text is escaped for Teams markdown: it reads literally, never as markup.
    expect(history).toContain('Final invoice \\<b\\>from\\</b\\> the printer');
  });

  it('when a used link is opened or posted again then it is refused and nothing more is written', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const link = await invoiceLink(org, claim.claimId);
    const first = await postForm(link, INVOICE, { filename: 'a.pdf', data: FILES.pdf() });
    expect(first.status).toBe(200);
    const after = await stored(org, claim.claimId);
    expect(after.documents).toBe(1);
    const again = await fetch(link);
    expect(again.status).toBe(410);
    expect(pageText(await again.text())).toMatch(/already used/);
    const post = await postForm(link, INVOICE, { filename: 'b.pdf', data: FILES.pdf() });
    expect(post.status).toBe(410);
    expect(await stored(org, claim.claimId)).toEqual(after);
  });

  it.each([
    ['a made-up token', 'A'.repeat(43)],
    ['a malformed token', '..%2F..%2Fetc%2Fpasswd'],
    ['a token one character off', 'x'],
  ])('when %s is used then the page says the link is not valid (404) and nothing is written', async (_, token) => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const real = await invoiceLink(org, claim.claimId);
    const forged =
      token === 'x' ? real.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) : `${bot.app.url}/upload/${token}`;
    const before = await stored(org, claim.claimId);
    const get = await fetch(forged);
    expect(get.status).toBe(404);
    expect(pageText(await get.text())).toMatch(/This upload link is not valid/);
    const post = await postForm(forged, INVOICE, { filename: 'x.pdf', data: FILES.pdf() });
    expect(post.status).toBe(404);
    expect(await stored(org, claim.claimId)).toEqual(before);
    expect((await fetch(real)).status).toBe(200);
  });

  it('when the link has expired then the page says so (410) and nothing is written', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const link = await invoiceLink(org, claim.claimId);
    const before = await stored(org, claim.claimId);
    bot.clock.set('2026-10-08T08:59:00Z'); // a minute before expiry it still works
    expect((await fetch(link)).status).toBe(200);
    bot.clock.set('2026-10-08T09:00:01Z');
    const get = await fetch(link);
    expect(get.status).toBe(410);
    expect(pageText(await get.text())).toMatch(/This upload link expired on 2026-10-08 09:00 UTC/);
    expect((await postForm(link, INVOICE, { filename: 'late.pdf', data: FILES.pdf() })).status).toBe(410);
    expect(await stored(org, claim.claimId)).toEqual(before);
  });

  it.each([
    ['a PNG named .pdf', 'invoice.pdf', FILES.png(), 422, /named like a PDF, but its content is a PNG image/],
    ['a Windows program', 'invoice.pdf', FILES.exe(), 422, /\.exe file, which claims don't accept/],
    ['an unknown binary', 'data.bin', FILES.random(5000), 422, /can't tell what kind of file/],
    ['binary named .csv', 'list.csv', Buffer.from([0x61, 0x2c, 0x00, 0xff]), 422, /not plain UTF-8 text/],
    ['an empty file', 'invoice.pdf', Buffer.alloc(0), 422, /is empty \(0 bytes\)/],
    [
      'a file over the limit',
      'big.pdf',
      Buffer.concat([FILES.pdf(), Buffer.alloc(MAX, 0x20)]),
      413,
      /larger than the 256 KB limit/,
    ],
    ['a path-like file name', '../../x.pdf', FILES.pdf(), 422, /looks like a path/],
  ])(
    'when %s is sent then the page says why (%s), nothing is stored, and the link still works',
    async (_, filename, data, status, message) => {
      const org = await anOrganisation(bot, { reviewers: false });
      const claim = await org.newClaim();
      const link = await invoiceLink(org, claim.claimId);
      const before = await stored(org, claim.claimId);
      const res = await postForm(link, INVOICE, { filename, data });
      expect(res.status).toBe(status);
      const text = pageText(res.html);
      expect(text).toMatch(message);
      expect(text).toMatch(/Nothing was saved/);
      expect(res.html).toContain('<form method="post"'); // the form is offered again
      expect(await stored(org, claim.claimId)).toEqual(before);
      expect((await fetch(link)).status).toBe(200);
    },
  );

  it("when the form's details are wrong then the page lists each problem and stores nothing", async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const link = await invoiceLink(org, claim.claimId);
    const before = await stored(org, claim.claimId);
    const res = await postForm(
      link,
      { ...INVOICE, vendor: '', amount: '-5' },
      { filename: 'a.pdf', data: FILES.pdf() },
    );
    expect(res.status).toBe(400);
    expect(res.html).toMatch(/role="alert"/);
    expect(pageText(res.html)).toMatch(/Enter the vendor\..*Enter an amount such as 1250\.00/);
    expect(res.html).toMatch(/id="f-vendor"[^>]*aria-invalid="true"/);
    expect(await stored(org, claim.claimId)).toEqual(before);
  });

  it('when the browser disconnects in the middle of an upload then nothing is stored and the link still works', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const link = await invoiceLink(org, claim.claimId);
    const before = await stored(org, claim.claimId);
    const data = Buffer.concat([FILES.pdf(), Buffer.alloc(200_000, 0x41)]);
    await postAndDisconnect(link, INVOICE, { filename: 'half.pdf', data }, 120_000);
    // The server notices the dropped connection and cleans up on its own time: wait (bounded) until it has.
    let now = await stored(org, claim.claimId);
    for (let i = 0; i < 100 && JSON.stringify(now) !== JSON.stringify(before); i++) {
      await new Promise((r) => setTimeout(r, 100));
      now = await stored(org, claim.claimId);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(await stored(org, claim.claimId)).toEqual(before);
    expect((await fetch(link)).status).toBe(200);
    expect((await postForm(link, INVOICE, { filename: 'whole.pdf', data })).status).toBe(200);
    expect((await stored(org, claim.claimId)).documents).toBe(1);
  });

  it('when documents are listed then each has a 15-minute download link, and Replace keeps the old version in History', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    expect(
      (await postForm(await invoiceLink(org, claim.claimId), INVOICE, { filename: 'whole.pdf', data: FILES.pdf() }))
        .status,
    ).toBe(200);

    const list = await org.press('document.list', { claimId: claim.claimId, page: 0 }, ANN);
    const text = cardText(list.body.value);
    expect(text).toMatch(/Invoice 4411 · PrintCo · USD 1,200.50/);
    expect(text).toMatch(/Download links work for 15 minutes/);
    const download = openUrls(list.body.value).find((a) => a.title === 'Download')!;
    const se = new URL(download.url).searchParams.get('se')!;
    expect(Math.abs(Date.parse(se) - Date.now() - 15 * 60_000)).toBeLessThan(60_000);
    const file = await fetch(download.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
    expect(sha256(Buffer.from(await file.arrayBuffer()))).toBe(sha256(FILES.pdf()));

    const target = (await docsOf(claim.claimId)).find((d) => d.name === 'whole.pdf')!;
    const now = await org.current(claim.claimId);
    const form = await org.press('document.form', {
      claimId: claim.claimId,
      version: now.version,
      replaces: target.id,
    });
    expect(cardText(form.body.value)).toMatch(/Replacing Invoice 4411/);
    expect(JSON.stringify(form.body.value)).toContain('"value":"PrintCo"');
    const slot = await org.press('document.add', {
      claimId: claim.claimId,
      version: now.version,
      kind: 'invoice',
      replaces: target.id,
      ...INVOICE,
      amount: '1000.00',
    });
    const link = uploadLinkOf(bot, slot.body.value);
    const posted = await postForm(
      link,
      { ...INVOICE, amount: '1000.00', note: 'corrected' },
      { filename: 'whole-v2.pdf', data: FILES.pdf() },
    );
    expect(posted.status).toBe(200);
    const event = await bot.app.db
      .collection(COLLECTIONS.events)
      .findOne({ claimId: claim.claimId, type: 'document.replaced' });
    expect(event?.data.replaced.name).toBe('whole.pdf');
    expect(event?.data.document.name).toBe('whole-v2.pdf');
    const docs = await docsOf(claim.claimId);
    expect(docs.map((d) => [d.name, d.amountMinor])).toEqual([['whole-v2.pdf', 100000]]);
    const after = cardText((await org.press('document.list', { claimId: claim.claimId, page: 0 }, ANN)).body.value);
    expect(after).toContain('whole-v2.pdf');
    expect(after).not.toContain('whole.pdf ·');
    const history = cardText((await org.press('claim.history', { claimId: claim.claimId, page: 0 }, ANN)).body.value);
    expect(history).toMatch(/replaced Invoice “whole\.pdf” with “whole-v2\.pdf”/);
    // The replaced file stays stored (retention): both blobs are there.
    expect((await stored(org, claim.claimId)).blobs).toBe(2);
  });

  it('when a colleague asks for the documents list then they are refused and get no download link', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    await org.addInvoice(claim.claimId, '1200.50');
    const res = await org.press('document.list', { claimId: claim.claimId, page: 0 }, COLE);
    expect(JSON.stringify(res.body)).toMatch(/Only reviewers and incentives admins can open the documents/);
    expect(openUrls(res.body.value)).toEqual([]);
  });

  it('when the claim is submitted then documents can no longer be added or replaced, and open links stop working', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const ready = await org.readyClaim();
    const link = await invoiceLink(org, ready.claimId); // opened before submit, used after
    const submitted = await org.submit(ready);
    expect(cardText(submitted.body.value)).toContain('Submitted for review');
    expect((await claimDoc(ready.claimId))?.status).toBe('Submitted');

    const before = await stored(org, ready.claimId);
    const refused = await org.press('document.form', { claimId: ready.claimId, version: submitted.ref.version });
    expect(cardText(refused.body.value)).toMatch(/This claim is Submitted: it can't be changed now/);
    expect(findAction(refused.body.value, 'document.form')).toBeUndefined();
    const page = await fetch(link);
    expect(page.status).toBe(409);
    expect(pageText(await page.text())).toMatch(/is Submitted/);
    expect((await postForm(link, INVOICE, { filename: 'late.pdf', data: FILES.pdf() })).status).toBe(409);
    expect(await stored(org, ready.claimId)).toEqual(before);
    // Still listed and downloadable, without Replace or Remove.
    const list = await org.press('document.list', { claimId: ready.claimId, page: 0 }, ANN);
    expect(cardText(list.body.value)).toContain('2 current documents');
    expect(findAction(list.body.value, 'document.form')).toBeUndefined();
    expect(findAction(list.body.value, 'document.remove')).toBeUndefined();
    expect(openUrls(list.body.value).filter((a) => a.title === 'Download')).toHaveLength(2);
    expect(refOf(submitted.body.value).claimId).toBe(ready.claimId);
  });
});

describe('the upload page when the blob store is down', () => {
  it('when Azure Blob Storage is unreachable then the page says try again later (503) and nothing is written', async () => {
    const azurite = await startEmbeddedAzurite();
    const bot = new TestBot({ AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString });
    await bot.start();
    try {
      const org = await anOrganisation(bot, { reviewers: false });
      const claim = await org.newClaim();
      const link = await invoiceLink(org, claim.claimId);
      await azurite.stop();
      const res = await postForm(link, INVOICE, {
        filename: 'a.pdf',
        data: Buffer.concat([FILES.pdf(), Buffer.alloc(50_000)]),
      });
      expect(res.status).toBe(503);
      expect(pageText(res.html)).toMatch(/file store is not reachable right now\. Nothing was saved/);
      expect(res.html).not.toMatch(/ECONNREFUSED|RestError|at .*\.js/);
      expect(
        (await bot.app.db.collection(COLLECTIONS.claims).findOne({ _id: claim.claimId as never }))?.documents,
      ).toEqual([]);
      expect(await bot.app.db.collection(COLLECTIONS.events).countDocuments({ type: 'document.added' })).toBe(0);
    } finally {
      await bot.stop();
      await azurite.stop();
    }
  });
});
