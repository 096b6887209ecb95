/**
 * "Add to claim" on a message (a Teams message action), over the real HTTP path: Teams-shaped
 * composeExtension/fetchTask and composeExtension/submitAction invokes, files from a local file
 * server allowed as a development origin (CHAT_FILE_DEV_ORIGINS). Each test arranges its own
 * organisation, claim and message.
 */
import { ANN, BOB, message, type UserSpec, type Where } from '../support/activities';
import { cardText, findAction } from '../support/app';
import { cardOf } from '../support/connector';
import { FILES } from '../support/files';
import {
  choicesOf,
  downloadInfoAttachment,
  inputValues,
  messagePayload,
  postMessageAction,
  referenceAttachment,
  submitData,
  type DialogAnswer,
} from '../support/message-actions';
import { anOrganisation, COLE, readable, uploadUrlOf, useBot, type Organisation } from '../support/scene';
import { FileServer, fileAttachment, storedFor } from '../support/uploads';
import { COLLECTIONS } from '../../src/store/mongo';
import { MALFORMED_TEXT } from '../../src/bot/message-action';
import { MAX_CARD_BYTES } from '../../src/views/render-card';

const COMMAND = 'addToClaim';
const PROOF = { poeKey: 'final-ad', executionDate: '2026-09-12', amount: '0', reach: '25000' };
const INVOICE = {
  vendor: 'PrintCo',
  invoiceNumber: '4411',
  invoiceDate: '2026-09-20',
  amount: '1200.50',
  currency: 'USD',
};

type Payload = ReturnType<typeof messagePayload>;

const docsOf = async (org: Organisation, claimId: string) =>
  ((await org.bot.app.db.collection(COLLECTIONS.claims).findOne({ _id: claimId as never }))?.documents ?? []) as Array<
    Record<string, unknown>
  >;

describe('Add to claim: a message action files a message as documents of a claim', () => {
  const files = new FileServer();
  beforeAll(() => files.start());
  afterAll(() => files.stop());
  const bot = useBot(() => ({ CHAT_FILE_DEV_ORIGINS: files.origin }));

  const fetchTask = (org: Organisation, payload: unknown, from: UserSpec = BOB, where: Where = org.partner) =>
    postMessageAction(bot, where, from, 'composeExtension/fetchTask', {
      commandId: COMMAND,
      commandContext: 'message',
      context: { theme: 'default' },
      messagePayload: payload,
    });

  const submit = (
    org: Organisation,
    payload: unknown,
    data: Record<string, unknown>,
    from: UserSpec = BOB,
    where: Where = org.partner,
  ) =>
    postMessageAction(bot, where, from, 'composeExtension/submitAction', {
      commandId: COMMAND,
      commandContext: 'message',
      context: { theme: 'default' },
      messagePayload: payload,
      data,
    });

  /** Step 1 → step 2: the claim and kind chosen on the first dialog, as a person would. */
  async function openForm(
    org: Organisation,
    payload: Payload,
    claimId: string,
    kind: string,
    from: UserSpec = BOB,
  ): Promise<DialogAnswer> {
    const first = await fetchTask(org, payload, from);
    expect(first.card).toBeDefined();
    return submit(org, payload, submitData(first.card, 'Continue', { claimId, kind }), from);
  }

  /** The whole dialog: choose, fill in, send. */
  async function addToClaim(
    org: Organisation,
    payload: Payload,
    claimId: string,
    kind: string,
    fields: Record<string, string>,
    from: UserSpec = BOB,
  ): Promise<DialogAnswer> {
    const form = await openForm(org, payload, claimId, kind, from);
    expect(form.card).toBeDefined();
    return submit(org, payload, submitData(form.card, 'Add to claim', fields), from);
  }

  it('when a partner adds a message with a file to a claim then it becomes a document with the message text as its note, History links the message, and the claim card updates', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim({}, BOB, 'claim-card-1');
    const url = files.serve('tear-sheet.pdf', FILES.pdf());
    const payload = messagePayload({
      from: COLE,
      html: '<p>Page 14 of the printed issue &amp; the <b>logo</b> is visible.</p><p>Thanks!</p>',
      attachments: [referenceAttachment('tear-sheet.pdf', url)],
    });

    const first = await fetchTask(org, payload);
    expect(first.status).toBe(200);
    expect(first.body.task?.type).toBe('continue');
    expect((first.body.task?.value as { title: string }).title).toBe('Add to claim');
    expect(readable(first.card)).toContain('Message from Cole Colleague');
    expect(readable(first.card)).toContain('File: tear-sheet.pdf');
    expect(choicesOf(first.card, 'claimId')).toEqual([
      [expect.stringContaining(`${claim.number} · Print advertising · ADD-PC 2026-Q3 · Editing`), claim.claimId],
    ]);
    expect(choicesOf(first.card, 'kind').map(([, v]) => v)).toEqual(['invoice', 'csr', 'poe', 'other']);

    const form = await submit(
      org,
      payload,
      submitData(first.card, 'Continue', { claimId: claim.claimId, kind: 'poe' }),
    );
    expect(readable(form.card)).toContain(`Add proof of execution to ${claim.number}`);
    expect(inputValues(form.card)).toMatchObject({
      note: 'Page 14 of the printed issue & the logo is visible.\nThanks!',
      files: 'f1',
    });
    expect(choicesOf(form.card, 'poeKey').map(([, v]) => v)).toEqual(['final-ad']);
    expect(findAction(form.card, 'claim.refresh')).toBeUndefined(); // a dialog sends Action.Submit only

    const mark = org.mark();
    const done = await submit(org, payload, submitData(form.card, 'Add to claim', PROOF));
    expect(done.text).toContain(`Added a document to ${claim.number}`);
    expect(readable(done.card)).toMatch(/tear-sheet\.pdf — Proof: Copy of the final ad/);
    expect(readable(done.card)).toContain('The claim card is updated.');

    const docs = await docsOf(org, claim.claimId);
    expect(docs).toEqual([
      expect.objectContaining({
        kind: 'poe',
        poeKey: 'final-ad',
        name: 'tear-sheet.pdf',
        note: 'Page 14 of the printed issue & the logo is visible.\nThanks!',
        addedBy: expect.objectContaining({ id: BOB.id }),
        file: expect.objectContaining({ contentType: 'application/pdf', size: FILES.pdf().length }),
        source: {
          messageId: payload.id,
          link: payload.linkToMessage,
          sender: { id: COLE.aadObjectId, name: COLE.name },
          sentAt: new Date('2026-09-30T14:05:00.000Z'),
          conversationId: org.partner.conversationId,
        },
      }),
    ]);
    const event = await bot.app.db
      .collection(COLLECTIONS.events)
      .findOne({ claimId: claim.claimId, type: 'document.added' });
    expect(event).toMatchObject({ actor: { id: BOB.id }, data: { document: { source: { messageId: payload.id } } } });

    // The claim card in its home conversation shows the new document (like any other addition).
    const update = org.sentTo(org.partner, mark).find((c) => c.method === 'PUT' && c.activityId === 'claim-card-1');
    expect(readable(cardOf(update))).toContain('Documents: 1');

    const history = await org.press('claim.history', { claimId: claim.claimId, page: 0 });
    expect(cardText(history.body.value)).toContain(
      `added Proof of execution “tear-sheet.pdf” from [a message](${payload.linkToMessage}) by Cole Colleague`,
    );
  });

  it.each<['groupChat' | 'personal']>([['groupChat'], ['personal']])(
    'when Add to claim is used on a message in a %s then the same dialog offers the claim and files it',
    async (conversationType) => {
      const org = await anOrganisation(bot, { reviewers: false });
      const claim = await org.newClaim();
      const where: Where =
        conversationType === 'personal'
          ? org.personal(BOB)
          : { ...org.partner, conversationId: `19:group-${org.tenantId}@thread.v2`, conversationType };
      const payload = messagePayload({
        attachments: [referenceAttachment('a.pdf', files.serve('a.pdf', FILES.pdf()))],
      });
      const first = await fetchTask(org, payload, BOB, where);
      expect(choicesOf(first.card, 'claimId').map(([, v]) => v)).toEqual([claim.claimId]);
      const form = await submit(
        org,
        payload,
        submitData(first.card, 'Continue', { claimId: claim.claimId, kind: 'other' }),
        BOB,
        where,
      );
      const done = await submit(org, payload, submitData(form.card, 'Add to claim', { title: 'Agenda' }), BOB, where);
      expect(done.text).toContain(`Added a document to ${claim.number}`);
      expect((await docsOf(org, claim.claimId))[0]).toMatchObject({
        source: { conversationId: where.conversationId },
      });
    },
  );

  it('when the message holds several files and images then each chosen one becomes a document; emoji and images from other sites are not offered', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const image = files.serve('photo', FILES.png());
    const payload = messagePayload({
      html: [
        '<p>Booth photos from the fair <img src="https://statics.teams.cdn.office.net/emoji/smile.png" itemtype="http://schema.skype.com/Emoji" alt="🙂"></p>',
        `<p><img src="${image.replace(/&/g, '&amp;')}" alt="image"></p>`,
        '<p><img src="https://example.com/tracking.gif"></p>',
      ].join(''),
      attachments: [
        referenceAttachment('booth-1.jpg', files.serve('booth-1.jpg', FILES.jpg())),
        downloadInfoAttachment('agenda.docx', files.serve('agenda.docx', FILES.docx())),
        { id: 'card-1', contentType: 'application/vnd.microsoft.card.adaptive', content: '{"type":"AdaptiveCard"}' },
      ],
    });
    const form = await openForm(org, payload, claim.claimId, 'poe');
    expect(choicesOf(form.card, 'files')).toEqual([
      ['booth-1.jpg', 'f1'],
      ['agenda.docx', 'f2'],
      ['message-image-1 (image in the message)', 'f3'],
    ]);
    expect(inputValues(form.card).files).toBe('f1,f2,f3');

    const done = await submit(org, payload, submitData(form.card, 'Add to claim', PROOF));
    expect(done.text).toContain(`Added 3 documents to ${claim.number}`);
    const docs = await docsOf(org, claim.claimId);
    expect(docs.map((d) => [d.name, (d.file as { contentType: string }).contentType])).toEqual([
      ['booth-1.jpg', 'image/jpeg'],
      ['agenda.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['message-image-1.png', 'image/png'],
    ]);
    expect(
      await bot.app.db
        .collection(COLLECTIONS.events)
        .countDocuments({ claimId: claim.claimId, type: 'document.added' }),
    ).toBe(3);

    // Only the ticked files: one of three, as an "other" document.
    const other = await openForm(org, payload, claim.claimId, 'other');
    await submit(org, payload, submitData(other.card, 'Add to claim', { files: 'f2', title: 'Agenda' }));
    expect((await docsOf(org, claim.claimId)).map((d) => d.name)).toHaveLength(4);
  });

  it('when an invoice is added then its details are checked like on Add document, and it is one file', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const payload = messagePayload({
      attachments: [
        referenceAttachment('invoice.pdf', files.serve('invoice.pdf', FILES.pdf())),
        referenceAttachment('receipt.pdf', files.serve('receipt.pdf', FILES.pdf())),
      ],
    });
    const form = await openForm(org, payload, claim.claimId, 'invoice');
    expect(Object.keys(inputValues(form.card))).toEqual(
      expect.arrayContaining([
        'vendor',
        'invoiceNumber',
        'invoiceDate',
        'amount',
        'currency',
        'convertedAmount',
        'note',
      ]),
    );
    const before = await storedFor(bot, claim.claimId, org.tenantId);
    const both = await submit(org, payload, submitData(form.card, 'Add to claim', INVOICE));
    expect(both.text).toMatch(/An invoice is one document: choose the one file that is it/);
    const missing = await submit(
      org,
      payload,
      submitData(form.card, 'Add to claim', { ...INVOICE, vendor: '', files: 'f1' }),
    );
    expect(missing.text).toMatch(/Some fields need attention — nothing was saved yet\./);
    expect(missing.text).toContain('Enter the vendor.');
    expect(inputValues(missing.card)).toMatchObject({ invoiceNumber: '4411', files: 'f1' });
    expect(await storedFor(bot, claim.claimId, org.tenantId)).toEqual(before);

    const done = await submit(org, payload, submitData(missing.card, 'Add to claim', { ...INVOICE, files: 'f1' }));
    expect(readable(done.card)).toMatch(/invoice\.pdf — Invoice 4411 · PrintCo · USD 1,200\.50/);
  });

  it('when the message has no file then the dialog says so and nothing changes', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const before = await storedFor(bot, claim.claimId, org.tenantId);
    const plain = await fetchTask(
      org,
      messagePayload({ html: '<p>Ad went live today <img src="https://example.com/x.png"></p>' }),
    );
    expect(plain.body.task?.type).toBe('continue');
    expect(plain.text).toMatch(/This message has no file or image I can add to a claim .* Nothing was changed\./);
    // A hand-made submit that names no file is refused too.
    const payload = messagePayload({ attachments: [referenceAttachment('a.pdf', files.serve('a.pdf', FILES.pdf()))] });
    const form = await openForm(org, payload, claim.claimId, 'other');
    const none = await submit(org, payload, submitData(form.card, 'Add to claim', { files: '' }));
    expect(none.text).toMatch(/Choose at least one file of the message to add\. Nothing was changed\./);
    expect(await storedFor(bot, claim.claimId, org.tenantId)).toEqual(before);
  });

  it('when one file of the message is of a refused type then nothing is stored, and the form says which file', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const payload = messagePayload({
      attachments: [
        referenceAttachment('photos.pdf', files.serve('photos.pdf', FILES.pdf())),
        referenceAttachment('setup.pdf', files.serve('setup.pdf', FILES.exe())),
      ],
    });
    const before = await storedFor(bot, claim.claimId, org.tenantId);
    const refused = await addToClaim(org, payload, claim.claimId, 'other', {});
    expect(refused.text).toMatch(/setup\.pdf is a \.exe file, which claims don't accept\./);
    expect(refused.text).toContain('Nothing was saved');
    expect(inputValues(refused.card).files).toBe('f1,f2');
    expect(await storedFor(bot, claim.claimId, org.tenantId)).toEqual(before);

    // Unticking the refused file adds the other one.
    const done = await submit(org, payload, submitData(refused.card, 'Add to claim', { files: 'f1' }));
    expect(done.text).toContain(`Added a document to ${claim.number}`);
  });

  it('when a file sits behind a sign-in the bot cannot use then it says to send it in the 1:1 chat, keeps the details in an upload slot, and the file sent there lands', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const payload = messagePayload({
      html: '<p>The tear sheet</p>',
      attachments: [referenceAttachment('tear-sheet.pdf', files.serve('tear-sheet.pdf', FILES.pdf(), 403))],
    });
    const before = await storedFor(bot, claim.claimId, org.tenantId);
    const answer = await addToClaim(org, payload, claim.claimId, 'poe', PROOF);
    expect(answer.body.task?.type).toBe('continue');
    expect(answer.text).toMatch(/I can't open tear-sheet\.pdf: Teams keeps it behind your sign-in/);
    expect(answer.text).toMatch(/send it to me in our 1:1 chat and I'll add it to CLM-\d{6}/);
    uploadUrlOf(bot, answer.card);
    expect(await storedFor(bot, claim.claimId, org.tenantId)).toEqual(before);

    const chat = org.personal(BOB);
    const mark = org.mark();
    await bot.post(
      message(chat, BOB, '', {
        attachments: [fileAttachment('tear-sheet.pdf', files.serve('tear-sheet.pdf', FILES.pdf()))],
      }),
    );
    expect(org.textsTo(chat, mark).join('\n')).toMatch(
      new RegExp(`Added \\*\\*tear-sheet\\.pdf\\*\\* to ${claim.number}: Proof: Copy of the final ad`),
    );
    expect(await docsOf(org, claim.claimId)).toEqual([
      expect.objectContaining({ name: 'tear-sheet.pdf', note: 'The tear sheet', poeKey: 'final-ad' }),
    ]);
  });

  it('when a colleague without a role uses Add to claim then they get the refusal the claim card gives them', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const payload = messagePayload({ attachments: [referenceAttachment('a.pdf', files.serve('a.pdf', FILES.pdf()))] });
    const onCard = await org.press('document.form', { claimId: claim.claimId }, COLE);
    const refusal = /Only incentives admins and users can add documents\./;
    expect(cardText(onCard.body.value)).toMatch(refusal);
    const fetched = await fetchTask(org, payload, COLE);
    expect(fetched.text).toMatch(refusal);
    // A hand-made last step changes nothing either.
    const before = await storedFor(bot, claim.claimId, org.tenantId);
    const forged = await submit(
      org,
      payload,
      { step: 'add', claimId: claim.claimId, version: claim.version, kind: 'other', files: 'f1' },
      COLE,
    );
    expect(forged.text).toMatch(refusal);
    expect(await storedFor(bot, claim.claimId, org.tenantId)).toEqual(before);
  });

  it('when the claim is locked (submitted) then it is not offered, and a dialog opened before is refused with nothing changed', async () => {
    const org = await anOrganisation(bot);
    const open = await org.newClaim();
    const payload = messagePayload({ attachments: [referenceAttachment('a.pdf', files.serve('a.pdf', FILES.pdf()))] });
    const ready = await org.readyClaim();
    const form = await openForm(org, payload, ready.claimId, 'other');
    const submitted = await org.submit(ready);
    expect(cardText(submitted.body.value)).toContain('Submitted for review');

    const first = await fetchTask(org, payload);
    expect(choicesOf(first.card, 'claimId').map(([, v]) => v)).toEqual([open.claimId]);
    const before = await storedFor(bot, ready.claimId, org.tenantId);
    const late = await submit(org, payload, submitData(form.card, 'Add to claim', {}));
    expect(late.text).toMatch(/This claim is Submitted: it can't be changed now\./);
    expect(await storedFor(bot, ready.claimId, org.tenantId)).toEqual(before);
    const details = await submit(org, payload, { step: 'details', claimId: ready.claimId, kind: 'other' });
    expect(details.text).toMatch(/This claim is Submitted: it can't be changed now\./);
  });

  it('when the claim changed between opening the dialog and sending it then nothing is saved, the details are kept, and sending again adds it', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const payload = messagePayload({
      attachments: [referenceAttachment('inv.pdf', files.serve('inv.pdf', FILES.pdf()))],
    });
    const form = await openForm(org, payload, claim.claimId, 'invoice');
    const stale = submitData(form.card, 'Add to claim', INVOICE);
    await org.press(
      'claim.comment',
      { claimId: claim.claimId, version: claim.version, comment: 'Invoice is coming' },
      ANN,
    );

    const before = await storedFor(bot, claim.claimId, org.tenantId);
    const changed = await submit(org, payload, stale);
    expect(changed.text).toMatch(/This claim changed while you were looking at it, so nothing was saved\./);
    expect(inputValues(changed.card)).toMatchObject({ vendor: 'PrintCo', invoiceNumber: '4411', amount: '1200.50' });
    expect(await storedFor(bot, claim.claimId, org.tenantId)).toEqual(before);
    expect(submitData(changed.card, 'Add to claim')).toMatchObject({ version: claim.version + 1 });

    const again = await submit(org, payload, submitData(changed.card, 'Add to claim'));
    expect(again.text).toContain(`Added a document to ${claim.number}`);
    expect(await docsOf(org, claim.claimId)).toHaveLength(1);
  });

  it('when the same send arrives twice then the documents are added once', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const payload = messagePayload({ attachments: [referenceAttachment('a.pdf', files.serve('a.pdf', FILES.pdf()))] });
    const form = await openForm(org, payload, claim.claimId, 'other');
    const first = await submit(org, payload, submitData(form.card, 'Add to claim'));
    expect(first.text).toContain('Added a document');
    const replay = await bot.post(first.activity);
    expect(replay.status).toBe(200);
    expect(replay.text).toContain('That action was already handled.');
    expect(await docsOf(org, claim.claimId)).toHaveLength(1);
  });

  it.each<[string, unknown]>([
    ['a string instead of an object', 'add everything'],
    ['no command id', { messagePayload: messagePayload() }],
    ['an operator as the message id', { commandId: COMMAND, messagePayload: { ...messagePayload(), id: { $gt: '' } } }],
    [
      'more attachments than a message holds',
      {
        commandId: COMMAND,
        messagePayload: messagePayload({
          attachments: Array.from({ length: 200 }, () => ({ contentType: 'reference' })),
        }),
      },
    ],
    [
      'a body that is not text',
      {
        commandId: COMMAND,
        messagePayload: { ...messagePayload(), body: { contentType: 'html', content: { $where: '1' } } },
      },
    ],
    ['dialog data that is a list', { commandId: COMMAND, messagePayload: messagePayload(), data: ['step', 'add'] }],
  ])(
    'when the invoke value is malformed (%s) then the dialog says it cannot read it and nothing is stored',
    async (_, value) => {
      const org = await anOrganisation(bot, { reviewers: false });
      const claim = await org.newClaim();
      const before = await storedFor(bot, claim.claimId, org.tenantId);
      for (const name of ['composeExtension/fetchTask', 'composeExtension/submitAction'] as const) {
        const answer = await postMessageAction(bot, org.partner, BOB, name, value);
        expect(answer.status).toBe(200);
        expect(answer.text).toContain(MALFORMED_TEXT);
      }
      expect(await storedFor(bot, claim.claimId, org.tenantId)).toEqual(before);
    },
  );

  it('when the message is larger than the request limit then it is refused at the HTTP edge and nothing is stored', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const before = await storedFor(bot, claim.claimId, org.tenantId);
    const huge = messagePayload({ html: `<p>${'x'.repeat(400_000)}</p>` });
    const answer = await postMessageAction(bot, org.partner, BOB, 'composeExtension/fetchTask', {
      commandId: COMMAND,
      messagePayload: huge,
    });
    expect(answer.status).toBe(413);
    expect(await storedFor(bot, claim.claimId, org.tenantId)).toEqual(before);
  });

  it('when the dialog data is forged (unknown command, a claim of another organisation, a version that is not a number) then nothing changes', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const payload = messagePayload({ attachments: [referenceAttachment('a.pdf', files.serve('a.pdf', FILES.pdf()))] });
    const before = await storedFor(bot, claim.claimId, org.tenantId);
    const unknown = await postMessageAction(bot, org.partner, BOB, 'composeExtension/fetchTask', {
      commandId: 'deleteEverything',
      messagePayload: payload,
    });
    expect(unknown.text).toMatch(/This action is not supported any more/);
    const other = await anOrganisation(bot, { reviewers: false });
    const outside = await submit(other, payload, {
      step: 'add',
      claimId: claim.claimId,
      version: 1,
      kind: 'other',
      files: 'f1',
    });
    expect(outside.text).toMatch(/can't find that claim/);
    const badVersion = await submit(org, payload, {
      step: 'add',
      claimId: claim.claimId,
      version: { $gt: 0 },
      kind: 'other',
      files: 'f1',
    });
    expect(badVersion.text).toMatch(/This dialog sent data I cannot use\. Nothing was changed/);
    expect(await storedFor(bot, claim.claimId, org.tenantId)).toEqual(before);
  });

  it('when the message is 2,000 characters of Japanese with control characters then the note is clean and within the limit, and the dialog stays under 28 KB', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const sentence = '展示会のブース写真です。ロゴがはっきり見えます\u0007\u202e。';
    const text = sentence.repeat(Math.ceil(2500 / sentence.length));
    const payload = messagePayload({
      html: `<div>${text}</div>`,
      attachments: [referenceAttachment('ブース写真.jpg', files.serve('booth.jpg', FILES.jpg()))],
    });
    const first = await fetchTask(org, payload);
    expect(Buffer.byteLength(JSON.stringify(first.card))).toBeLessThan(MAX_CARD_BYTES);
    const form = await submit(
      org,
      payload,
      submitData(first.card, 'Continue', { claimId: claim.claimId, kind: 'poe' }),
    );
    expect(Buffer.byteLength(JSON.stringify(form.card))).toBeLessThan(MAX_CARD_BYTES);
    const note = inputValues(form.card).note!;
    expect([...note]).toHaveLength(2000);
    expect(note.endsWith('…')).toBe(true);
    expect(note).not.toMatch(/[\u0000-\u001f\u007f\u202a-\u202e]/);

    const done = await submit(org, payload, submitData(form.card, 'Add to claim', PROOF));
    expect(done.text).toContain('Added a document');
    const [doc] = await docsOf(org, claim.claimId);
    expect(doc).toMatchObject({ name: 'ブース写真.jpg', note });
    expect(String(doc!.note).startsWith('展示会のブース写真です。ロゴがはっきり見えます。')).toBe(true);
  });
});
