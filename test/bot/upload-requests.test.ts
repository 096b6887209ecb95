import { ANN, BOB, EVE, message, type UserSpec, type Where } from '../support/activities';
import { cardText, findAction, TestBot, VALID_FORM, type InvokeResult } from '../support/app';
import { cardOf, type RecordedCall } from '../support/connector';
import { FILES, pageText, postForm } from '../support/files';
import { fileAttachment, FileServer, storedFor, uploadLinkOf } from '../support/uploads';
import { COLLECTIONS } from '../../src/store/mongo';

const CAROL: UserSpec = { id: '29:carol', aadObjectId: 'aad-carol', name: 'Carol Colleague' };
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

function texts(calls: readonly RecordedCall[]): string {
  return calls.map((c) => `${String(c.body.text ?? '')}\n${cardText(cardOf(c))}`).join('\n----\n');
}

describe('upload requests: from the claim card to a colleague and back', () => {
  const bot = new TestBot();
  const files = new FileServer();
  let ref: { claimId: string; version: number };
  let personal: Where; // Carol's 1:1 chat with the bot, once the bot opened it

  beforeAll(async () => {
    await files.start();
    await bot.withEnv({ CHAT_FILE_DEV_ORIGINS: files.origin }).start();
    for (const person of [ANN, BOB, CAROL]) bot.connector.addMember(person);
    await bot.funds('ADD-PC', '2026-Q3', '50000');
    ref = refOf(await bot.press('claim.create', VALID_FORM, BOB, bot.where, 'claim-card-1'));
  });
  afterAll(async () => {
    await bot.stop();
    await files.stop();
  });

  async function current() {
    return (ref = refOf(await bot.press('claim.refresh', { claimId: ref.claimId }, BOB)));
  }

  async function ask(need: string, due = '2026-10-05', text = '') {
    const before = bot.connector.calls.length;
    const res = await bot.press(
      'request.create',
      { ...(await current()), assignee: CAROL.aadObjectId, need, text, due },
      BOB,
    );
    return { res, calls: bot.connector.calls.slice(before) };
  }

  it('when Request upload is pressed then the form has the Teams people picker, what is needed and a due date', async () => {
    const res = await bot.press('request.form', await current(), BOB);
    const json = JSON.stringify(res.body.value);
    expect(json).toContain('"choices.data":{"type":"Data.Query","dataset":"graph.microsoft.com/users"}');
    expect(json).toContain('"value":"poe:final-ad"');
    expect(json).toContain('"value":"invoice"');
    expect(json).toMatch(/"id":"due"[^}]*"value":"2026-10-04"/);
    expect(json).toContain('"max":"2026-11-14"');
    expect(findAction(res.body.value, 'request.create')).toBeDefined();
  });

  it('when the person picked is not a member here, or the form is wrong, then the form says so and nobody is asked', async () => {
    const stranger = await bot.press(
      'request.create',
      { ...(await current()), assignee: 'aad-nobody', need: 'invoice', due: '2026-10-05' },
      BOB,
    );
    expect(cardText(stranger.body.value)).toMatch(/can't find that person in this team or chat/);
    const wrong = await bot.press(
      'request.create',
      { ...(await current()), assignee: CAROL.aadObjectId, need: 'poe:booth', due: '2026-09-01' },
      BOB,
    );
    const text = cardText(wrong.body.value);
    expect(text).toMatch(/does not ask for that proof/);
    expect(text).toMatch(/The due date is in the past/);
    expect(
      await bot.app.db
        .collection(COLLECTIONS.events)
        .countDocuments({ claimId: ref.claimId, type: 'upload.requested' }),
    ).toBe(0);
  });

  it('when a colleague is asked for a PoE item then a card in the thread and one in their 1:1 chat name what, by whom, for which claim and by when', async () => {
    const { res, calls } = await ask('poe:final-ad', '2026-10-05', 'The ad as printed on page 12');
    const answer = cardText(res.body.value);
    expect(answer).toContain('Asked Carol Colleague for proof of execution: Copy of the final ad');
    expect(answer).toContain('due 2026-10-05. They got a card in their chat with me too.');
    expect(answer).toMatch(
      /Requested documents\n(.*\n){0,6}Open\n(.*\n){0,6}Proof of execution: Copy of the final ad.* · Carol Colleague · due 2026-10-05/,
    );

    const thread = calls.find((c) => c.method === 'POST' && c.conversationId === bot.where.conversationId);
    const threadText = cardText(cardOf(thread));
    expect(threadText).toContain('Carol Colleague, please upload proof of execution: Copy of the final ad');
    expect(findAction(cardOf(thread), 'request.link')).toBeDefined();
    expect(JSON.stringify(cardOf(thread))).not.toContain('/upload/'); // a channel card never carries a link

    const created = bot.connector.created();
    expect(created).toHaveLength(1);
    expect(created[0]!.body).toMatchObject({ isGroup: false, members: [{ id: CAROL.id }], tenantId: 'tenant-a' });
    personal = {
      tenantId: 'tenant-a',
      conversationId: created[0]!.conversationId,
      serviceUrl: bot.connector.url,
      conversationType: 'personal',
    };
    const dm = calls.find(
      (c) => c.method === 'POST' && c.conversationId === personal.conversationId && c.path.includes('/activities'),
    );
    const dmText = cardText(cardOf(dm));
    for (const fact of [
      'CLM-000001 · Print advertising',
      'Asked by\nBob User',
      'For\nCarol Colleague',
      'Due\n2026-10-05',
      'Proof of execution: Copy of the final ad',
      '“The ad as printed on page 12”',
    ])
      expect(dmText).toContain(fact);
    uploadLinkOf(bot, cardOf(dm));

    const event = await bot.app.db
      .collection(COLLECTIONS.events)
      .findOne({ claimId: ref.claimId, type: 'upload.requested' });
    expect(event).toMatchObject({
      actor: { name: BOB.name },
      data: { request: { assignee: { id: CAROL.id }, due: '2026-10-05', need: { kind: 'poe', poeKey: 'final-ad' } } },
    });
    const history = cardText((await bot.press('claim.history', { claimId: ref.claimId, page: 0 }, ANN)).body.value);
    expect(history).toContain('asked Carol Colleague for proof of execution: Copy of the final ad');
  });

  it('when Upload is pressed on the thread card then the colleague gets their own link, and another organisation gets nothing', async () => {
    const request = await bot.app.db.collection(COLLECTIONS.uploadRequests).findOne({ claimId: ref.claimId });
    const mine = await bot.press('request.link', { requestId: request!._id }, CAROL);
    expect(cardText(mine.body.value)).toMatch(/This upload link is for you and works once/);
    uploadLinkOf(bot, mine.body.value);
    const other = await bot.press('request.link', { requestId: request!._id }, EVE, {
      ...bot.where,
      tenantId: 'tenant-b',
      conversationId: '19:b',
    });
    expect(String(other.body.value)).toMatch(/can't find that upload request/);
  });

  it('when the colleague uploads through the link then the claim card ticks the item, the requester is told, and the request cards say done', async () => {
    const dm = bot.connector
      .sentTo(personal.conversationId)
      .find((c) => c.method === 'POST' && c.path.includes('/activities'));
    const link = uploadLinkOf(bot, cardOf(dm));
    const page = pageText(await (await fetch(link)).text());
    expect(page).toMatch(
      /Asked by Bob User Needed Proof of execution: Copy of the final ad.* — “The ad as printed on page 12” Due 2026-10-05/,
    );
    expect(page).toMatch(/Uploading as Carol Colleague/);
    const before = bot.connector.calls.length;
    const res = await postForm(
      link,
      { executionDate: '2026-08-14', amount: '0', reach: '120000', note: 'Page 12, Sunday edition' },
      { filename: 'final-ad.png', data: FILES.png() },
    );
    expect(res.status).toBe(200);
    const after = bot.connector.calls.slice(before);

    const claimCard = after.find((c) => c.method === 'PUT' && c.activityId === 'claim-card-1');
    expect(cardText(cardOf(claimCard))).toMatch(/Proof: Copy of the final ad.*\n(.*\n){0,3}1 attached/);
    expect(cardText(cardOf(claimCard))).toMatch(/Done ✔\n(.*\n){0,6}Proof of execution: Copy of the final ad/);
    const told = after.find(
      (c) =>
        c.method === 'POST' &&
        c.conversationId === bot.where.conversationId &&
        String(c.body.text ?? '').includes('uploaded'),
    );
    expect(String(told?.body.text)).toMatch(
      /^Bob User: \*\*Carol Colleague\*\* uploaded \*\*final-ad\.png\*\* to CLM-000001 \(Proof: Copy of the final ad.* · 2026-08-14\) — your request #[a-f0-9]{6} is done\. Note: “Page 12, Sunday edition”/,
    );
    const doneCards = after.filter((c) => c.method === 'PUT' && c.activityId !== 'claim-card-1');
    expect(doneCards.map((c) => c.conversationId).sort()).toEqual(
      [bot.where.conversationId, personal.conversationId].sort(),
    );
    for (const c of doneCards) expect(cardText(cardOf(c))).toContain('Done: proof of execution');

    const doc = await bot.app.db.collection(COLLECTIONS.documents).findOne({ claimId: ref.claimId });
    expect(doc).toMatchObject({
      kind: 'poe',
      poeKey: 'final-ad',
      addedBy: { id: CAROL.id },
      note: 'Page 12, Sunday edition',
      details: { executionDate: '2026-08-14', reach: 120000 },
    });
    expect(
      (await bot.app.db.collection(COLLECTIONS.uploadRequests).findOne({ claimId: ref.claimId }))?.doneAt,
    ).toBeDefined();
    expect((await fetch(link)).status).toBe(410);
  });

  it('when the colleague sends the file in the 1:1 chat then the bot fetches it, asks for the details an invoice needs, and adds it', async () => {
    await ask('invoice', '2026-10-06', 'The printer invoice');
    const url = files.serve('printer invoice.pdf', Buffer.concat([FILES.pdf(), Buffer.alloc(300_000, 0x20)]));
    const before = bot.connector.calls.length;
    const res = await bot.post(
      message(personal, CAROL, 'here it is', { attachments: [fileAttachment('printer invoice.pdf', url)] }),
    );
    expect(res.status).toBe(200);
    const reply = bot.connector.calls.slice(before).find((c) => c.conversationId === personal.conversationId);
    const form = cardOf(reply);
    expect(cardText(form)).toMatch(/I have printer invoice\.pdf\. It needs a few details/);
    const finish = findAction(form, 'upload.finish')!;
    expect(files.hits.some((h) => h.startsWith('/files/printer'))).toBe(true);
    expect(
      await bot.app.db.collection(COLLECTIONS.documents).countDocuments({ claimId: ref.claimId, kind: 'invoice' }),
    ).toBe(0);

    const wrong = await bot.press(
      'upload.finish',
      { ...(finish.data as object), ...INVOICE, vendor: '' },
      CAROL,
      personal,
    );
    expect(cardText(wrong.body.value)).toMatch(/Enter the vendor\./);
    const stranger = await bot.press('upload.finish', { ...(finish.data as object), ...INVOICE }, BOB, personal);
    expect(String(stranger.body.value)).toMatch(/Only Carol Colleague, who sent the file, can finish it/);

    const told = bot.connector.calls.length;
    const done = await bot.press(
      'upload.finish',
      { ...(finish.data as object), ...INVOICE, note: 'here it is' },
      CAROL,
      personal,
    );
    expect(cardText(done.body.value)).toMatch(
      /Added to CLM-000001\n(.*\n){0,3}printer invoice\.pdf: Invoice 4411 · PrintCo · USD 1,200.50/,
    );
    const doc = await bot.app.db.collection(COLLECTIONS.documents).findOne({ claimId: ref.claimId, kind: 'invoice' });
    expect(doc).toMatchObject({
      name: 'printer invoice.pdf',
      note: 'here it is',
      addedBy: { id: CAROL.id },
      file: { size: 300_000 + FILES.pdf().length, contentType: 'application/pdf' },
    });
    expect(texts(bot.connector.calls.slice(told))).toMatch(/Carol Colleague\*\* uploaded \*\*printer invoice\.pdf\*\*/);
    expect(await bot.app.db.collection(COLLECTIONS.stagedUploads).countDocuments({})).toBe(0);
  });

  it('when a file sent in chat is the wrong type or comes from a non-http link then the bot says why and stores nothing', async () => {
    await ask('other', '2026-10-06', 'The attendee list');
    const stored = await storedFor(bot, ref.claimId);
    const before = bot.connector.calls.length;
    await bot.post(
      message(personal, CAROL, '', {
        attachments: [fileAttachment('attendees.pdf', files.serve('attendees.pdf', FILES.exe()))],
      }),
    );
    await bot.post(message(personal, CAROL, '', { attachments: [fileAttachment('passwd.txt', 'file:///etc/passwd')] }));
    const replies = texts(
      bot.connector.calls.slice(before).filter((c) => c.conversationId === personal.conversationId),
    );
    expect(replies).toMatch(/\.exe file, which claims don't accept/);
    expect(replies).toMatch(/the link for passwd\.txt is not one of them\. Nothing was saved/);
    expect(await storedFor(bot, ref.claimId)).toEqual(stored);

    // An "other" document needs no details: the right file lands at once.
    const ok = bot.connector.calls.length;
    await bot.post(
      message(personal, CAROL, 'the list from the event', {
        attachments: [fileAttachment('attendees.csv', files.serve('attendees.csv', FILES.csv()))],
      }),
    );
    expect(texts(bot.connector.calls.slice(ok))).toMatch(/Added \*\*attendees\.csv\*\* to CLM-000001/);
    expect(
      await bot.app.db.collection(COLLECTIONS.documents).findOne({ claimId: ref.claimId, name: 'attendees.csv' }),
    ).toMatchObject({ kind: 'other', note: 'the list from the event', file: { contentType: 'text/csv' } });
  });

  it('when several requests are open then a file needs the request code, and without it nothing is stored', async () => {
    await ask('csr', '2026-10-07');
    await ask('other', '2026-10-07', 'photos');
    const stored = await storedFor(bot, ref.claimId);
    const before = bot.connector.calls.length;
    await bot.post(
      message(personal, CAROL, '', {
        attachments: [fileAttachment('photos.zip', files.serve('photos.zip', FILES.zip()))],
      }),
    );
    const reply = texts(bot.connector.calls.slice(before));
    expect(reply).toMatch(/Which request is this file for\? Send the file again with the request code/);
    expect(reply).toMatch(/#[a-f0-9]{6}\*\* — a CSR for in-house work for CLM-000001/);
    expect(await storedFor(bot, ref.claimId)).toEqual(stored);
    const other = await bot.app.db
      .collection(COLLECTIONS.uploadRequests)
      .findOne({ claimId: ref.claimId, text: 'photos' });
    const next = bot.connector.calls.length;
    await bot.post(
      message(personal, CAROL, `for #${other!.code}`, {
        attachments: [fileAttachment('photos.zip', files.serve('photos.zip', FILES.zip()))],
      }),
    );
    expect(texts(bot.connector.calls.slice(next))).toMatch(/Added \*\*photos\.zip\*\* to CLM-000001/);
  });

  it('when nobody waits for a file from the sender then the bot says so; a partner who started Add document can send the file in chat', async () => {
    const annChat: Where = {
      tenantId: 'tenant-a',
      conversationId: 'a:ann-personal',
      serviceUrl: bot.connector.url,
      conversationType: 'personal',
    };
    const before = bot.connector.calls.length;
    await bot.post(
      message(annChat, ANN, '', { attachments: [fileAttachment('x.pdf', files.serve('x.pdf', FILES.pdf()))] }),
    );
    expect(texts(bot.connector.calls.slice(before))).toMatch(/I'm not waiting for a file from you/);

    await bot.press('document.add', { ...(await current()), kind: 'invoice', ...INVOICE, invoiceNumber: '5000' }, ANN);
    const next = bot.connector.calls.length;
    await bot.post(
      message(annChat, ANN, 'second invoice', {
        attachments: [fileAttachment('second.pdf', files.serve('second.pdf', FILES.pdf()))],
      }),
    );
    expect(texts(bot.connector.calls.slice(next))).toMatch(
      /Added \*\*second\.pdf\*\* to CLM-000001: Invoice 5000 · PrintCo/,
    );
    // The sender's 1:1 chat is remembered for later proactive cards.
    expect(await bot.app.db.collection(COLLECTIONS.conversations).findOne({ userId: ANN.id })).toMatchObject({
      conversationId: 'a:ann-personal',
    });
  });
});

describe('reminders', () => {
  const first = new TestBot({ BLOB_CONTAINER: 'reminders-shared' });
  let second: TestBot;
  let claimId = '';

  beforeAll(async () => {
    await first.start();
    // A second bot instance on the same database and blob container (two instances behind one load balancer).
    second = new TestBot({ MONGODB_DB: first.app.db.databaseName, BLOB_CONTAINER: 'reminders-shared' });
    await second.start();
    for (const person of [ANN, BOB, CAROL]) first.connector.addMember(person);
    await first.funds('ADD-PC', '2026-Q3', '50000');
    const ref = refOf(await first.press('claim.create', VALID_FORM, BOB, first.where, 'claim-card-r'));
    claimId = ref.claimId;
    for (const [need, due] of [
      ['invoice', '2026-11-10'],
      ['poe:final-ad', '2026-11-12'],
      ['other', '2026-11-14'],
    ] as const) {
      const current = refOf(await first.press('claim.refresh', { claimId }, BOB));
      await first.press('request.create', { ...current, assignee: CAROL.aadObjectId, need, due }, BOB);
    }
  });
  afterAll(async () => {
    await second.stop();
    await first.stop();
  });

  function at(time: string) {
    first.clock.set(time);
    second.clock.set(time);
  }

  async function runBoth() {
    const before = first.connector.calls.length;
    const [a, b] = await Promise.all([
      first.post(message(first.where, ANN, 'reminders run')),
      second.post(message(first.where, ANN, 'reminders run')),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const calls = first.connector.calls.slice(before);
    const carol = first.connector.created()[0]!.conversationId;
    return {
      dms: calls
        .filter((c) => c.conversationId === carol && c.method === 'POST' && c.path.includes('/activities'))
        .map((c) => cardText(cardOf(c))),
      thread: calls
        .filter(
          (c) => c.conversationId === first.where.conversationId && /^Reminder for/.test(String(c.body.text ?? '')),
        )
        .map((c) => String(c.body.text)),
      summaries: calls.filter((c) => /^Reminders: /.test(String(c.body.text ?? ''))).map((c) => String(c.body.text)),
    };
  }

  it('when two instances run the sweep at once then each reminder is sent exactly once', async () => {
    at('2026-11-10T08:00:00Z'); // invoice due today (within 24 h), the PoE item in 2 days, the draft's deadline (11-14) in 4 days
    const one = await runBoth();
    expect(one.dms).toHaveLength(1);
    expect(one.dms[0]).toMatch(/Reminder: this is due by the end of 2026-11-10/);
    expect(one.dms[0]).toContain('Carol Colleague, please upload an invoice for CLM-000001');
    expect(one.dms[0]).toMatch(/Upload file/);
    expect(one.thread).toEqual([
      expect.stringMatching(
        /^Reminder for Bob User: \*\*CLM-000001\*\* is still a draft and must be submitted in 4 days \(2026-11-14\)/,
      ),
    ]);
    // However the two sweeps interleave, together they sent each of the 2 due reminders once.
    const totals = one.summaries.map((t) =>
      /^Reminders: (\d+) sent, (\d+) already sent, 0 failed\./.exec(t)!.slice(1).map(Number),
    );
    expect(totals).toHaveLength(2);
    expect(totals.reduce((sum, [sent]) => sum + sent!, 0)).toBe(2);
    expect(totals.reduce((sum, [, skipped]) => sum + skipped!, 0)).toBe(2);
    const carolCard = (await runBoth()).dms;
    expect(carolCard).toHaveLength(0); // same day, same band: nothing again
  });

  it('when time passes then overdue requests are reminded once a day and the draft once per band', async () => {
    at('2026-11-11T08:00:00Z'); // invoice overdue, PoE due tomorrow (not within 24 h)
    const day1 = await runBoth();
    expect(day1.dms).toEqual([expect.stringMatching(/Reminder: this was due on 2026-11-10 and is overdue/)]);
    expect(day1.thread).toEqual([expect.stringMatching(/must be submitted in 3 days/)]); // the 3-day band
    at('2026-11-12T08:00:00Z'); // invoice overdue again (a new day), PoE due today; 2 days left: still the 3-day band
    const day2 = await runBoth();
    expect(day2.dms).toHaveLength(2);
    expect(day2.dms.some((t) => /this was due on 2026-11-10 and is overdue/.test(t))).toBe(true);
    expect(day2.dms.some((t) => /due by the end of 2026-11-12/.test(t))).toBe(true);
    expect(day2.thread).toHaveLength(0);
    at('2026-11-13T08:00:00Z');
    expect((await runBoth()).thread).toEqual([expect.stringMatching(/must be submitted tomorrow/)]);
    expect(await first.app.db.collection(COLLECTIONS.remindersSent).countDocuments({})).toBeGreaterThanOrEqual(5);
  });
});
