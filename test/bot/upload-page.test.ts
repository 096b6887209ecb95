import { ANN, BOB } from '../support/activities';
import { cardText, findAction, TestBot, VALID_FORM, type InvokeResult } from '../support/app';
import { cardOf } from '../support/connector';
import { FILES, pageText, postAndDisconnect, postForm, sha256 } from '../support/files';
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

function refOf(res: InvokeResult): { claimId: string; version: number } {
  const action = findAction(res.body.value, 'claim.comment');
  if (!action) throw new Error(`no claim card in the answer: ${cardText(res.body.value).slice(0, 300)}`);
  return action.data as { claimId: string; version: number };
}

describe('the signed upload page', () => {
  const bot = new TestBot({ UPLOAD_MAX_BYTES: String(MAX) });
  let ref: { claimId: string; version: number };

  beforeAll(async () => {
    await bot.start();
    await bot.funds('ADD-PC', '2026-Q3', '50000');
    ref = refOf(await bot.press('claim.create', VALID_FORM, BOB, bot.where, 'claim-card-1'));
  });
  afterAll(() => bot.stop());

  async function current(): Promise<{ claimId: string; version: number }> {
    return (ref = refOf(await bot.press('claim.refresh', { claimId: ref.claimId }, BOB)));
  }

  /** Add document → invoice details → the upload link the card offers. */
  async function invoiceLink(fields: Record<string, string> = INVOICE): Promise<string> {
    const res = await bot.press('document.add', { ...(await current()), kind: 'invoice', ...fields }, BOB);
    return uploadLinkOf(bot, res.body.value);
  }

  it("when Add document is pressed (in the card's overflow menu) then the card asks which kind, then asks that kind's fields", async () => {
    const claim = (await bot.press('claim.refresh', { claimId: ref.claimId }, BOB)).body.value as {
      actions: Array<{ title: string; mode?: string; verb?: string }>;
    };
    const secondary = claim.actions.filter((a) => a.mode === 'secondary');
    expect(secondary.map((a) => [a.title, a.verb])).toEqual([
      ['Add document', 'document.form'],
      ['Request upload', 'request.form'],
      ['Documents', 'document.list'],
    ]);
    expect(claim.actions.filter((a) => a.mode !== 'secondary').length).toBeLessThanOrEqual(6); // Teams shows at most 6
    const step1 = await bot.press('document.form', await current(), BOB);
    expect(cardText(step1.body.value)).toMatch(/What kind of document/);
    const kinds = (step1.body.value as { actions: Array<{ title: string; data: { kind?: string } }> }).actions
      .filter((a) => a.data?.kind)
      .map((a) => a.data.kind);
    expect(kinds).toEqual(['invoice', 'csr', 'poe', 'other']);
    const poe = await bot.press('document.form', { ...(await current()), kind: 'poe' }, BOB);
    const json = JSON.stringify(poe.body.value);
    for (const id of ['poeKey', 'executionDate', 'amount', 'reach', 'note']) expect(json).toContain(`"id":"${id}"`);
    expect(json).toContain('"min":"2026-07-01"');
    expect(json).toContain('"max":"2026-09-30"');
    expect(cardText(poe.body.value)).toContain('Copy of the final ad');
    expect(findAction(poe.body.value, 'document.add')).toBeDefined();
  });

  it('when the details are wrong then each field says what to fix and no link is made', async () => {
    const res = await bot.press(
      'document.add',
      { ...(await current()), kind: 'invoice', vendor: '', invoiceDate: '2026-13-01', amount: 'abc' },
      BOB,
    );
    const text = cardText(res.body.value);
    expect(text).toContain('Enter the vendor.');
    expect(text).toMatch(/"2026-13-01" is not a date/);
    expect(text).toMatch(/Enter an amount such as/);
    expect(text).toMatch(/nothing was saved yet/);
    expect(await bot.app.db.collection(COLLECTIONS.uploadTokens).countDocuments({})).toBe(0);
  });

  it('when an invoice is uploaded on the page then the blob, the document and its History event land and the claim card ticks the item', async () => {
    const link = await invoiceLink();
    expect(
      await bot.app.db.collection(COLLECTIONS.uploadTokens).countDocuments({ _id: link.split('/').pop() as never }),
    ).toBe(0); // only the hash is stored

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
    expect(pageText(html)).toContain('CLM-000001');

    const data = Buffer.concat([FILES.pdf(), Buffer.alloc(100_000, 0x20)]);
    const before = bot.connector.calls.length;
    const res = await postForm(
      link,
      { ...INVOICE, note: 'Final invoice <b>from</b> the printer' },
      { filename: 'Rechnung März.pdf', contentType: 'application/pdf', data },
    );
    expect(res.status).toBe(200);
    expect(pageText(res.html)).toMatch(/Rechnung März\.pdf \(PDF, 98 KB\) was added to CLM-000001/);
    expect(res.html).not.toContain('<b>from</b>');

    const doc = await bot.app.db.collection(COLLECTIONS.documents).findOne({ claimId: ref.claimId });
    expect(doc).toMatchObject({
      kind: 'invoice',
      name: 'Rechnung März.pdf',
      note: 'Final invoice <b>from</b> the printer',
      amountMinor: 120050,
      currency: 'USD',
      addedBy: { id: BOB.id, name: BOB.name },
    });
    expect(doc?.file).toMatchObject({
      size: data.length,
      sha256: sha256(data),
      contentType: 'application/pdf',
      ext: 'pdf',
    });
    expect(doc?.file.blobName).toMatch(new RegExp(`^tenant-a/${ref.claimId}/[0-9a-f-]{36}$`));
    const blobs = await blobsOf(bot);
    expect(sha256(await blobs.read(doc!.file.blobName))).toBe(sha256(data));

    const event = await bot.app.db
      .collection(COLLECTIONS.events)
      .findOne({ claimId: ref.claimId, type: 'document.added' });
    expect(event).toMatchObject({
      actor: { name: BOB.name },
      data: { document: { name: 'Rechnung März.pdf', note: 'Final invoice <b>from</b> the printer' } },
    });

    const update = bot.connector.calls.slice(before).find((c) => c.method === 'PUT' && c.activityId === 'claim-card-1');
    const card = cardText(cardOf(update));
    expect(card).toMatch(/At least one invoice or CSR\n(.*\n){0,3}1 attached/);
    expect(card).toMatch(/Claimed USD 1,200.50, invoices and CSRs USD 1,200.50/);

    const history = cardText((await bot.press('claim.history', { claimId: ref.claimId, page: 0 }, ANN)).body.value);
    expect(history).toContain('Bob User');
    expect(history).toContain('added invoice "Rechnung März.pdf"');
    expect(history).toContain('Final invoice <b>from</b> the printer');
  });

  it('when a used link is opened or posted again then it is refused and nothing more is written', async () => {
    const link = await invoiceLink();
    const first = await postForm(link, INVOICE, { filename: 'a.pdf', data: FILES.pdf() });
    expect(first.status).toBe(200);
    const stored = await storedFor(bot, ref.claimId);
    const again = await fetch(link);
    expect(again.status).toBe(410);
    expect(pageText(await again.text())).toMatch(/already used/);
    const post = await postForm(link, INVOICE, { filename: 'b.pdf', data: FILES.pdf() });
    expect(post.status).toBe(410);
    expect(await storedFor(bot, ref.claimId)).toEqual(stored);
  });

  it.each([
    ['a made-up token', 'A'.repeat(43)],
    ['a malformed token', '..%2F..%2Fetc%2Fpasswd'],
    ['a token one character off', 'x'],
  ])('when %s is used then the page says the link is not valid (404) and nothing is written', async (_, token) => {
    const real = await invoiceLink();
    const forged =
      token === 'x' ? real.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) : `${bot.app.url}/upload/${token}`;
    const stored = await storedFor(bot, ref.claimId);
    const get = await fetch(forged);
    expect(get.status).toBe(404);
    expect(pageText(await get.text())).toMatch(/This upload link is not valid/);
    const post = await postForm(forged, INVOICE, { filename: 'x.pdf', data: FILES.pdf() });
    expect(post.status).toBe(404);
    expect(await storedFor(bot, ref.claimId)).toEqual(stored);
  });

  it('when the link has expired then the page says so (410) and nothing is written', async () => {
    const link = await invoiceLink();
    const stored = await storedFor(bot, ref.claimId);
    bot.clock.advanceDays(7);
    try {
      const get = await fetch(link);
      expect(get.status).toBe(410);
      expect(pageText(await get.text())).toMatch(/This upload link expired on 2026-10-08 09:00 UTC/);
      expect((await postForm(link, INVOICE, { filename: 'late.pdf', data: FILES.pdf() })).status).toBe(410);
      expect(await storedFor(bot, ref.claimId)).toEqual(stored);
    } finally {
      bot.clock.set('2026-10-01T09:00:00Z');
    }
    expect((await fetch(link)).status).toBe(200); // one second before expiry it still works
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
      const link = await invoiceLink();
      const stored = await storedFor(bot, ref.claimId);
      const res = await postForm(link, INVOICE, { filename, data });
      expect(res.status).toBe(status);
      const text = pageText(res.html);
      expect(text).toMatch(message);
      expect(text).toMatch(/Nothing was saved/);
      expect(res.html).toContain('<form method="post"'); // the form is offered again
      expect(await storedFor(bot, ref.claimId)).toEqual(stored);
      expect((await fetch(link)).status).toBe(200);
    },
  );

  it("when the form's details are wrong then the page lists each problem and stores nothing", async () => {
    const link = await invoiceLink();
    const stored = await storedFor(bot, ref.claimId);
    const res = await postForm(
      link,
      { ...INVOICE, vendor: '', amount: '-5' },
      { filename: 'a.pdf', data: FILES.pdf() },
    );
    expect(res.status).toBe(400);
    expect(res.html).toMatch(/role="alert"/);
    expect(pageText(res.html)).toMatch(/Enter the vendor\..*Enter an amount such as 1250\.00/);
    expect(res.html).toMatch(/id="f-vendor"[^>]*aria-invalid="true"/);
    expect(await storedFor(bot, ref.claimId)).toEqual(stored);
  });

  it('when the browser disconnects in the middle of an upload then nothing is stored and the link still works', async () => {
    const link = await invoiceLink();
    const stored = await storedFor(bot, ref.claimId);
    const data = Buffer.concat([FILES.pdf(), Buffer.alloc(200_000, 0x41)]);
    await postAndDisconnect(link, INVOICE, { filename: 'half.pdf', data }, 120_000);
    // The server notices the dropped connection and cleans up on its own time: wait until it has.
    let now = await storedFor(bot, ref.claimId);
    for (let i = 0; i < 50 && JSON.stringify(now) !== JSON.stringify(stored); i++) {
      await new Promise((r) => setTimeout(r, 100));
      now = await storedFor(bot, ref.claimId);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(await storedFor(bot, ref.claimId)).toEqual(stored);
    expect((await fetch(link)).status).toBe(200);
    expect((await postForm(link, INVOICE, { filename: 'whole.pdf', data })).status).toBe(200);
  });

  it('when documents are listed then each has a 15-minute download link, and Replace keeps the old version in History', async () => {
    const list = await bot.press('document.list', { claimId: ref.claimId, page: 0 }, ANN);
    const text = cardText(list.body.value);
    expect(text).toMatch(/Invoice 4411 · PrintCo · USD 1,200.50/);
    expect(text).toMatch(/Download links work for 15 minutes/);
    const download = openUrls(list.body.value).find((a) => a.title === 'Download')!;
    const se = new URL(download.url).searchParams.get('se')!;
    expect(Math.abs(Date.parse(se) - Date.now() - 15 * 60_000)).toBeLessThan(60_000);
    const file = await fetch(download.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename=/);

    const docs = await bot.app.db.collection(COLLECTIONS.documents).find({ claimId: ref.claimId }).toArray();
    const target = docs.find((d) => d.name === 'whole.pdf')!;
    const form = await bot.press('document.form', { claimId: ref.claimId, replaces: target._id }, BOB);
    expect(cardText(form.body.value)).toMatch(/Replacing Invoice 4411/);
    expect(JSON.stringify(form.body.value)).toContain('"value":"PrintCo"');
    const slot = await bot.press(
      'document.add',
      { ...(await current()), kind: 'invoice', replaces: target._id, ...INVOICE, amount: '1000.00' },
      BOB,
    );
    const link = uploadLinkOf(bot, slot.body.value);
    expect(
      (
        await postForm(
          link,
          { ...INVOICE, amount: '1000.00', note: 'corrected' },
          { filename: 'whole-v2.pdf', data: FILES.pdf() },
        )
      ).status,
    ).toBe(200);
    const event = await bot.app.db
      .collection(COLLECTIONS.events)
      .findOne({ claimId: ref.claimId, type: 'document.replaced' });
    expect(event?.data.replaced.name).toBe('whole.pdf');
    expect(event?.data.document.name).toBe('whole-v2.pdf');
    const after = cardText((await bot.press('document.list', { claimId: ref.claimId, page: 0 }, ANN)).body.value);
    expect(after).toContain('whole-v2.pdf');
    expect(after).not.toContain('whole.pdf ·');
    const history = cardText((await bot.press('claim.history', { claimId: ref.claimId, page: 0 }, ANN)).body.value);
    expect(history).toContain('replaced invoice "whole.pdf" with "whole-v2.pdf"');
  });

  it('when the claim is submitted then documents can no longer be added or replaced, and open links stop working', async () => {
    // A fresh claim made ready through the page: one invoice for the claimed amount, the required PoE item, the metric.
    ref = refOf(await bot.press('claim.create', VALID_FORM, BOB, bot.where, 'claim-card-2'));
    expect((await postForm(await invoiceLink(), INVOICE, { filename: 'invoice.pdf', data: FILES.pdf() })).status).toBe(
      200,
    );
    const poe = await bot.press(
      'document.add',
      {
        ...(await current()),
        kind: 'poe',
        poeKey: 'final-ad',
        executionDate: '2026-08-15',
        amount: '0',
        reach: '25000',
      },
      BOB,
    );
    expect(
      (
        await postForm(
          uploadLinkOf(bot, poe.body.value),
          { executionDate: '2026-08-15', amount: '0', reach: '25000' },
          { filename: 'final-ad.png', data: FILES.png() },
        )
      ).status,
    ).toBe(200);
    await bot.press('claim.metrics', { ...(await current()), metric_estimatedReach: '25000' }, BOB);
    const link = await invoiceLink(); // opened before submit, used after
    const submitted = await bot.press('claim.submit', await current(), BOB);
    expect(cardText(submitted.body.value)).toContain('Submitted for review');
    expect((await bot.app.db.collection('claims').findOne({ _id: ref.claimId as never }))?.status).toBe('Submitted');

    const stored = await storedFor(bot, ref.claimId);
    const refused = await bot.press('document.form', { claimId: ref.claimId }, BOB);
    expect(cardText(refused.body.value)).toMatch(/documents can't be added or replaced now/);
    expect(findAction(refused.body.value, 'document.form')).toBeUndefined();
    const page = await fetch(link);
    expect(page.status).toBe(409);
    expect(pageText(await page.text())).toMatch(/is Submitted: documents can't be added or replaced now/);
    expect((await postForm(link, INVOICE, { filename: 'late.pdf', data: FILES.pdf() })).status).toBe(409);
    expect(await storedFor(bot, ref.claimId)).toEqual(stored);
    // Still listed and downloadable, without Replace.
    const list = await bot.press('document.list', { claimId: ref.claimId, page: 0 }, ANN);
    expect(cardText(list.body.value)).toContain('2 current documents');
    expect(findAction(list.body.value, 'document.form')).toBeUndefined();
    expect(openUrls(list.body.value).filter((a) => a.title === 'Download')).toHaveLength(2);
  });
});

describe('the upload page when the blob store is down', () => {
  it('when Azure Blob Storage is unreachable then the page says try again later (503) and nothing is written', async () => {
    const azurite = await startEmbeddedAzurite();
    const bot = new TestBot({ AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString });
    await bot.start();
    try {
      await bot.funds('ADD-PC', '2026-Q3', '50000');
      const ref = refOf(await bot.press('claim.create', VALID_FORM, BOB));
      const slot = await bot.press('document.add', { ...ref, kind: 'invoice', ...INVOICE }, BOB);
      const link = uploadLinkOf(bot, slot.body.value);
      await azurite.stop();
      const started = Date.now();
      const res = await postForm(link, INVOICE, {
        filename: 'a.pdf',
        data: Buffer.concat([FILES.pdf(), Buffer.alloc(50_000)]),
      });
      expect(res.status).toBe(503);
      expect(pageText(res.html)).toMatch(/file store is not reachable right now\. Nothing was saved/);
      expect(res.html).not.toMatch(/ECONNREFUSED|RestError|at .*\.js/);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(await bot.app.db.collection(COLLECTIONS.documents).countDocuments({})).toBe(0);
      expect(await bot.app.db.collection(COLLECTIONS.events).countDocuments({ type: 'document.added' })).toBe(0);
    } finally {
      await bot.stop();
      await azurite.stop();
    }
  });
});
