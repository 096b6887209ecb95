/**
 * Upload requests: from the claim card to a colleague (a person with no role) and back, over the
 * real HTTP path. Each test arranges its own organisation (a fresh tenant), claim and requests.
 */
import { ANN, BOB, EVE, message, type UserSpec, type Where } from '../support/activities';
import { cardText, findAction, TestBot } from '../support/app';
import { cardOf, type RecordedCall } from '../support/connector';
import { FILES, pageText, postForm } from '../support/files';
import { COLE, anOrganisation, useBot, type Organisation } from '../support/scene';
import { fileAttachment, FileServer, storedFor, uploadLinkOf } from '../support/uploads';
import { COLLECTIONS } from '../../src/store/mongo';

const INVOICE = {
  vendor: 'PrintCo',
  invoiceNumber: '4411',
  invoiceDate: '2026-09-20',
  amount: '1200.50',
  currency: 'USD',
};

function texts(calls: readonly RecordedCall[]): string {
  return calls.map((c) => `${String(c.body.text ?? '')}\n${cardText(cardOf(c))}`).join('\n----\n');
}

/** Asks Cole (through the people picker) for `need`, as Bob; returns the answer and what the bot sent because of it. */
async function ask(org: Organisation, claimId: string, need: string, due = '2026-10-05', text = '') {
  for (const person of [ANN, BOB, COLE]) org.bot.connector.addMember(person);
  const mark = org.mark();
  const now = await org.current(claimId);
  const res = await org.press('request.create', {
    claimId,
    version: now.version,
    assignee: COLE.aadObjectId,
    need,
    text,
    due,
  });
  return { res, calls: org.bot.connector.calls.slice(mark) };
}

/** The 1:1 chat the bot opened with `who` in this organisation (it opens one per person and tenant). */
function personalChat(org: Organisation, who: UserSpec = COLE): Where {
  const opened = org.bot.connector
    .created()
    .filter((c) => c.body.tenantId === org.tenantId && (c.body.members as Array<{ id: string }>)[0]?.id === who.id);
  if (opened.length !== 1) throw new Error(`expected one 1:1 chat with ${who.name}, found ${opened.length}`);
  return {
    tenantId: org.tenantId,
    conversationId: opened[0]!.conversationId,
    serviceUrl: org.bot.connector.url,
    conversationType: 'personal',
  };
}

const requestsOf = (bot: TestBot, claimId: string) =>
  bot.app.db.collection(COLLECTIONS.uploadRequests).find({ claimId }).toArray();
const docsOf = async (bot: TestBot, claimId: string) =>
  ((await bot.app.db.collection(COLLECTIONS.claims).findOne({ _id: claimId as never }))?.documents ?? []) as Array<
    Record<string, unknown>
  >;

describe('upload requests: from the claim card to a colleague and back', () => {
  const files = new FileServer();
  beforeAll(() => files.start());
  afterAll(() => files.stop());
  // Files sent in chat come from the local file server: an origin only a bot without authentication allows.
  const bot = useBot(() => ({ CHAT_FILE_DEV_ORIGINS: files.origin }));

  it('when Request upload is pressed then the form has the Teams people picker, what is needed and a due date', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const res = await org.press('request.form', { claimId: claim.claimId, version: claim.version });
    const json = JSON.stringify(res.body.value);
    expect(json).toContain('"choices.data":{"type":"Data.Query","dataset":"graph.microsoft.com/users"}');
    expect(json).toContain('"value":"poe:final-ad"');
    expect(json).toContain('"value":"invoice"');
    expect(json).toMatch(/"id":"due"[^}]*"value":"2026-10-04"/);
    expect(json).toContain('"max":"2026-11-14"');
    expect(findAction(res.body.value, 'request.create')).toBeDefined();
    const colleague = await org.press('request.form', { claimId: claim.claimId, version: claim.version }, COLE);
    expect(cardText(colleague.body.value)).toMatch(/Only incentives admins and users can ask colleagues for documents/);
  });

  it('when the person picked is not a member here, or the form is wrong, then the form says so and nobody is asked', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    bot.connector.addMember(COLE);
    const mark = org.mark();
    const stranger = await org.press('request.create', {
      claimId: claim.claimId,
      version: claim.version,
      assignee: 'aad-nobody',
      need: 'invoice',
      due: '2026-10-05',
    });
    expect(cardText(stranger.body.value)).toMatch(/can't find that person in this team or chat/);
    const wrong = await org.press('request.create', {
      claimId: claim.claimId,
      version: claim.version,
      assignee: COLE.aadObjectId,
      need: 'poe:booth',
      due: '2026-09-01',
    });
    const text = cardText(wrong.body.value);
    expect(text).toMatch(/does not ask for that proof/);
    expect(text).toMatch(/The due date is in the past/);
    expect(
      await bot.app.db
        .collection(COLLECTIONS.events)
        .countDocuments({ claimId: claim.claimId, type: 'upload.requested' }),
    ).toBe(0);
    expect(bot.connector.calls.slice(mark).filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('when a colleague is asked for a PoE item then a card in the thread and one in their 1:1 chat name what, by whom, for which claim and by when', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const { res, calls } = await ask(org, claim.claimId, 'poe:final-ad', '2026-10-05', 'The ad as printed on page 12');
    const answer = cardText(res.body.value);
    expect(answer).toContain('Asked Cole Colleague for proof of execution: Copy of the final ad');
    expect(answer).toContain('due 2026-10-05. They got a card in their chat with me too.');
    expect(answer).toMatch(
      /Requested documents\n(.*\n){0,6}Open\n(.*\n){0,6}Proof of execution: Copy of the final ad.* · Cole Colleague · due 2026-10-05/,
    );

    const thread = calls.find(
      (c) => c.method === 'POST' && c.conversationId === org.partner.conversationId && cardOf(c),
    );
    const threadText = cardText(cardOf(thread));
    expect(threadText).toContain('Cole Colleague, please upload proof of execution: Copy of the final ad');
    expect(findAction(cardOf(thread), 'request.link')).toBeDefined();
    expect(JSON.stringify(cardOf(thread))).not.toContain('/upload/'); // a channel card never carries a link

    const created = calls.filter((c) => c.path === '/v3/conversations');
    expect(created).toHaveLength(1);
    expect(created[0]!.body).toMatchObject({ isGroup: false, members: [{ id: COLE.id }], tenantId: org.tenantId });
    const chat = personalChat(org);
    const dm = calls.find(
      (c) => c.method === 'POST' && c.conversationId === chat.conversationId && c.path.includes('/activities'),
    );
    const dmText = cardText(cardOf(dm));
    for (const fact of [
      `${claim.number} · Print advertising`,
      'Asked by\nBob User',
      'For\nCole Colleague',
      'Due\n2026-10-05',
      'Proof of execution: Copy of the final ad',
      '“The ad as printed on page 12”',
    ])
      expect(dmText).toContain(fact);
    uploadLinkOf(bot, cardOf(dm));

    const event = await bot.app.db
      .collection(COLLECTIONS.events)
      .findOne({ claimId: claim.claimId, type: 'upload.requested' });
    expect(event).toMatchObject({
      actor: { name: BOB.name },
      data: { request: { assignee: { id: COLE.id }, due: '2026-10-05', need: { kind: 'poe', poeKey: 'final-ad' } } },
    });
    const onClaim = (await bot.app.db.collection(COLLECTIONS.claims).findOne({ _id: claim.claimId as never }))
      ?.requests;
    expect(onClaim).toEqual([
      expect.objectContaining({
        assignee: expect.objectContaining({ id: COLE.id }),
        due: '2026-10-05',
        text: 'The ad as printed on page 12',
      }),
    ]);
    const history = cardText((await org.press('claim.history', { claimId: claim.claimId, page: 0 }, ANN)).body.value);
    expect(history).toContain('asked Cole Colleague for proof of execution: Copy of the final ad');
  });

  it('when Upload is pressed on the thread card then only the colleague asked gets their own link; a partner is refused, and another organisation gets nothing', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    await ask(org, claim.claimId, 'invoice');
    const [request] = await requestsOf(bot, claim.claimId);
    const mine = await org.press('request.link', { requestId: request!._id }, COLE);
    expect(cardText(mine.body.value)).toMatch(/This upload link is for you and works once/);
    const link = uploadLinkOf(bot, mine.body.value);
    expect(pageText(await (await fetch(link)).text())).toMatch(/Uploading as Cole Colleague/);

    const partner = await org.press('request.link', { requestId: request!._id }, BOB);
    expect(JSON.stringify(partner.body)).toMatch(/only they get an upload link/);
    expect(JSON.stringify(partner.body)).not.toContain('/upload/');
    const other = await anOrganisation(bot, { reviewers: false });
    const outside = await other.press('request.link', { requestId: request!._id }, EVE);
    expect(String(outside.body.value)).toMatch(/can't find that upload request/);
    expect(JSON.stringify(outside.body)).not.toContain('/upload/');
  });

  it('when the colleague asked looks the claim up by number then they see it, and a colleague who was not asked does not', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const outsider: UserSpec = { id: '29:otto', aadObjectId: 'aad-otto', name: 'Otto Outsider' };
    const elsewhere = { ...org.partner, conversationId: `19:elsewhere-${org.tenantId}` };
    expect((await org.say(`claim ${claim.number}`, COLE, elsewhere)).text).toMatch(/can't find claim/);
    await ask(org, claim.claimId, 'invoice');
    expect(cardText((await org.say(`claim ${claim.number}`, COLE, personalChat(org))).card)).toContain(claim.number);
    expect((await org.say(`claim ${claim.number}`, outsider, elsewhere)).text).toMatch(/can't find claim/);
  });

  it('when the colleague uploads through the link then the claim card ticks the item, the requester is told, and the request cards say done', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim({}, BOB, 'claim-card-1');
    const { calls } = await ask(org, claim.claimId, 'poe:final-ad', '2026-10-05', 'The ad as printed on page 12');
    const chat = personalChat(org);
    const dm = calls.find(
      (c) => c.method === 'POST' && c.conversationId === chat.conversationId && c.path.includes('/activities'),
    );
    const link = uploadLinkOf(bot, cardOf(dm));
    const page = pageText(await (await fetch(link)).text());
    expect(page).toMatch(
      /Asked by Bob User Needed Proof of execution: Copy of the final ad.* — “The ad as printed on page 12” Due 2026-10-05/,
    );
    expect(page).toMatch(/Uploading as Cole Colleague/);

    const mark = org.mark();
    const res = await postForm(
      link,
      { executionDate: '2026-08-14', amount: '0', reach: '120000', note: 'Page 12, Sunday edition' },
      { filename: 'final-ad.png', data: FILES.png() },
    );
    expect(res.status).toBe(200);
    const after = bot.connector.calls.slice(mark);

    const claimCard = after.find((c) => c.method === 'PUT' && c.activityId === 'claim-card-1');
    expect(cardText(cardOf(claimCard))).toMatch(/Proof: Copy of the final ad.*\n(.*\n){0,3}1 attached/);
    expect(cardText(cardOf(claimCard))).toMatch(/Done ✔\n(.*\n){0,6}Proof of execution: Copy of the final ad/);
    const told = after.find(
      (c) =>
        c.method === 'POST' &&
        c.conversationId === org.partner.conversationId &&
        String(c.body.text ?? '').includes('uploaded'),
    );
    expect(String(told?.body.text)).toMatch(
      new RegExp(
        `^<at>Bob User</at> \\*\\*Cole Colleague\\*\\* uploaded \\*\\*final-ad\\.png\\*\\* to ${claim.number} \\(Proof: Copy of the final ad.* · 2026-08-14\\) — your request #[a-f0-9]{6} is done\\. Note: “Page 12, Sunday edition”`,
      ),
    );
    expect((told?.body.entities as Array<{ mentioned: { id: string } }>).map((e) => e.mentioned.id)).toEqual([BOB.id]);
    const doneCards = after.filter((c) => c.method === 'PUT' && c.activityId !== 'claim-card-1');
    expect(doneCards.map((c) => c.conversationId).sort()).toEqual(
      [org.partner.conversationId, chat.conversationId].sort(),
    );
    for (const c of doneCards) expect(cardText(cardOf(c))).toContain('Done: proof of execution');

    expect(await docsOf(bot, claim.claimId)).toEqual([
      expect.objectContaining({
        kind: 'poe',
        poeKey: 'final-ad',
        addedBy: expect.objectContaining({ id: COLE.id }),
        note: 'Page 12, Sunday edition',
        details: expect.objectContaining({ executionDate: '2026-08-14', reach: 120000 }),
      }),
    ]);
    expect((await requestsOf(bot, claim.claimId))[0]?.doneAt).toBeDefined();
    expect((await fetch(link)).status).toBe(410);
    // The request is done: Upload on the thread card gives no new link.
    const [request] = await requestsOf(bot, claim.claimId);
    const again = await org.press('request.link', { requestId: request!._id }, COLE);
    expect(String(again.body.value)).toMatch(/This request is already done/);
    expect(JSON.stringify(again.body)).not.toContain('/upload/');
  });

  it('when the colleague uses two links of the same request at the same moment then exactly one document lands', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const { calls } = await ask(org, claim.claimId, 'invoice');
    const chat = personalChat(org);
    const dmLink = uploadLinkOf(
      bot,
      cardOf(calls.find((c) => c.conversationId === chat.conversationId && c.path.includes('/activities'))),
    );
    const [request] = await requestsOf(bot, claim.claimId);
    const threadLink = uploadLinkOf(
      bot,
      (await org.press('request.link', { requestId: request!._id }, COLE)).body.value,
    );
    expect(threadLink).not.toBe(dmLink);
    const [a, b] = await Promise.all([
      postForm(dmLink, INVOICE, { filename: 'from-chat.pdf', data: FILES.pdf() }),
      postForm(threadLink, INVOICE, { filename: 'from-thread.pdf', data: FILES.pdf() }),
    ]);
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    expect([a.status, b.status].filter((s) => s >= 400)).toHaveLength(1);
    const docs = await docsOf(bot, claim.claimId);
    expect(docs).toHaveLength(1);
    expect(docs[0]?.name).toBe(a.status === 200 ? 'from-chat.pdf' : 'from-thread.pdf');
    expect(
      await bot.app.db
        .collection(COLLECTIONS.events)
        .countDocuments({ claimId: claim.claimId, type: 'document.added' }),
    ).toBe(1);
  });

  it('when the colleague sends the file in the 1:1 chat then the bot fetches it, asks for the details an invoice needs, and adds it', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    await ask(org, claim.claimId, 'invoice', '2026-10-06', 'The printer invoice');
    const chat = personalChat(org);
    const url = files.serve('printer invoice.pdf', Buffer.concat([FILES.pdf(), Buffer.alloc(300_000, 0x20)]));
    const mark = org.mark();
    const res = await bot.post(
      message(chat, COLE, 'here it is', { attachments: [fileAttachment('printer invoice.pdf', url)] }),
    );
    expect(res.status).toBe(200);
    const form = cardOf(org.sentTo(chat, mark)[0]);
    expect(cardText(form)).toMatch(/I have printer invoice\.pdf\. It needs a few details/);
    const finish = findAction(form, 'upload.finish')!;
    expect(files.hits.some((h) => h.startsWith('/files/printer'))).toBe(true);
    expect(await docsOf(bot, claim.claimId)).toEqual([]);

    const wrong = await org.press('upload.finish', { ...(finish.data as object), ...INVOICE, vendor: '' }, COLE, chat);
    expect(cardText(wrong.body.value)).toMatch(/Enter the vendor\./);
    const stranger = await org.press('upload.finish', { ...(finish.data as object), ...INVOICE }, BOB, chat);
    expect(String(stranger.body.value)).toMatch(/Only Cole Colleague, who sent the file, can finish it/);

    const told = org.mark();
    const done = await org.press(
      'upload.finish',
      { ...(finish.data as object), ...INVOICE, note: 'here it is' },
      COLE,
      chat,
    );
    expect(cardText(done.body.value)).toMatch(
      new RegExp(`Added to ${claim.number}\\n(.*\\n){0,3}printer invoice\\.pdf: Invoice 4411 · PrintCo · USD 1,200.50`),
    );
    expect(await docsOf(bot, claim.claimId)).toEqual([
      expect.objectContaining({
        kind: 'invoice',
        name: 'printer invoice.pdf',
        note: 'here it is',
        addedBy: expect.objectContaining({ id: COLE.id }),
        file: expect.objectContaining({ size: 300_000 + FILES.pdf().length, contentType: 'application/pdf' }),
      }),
    ]);
    expect(texts(bot.connector.calls.slice(told))).toMatch(/Cole Colleague\*\* uploaded \*\*printer invoice\.pdf\*\*/);
    expect(await bot.app.db.collection(COLLECTIONS.stagedUploads).countDocuments({ tenantId: org.tenantId })).toBe(0);
  });

  it('when a file sent in chat is the wrong type or comes from a non-http link then the bot says why and stores nothing; an "other" document lands at once', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    await ask(org, claim.claimId, 'other', '2026-10-06', 'The attendee list');
    const chat = personalChat(org);
    const before = await storedFor(bot, claim.claimId, org.tenantId);
    const mark = org.mark();
    await bot.post(
      message(chat, COLE, '', {
        attachments: [fileAttachment('attendees.pdf', files.serve('attendees.pdf', FILES.exe()))],
      }),
    );
    await bot.post(message(chat, COLE, '', { attachments: [fileAttachment('passwd.txt', 'file:///etc/passwd')] }));
    const replies = texts(org.sentTo(chat, mark));
    expect(replies).toMatch(/\.exe file, which claims don't accept/);
    expect(replies).toMatch(
      /I only download files that Teams hands me, and the link for passwd\.txt is not one of them\. Nothing was saved/,
    );
    expect(await storedFor(bot, claim.claimId, org.tenantId)).toEqual(before);

    // An "other" document needs no details: the right file lands at once.
    const ok = org.mark();
    await bot.post(
      message(chat, COLE, 'the list from the event', {
        attachments: [fileAttachment('attendees.csv', files.serve('attendees.csv', FILES.csv()))],
      }),
    );
    expect(texts(org.sentTo(chat, ok))).toMatch(new RegExp(`Added \\*\\*attendees\\.csv\\*\\* to ${claim.number}`));
    expect(await docsOf(bot, claim.claimId)).toEqual([
      expect.objectContaining({
        kind: 'other',
        name: 'attendees.csv',
        note: 'the list from the event',
        file: expect.objectContaining({ contentType: 'text/csv' }),
      }),
    ]);
  });

  it('when several requests are open then a file needs the request code, and without it nothing is stored', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    await ask(org, claim.claimId, 'csr', '2026-10-07');
    await ask(org, claim.claimId, 'other', '2026-10-07', 'photos');
    const chat = personalChat(org);
    const before = await storedFor(bot, claim.claimId, org.tenantId);
    const mark = org.mark();
    await bot.post(
      message(chat, COLE, '', { attachments: [fileAttachment('photos.zip', files.serve('photos.zip', FILES.zip()))] }),
    );
    const reply = texts(org.sentTo(chat, mark));
    expect(reply).toMatch(/Which request is this file for\? Send the file again with the request code/);
    expect(reply).toMatch(new RegExp(`#[a-f0-9]{6}\\*\\* — a CSR for in-house work for ${claim.number}`));
    expect(await storedFor(bot, claim.claimId, org.tenantId)).toEqual(before);

    const photos = (await requestsOf(bot, claim.claimId)).find((r) => r.text === 'photos')!;
    const next = org.mark();
    await bot.post(
      message(chat, COLE, `for #${photos.code}`, {
        attachments: [fileAttachment('photos.zip', files.serve('photos.zip', FILES.zip()))],
      }),
    );
    expect(texts(org.sentTo(chat, next))).toMatch(new RegExp(`Added \\*\\*photos\\.zip\\*\\* to ${claim.number}`));
    expect((await docsOf(bot, claim.claimId)).map((d) => [d.kind, d.grantId])).toEqual([['other', photos._id]]);
  });

  it('when nobody waits for a file from the sender then the bot says so; a partner who started Add document can send the file in chat', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const annChat = org.personal(ANN);
    const mark = org.mark();
    await bot.post(
      message(annChat, ANN, '', { attachments: [fileAttachment('x.pdf', files.serve('x.pdf', FILES.pdf()))] }),
    );
    expect(texts(org.sentTo(annChat, mark))).toMatch(/I'm not waiting for a file from you/);

    const now = await org.current(claim.claimId, ANN);
    await org.press(
      'document.add',
      { claimId: claim.claimId, version: now.version, kind: 'invoice', ...INVOICE, invoiceNumber: '5000' },
      ANN,
    );
    const next = org.mark();
    await bot.post(
      message(annChat, ANN, 'second invoice', {
        attachments: [fileAttachment('second.pdf', files.serve('second.pdf', FILES.pdf()))],
      }),
    );
    expect(texts(org.sentTo(annChat, next))).toMatch(
      new RegExp(`Added \\*\\*second\\.pdf\\*\\* to ${claim.number}: Invoice 5000 · PrintCo`),
    );
    expect(await docsOf(bot, claim.claimId)).toEqual([
      expect.objectContaining({ name: 'second.pdf', addedBy: expect.objectContaining({ id: ANN.id }) }),
    ]);
    // The sender's 1:1 chat is remembered for later proactive cards.
    expect(
      await bot.app.db.collection(COLLECTIONS.conversations).findOne({ tenantId: org.tenantId, userId: ANN.id }),
    ).toMatchObject({
      conversationId: annChat.conversationId,
    });
  });

  it('when a file is sent in a channel then the bot points to the 1:1 chat and stores nothing', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    await ask(org, claim.claimId, 'invoice');
    const mark = org.mark();
    await bot.post(
      message(org.partner, COLE, '', { attachments: [fileAttachment('x.pdf', files.serve('x.pdf', FILES.pdf()))] }),
    );
    expect(org.textsTo(org.partner, mark)).toEqual([expect.stringMatching(/Send files to me in our 1:1 chat/)]);
    expect(await docsOf(bot, claim.claimId)).toEqual([]);
  });
});

describe('reminders, with two bot instances on one database', () => {
  /**
   * Two instances behind one load balancer: each test starts its own pair on a database of its own
   * (the sweep covers every tenant of a database, so a shared one would mix tests).
   */
  async function twoInstances(test: (first: TestBot, second: TestBot) => Promise<void>): Promise<void> {
    const first = new TestBot();
    await first.start();
    const second = new TestBot({ MONGODB_DB: first.app.db.databaseName, BLOB_CONTAINER: first.blobContainer });
    try {
      await second.start();
      await test(first, second);
    } finally {
      await second.stop().catch(() => undefined);
      await first.stop();
    }
  }

  async function claimWithThreeRequests(first: TestBot) {
    const org = await anOrganisation(first, { reviewers: false });
    const claim = await org.newClaim({}, BOB, 'claim-card-r');
    for (const [need, due] of [
      ['invoice', '2026-11-10'],
      ['poe:final-ad', '2026-11-12'],
      ['other', '2026-11-14'],
    ] as const)
      await ask(org, claim.claimId, need, due);
    return { org, claim };
  }

  function at(time: string, ...bots: TestBot[]) {
    for (const b of bots) b.clock.set(time);
  }

  async function runBoth(org: Organisation, first: TestBot, second: TestBot) {
    const mark = org.mark();
    const [a, b] = await Promise.all([
      first.post(message(org.partner, ANN, 'reminders run')),
      second.post(message(org.partner, ANN, 'reminders run')),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const chat = personalChat(org);
    return {
      dms: org
        .sentTo(chat, mark)
        .filter((c) => c.method === 'POST')
        .map((c) => cardText(cardOf(c))),
      thread: org.textsTo(org.partner, mark).filter((t) => /reminder: /.test(t)),
      summaries: org.textsTo(org.partner, mark).filter((t) => /^Reminders: /.test(t)),
    };
  }

  it('when two instances run the sweep at once then each reminder is sent exactly once', async () => {
    await twoInstances(async (first, second) => {
      const { org, claim } = await claimWithThreeRequests(first);
      at('2026-11-10T08:00:00Z', first, second); // invoice due today, the PoE item in 2 days, the draft's deadline (11-14) in 4 days
      const one = await runBoth(org, first, second);
      expect(one.dms).toHaveLength(1);
      expect(one.dms[0]).toMatch(/Reminder: this is due by the end of 2026-11-10/);
      expect(one.dms[0]).toContain(`Cole Colleague, please upload an invoice for ${claim.number}`);
      expect(one.dms[0]).toMatch(/Upload file/);
      expect(one.thread).toEqual([
        expect.stringMatching(
          new RegExp(
            `^<at>Bob User</at> reminder: \\*\\*${claim.number}\\*\\* is still a draft and must be submitted in 4 days \\(2026-11-14\\)`,
          ),
        ),
      ]);
      // However the two sweeps interleave, together they sent each of the 2 due reminders once.
      const totals = one.summaries.map((t) =>
        /^Reminders: (\d+) sent, (\d+) already sent, 0 failed\./.exec(t)!.slice(1).map(Number),
      );
      expect(totals).toHaveLength(2);
      expect(totals.reduce((sum, [sent]) => sum + sent!, 0)).toBe(2);
      expect(totals.reduce((sum, [, skipped]) => sum + skipped!, 0)).toBe(2);
      expect((await runBoth(org, first, second)).dms).toHaveLength(0); // same day, same band: nothing again
    });
  });

  it('when time passes then overdue requests are reminded once a day and the draft once per band', async () => {
    await twoInstances(async (first, second) => {
      const { org } = await claimWithThreeRequests(first);
      at('2026-11-10T08:00:00Z', first, second);
      await runBoth(org, first, second);
      at('2026-11-11T08:00:00Z', first, second); // invoice overdue, PoE due tomorrow (not within 24 h)
      const day1 = await runBoth(org, first, second);
      expect(day1.dms).toEqual([expect.stringMatching(/Reminder: this was due on 2026-11-10 and is overdue/)]);
      expect(day1.thread).toEqual([expect.stringMatching(/must be submitted in 3 days/)]); // the 3-day band
      at('2026-11-12T08:00:00Z', first, second); // invoice overdue again (a new day), PoE due today; 2 days left: still the 3-day band
      const day2 = await runBoth(org, first, second);
      expect(day2.dms).toHaveLength(2);
      expect(day2.dms.some((t) => /this was due on 2026-11-10 and is overdue/.test(t))).toBe(true);
      expect(day2.dms.some((t) => /due by the end of 2026-11-12/.test(t))).toBe(true);
      expect(day2.thread).toHaveLength(0);
      at('2026-11-13T08:00:00Z', first, second);
      expect((await runBoth(org, first, second)).thread).toEqual([expect.stringMatching(/must be submitted tomorrow/)]);
    });
  });
});
