/**
 * Cards as Teams would treat them, with hostile data and every button pressed: each card the bot
 * sends or answers with must parse and validate as an Adaptive Card and stay ≤ 28 KB, and each
 * Action.Execute on it must answer 200 with a card or a clear message — never an error, an empty
 * answer or internal text. Each test arranges its own organisation and claims.
 */
import type { UserSpec, Where } from '../support/activities';
import { ANN, BOB, message } from '../support/activities';
import { cardText, findAction } from '../support/app';
import { cardOf } from '../support/connector';
import { buttonsOf, cardProblems, invokeProblems, sentProblems } from '../support/card-check';
import { download, pdfSaying, pressEvidencePack, unzip } from '../support/evidence';
import { FILES, postForm } from '../support/files';
import {
  choicesOf,
  messagePayload,
  postMessageAction,
  referenceAttachment,
  submitData,
} from '../support/message-actions';
import {
  anOrganisation,
  CARL,
  COLE,
  refOf,
  RITA,
  uploadUrlOf,
  useBot,
  visibleText,
  type Organisation,
} from '../support/scene';

const JAPANESE = '共同マーケティング費用の請求書と証憑を確認しました。';
const japanese = (chars: number) => JAPANESE.repeat(Math.ceil(chars / JAPANESE.length)).slice(0, chars);

/**
 * Presses every Action.Execute of `card` (and of the cards those presses answer with, `depth`
 * levels down) as `who` in `where`, once per verb and title; returns every problem seen.
 */
async function pressEverything(
  org: Organisation,
  card: unknown,
  who: UserSpec,
  where: Where,
  depth = 2,
  seen = new Set<string>(),
): Promise<string[]> {
  const problems: string[] = [];
  for (const button of buttonsOf(card)) {
    const key = `${button.verb}|${button.title}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const mark = org.mark();
    const res = await org.press(button.verb, button.data, who, where);
    for (const p of invokeProblems(res)) problems.push(`${key}: ${p}`);
    for (const p of sentProblems(org.bot.connector.calls.slice(mark))) problems.push(`${key} (sent): ${p}`);
    if (depth > 1 && res.body?.type === 'application/vnd.microsoft.card.adaptive')
      problems.push(...(await pressEverything(org, res.body.value, who, where, depth - 1, seen)));
  }
  return problems;
}

describe('cards with hostile data, every button pressed', () => {
  const bot = useBot();

  it('when every button of an editing claim card is pressed (and of the cards they open) then each answers 200 with a sound card or a clear message', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim({ description: japanese(500) });
    await org.addInvoice(claim.claimId, '1200.50', { note: japanese(2000) });
    const current = await org.current(claim.claimId);
    expect(cardProblems(current.card)).toEqual([]);
    expect(await pressEverything(org, current.card, BOB, org.partner)).toEqual([]);
  });

  it('when every button of a review card is pressed by the reviewer then each answers 200 with a sound card or a clear message', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.inReview();
    const review = await org.reviewCard(claim.claimId);
    expect(cardProblems(review.card)).toEqual([]);
    expect(await pressEverything(org, review.card, RITA, org.reviews)).toEqual([]);
  });

  it('when a reviewer opens Documents from the review card and goes Back then the review card comes back, not the partner card', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.inReview();
    const review = await org.reviewCard(claim.claimId);
    const documents = findAction(review.card, 'document.list')!;
    const list = await org.press('document.list', documents.data, RITA, org.reviews);
    expect(cardText(list.body.value)).toContain(`Documents of ${claim.number}`);
    const back = buttonsOf(list.body.value).find((b) => /back/i.test(b.title))!;
    const res = await org.press(back.verb, back.data, RITA, org.reviews);
    expect(findAction(res.body.value, 'review.approve')).toBeDefined();
    expect(visibleText(res.body.value)).toContain(`Review · ${claim.number}`);
  });

  // 20 documents: three pages of the Documents card; each upload rewrites the claim with all its documents,
  // so more only slows FerretDB down without testing anything new.
  it('when a claim holds 20 documents with 2,000-character Japanese notes then the claim card, every documents page and the review card stay sound', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim({ description: japanese(500) });
    for (let i = 0; i < 20; i++) {
      const now = await org.current(claim.claimId);
      const slot = await org.press('document.add', {
        claimId: claim.claimId,
        version: now.version,
        kind: 'other',
        title: japanese(200),
        note: japanese(2000),
      });
      const posted = await postForm(
        uploadUrlOf(bot, slot.body.value),
        { title: japanese(200), note: japanese(2000) },
        { filename: `${japanese(240)}-${i}.pdf`, contentType: 'application/pdf', data: FILES.pdf() },
      );
      expect(posted.status).toBe(200);
    }
    await org.addInvoice(claim.claimId, '1200.50', { note: japanese(2000) });
    await org.addProof(claim.claimId, 'final-ad');
    await org.fillMetrics(claim.claimId, 'print-advertising');
    const current = await org.current(claim.claimId);
    expect(cardProblems(current.card)).toEqual([]);
    for (let page = 0; page < 10; page++) {
      const docs = await org.press('document.list', { claimId: claim.claimId, page });
      expect(invokeProblems(docs)).toEqual([]);
      if (!findAction(docs.body.value, 'document.list') || !/Next/.test(visibleText(docs.body.value))) break;
    }
    const submitted = await org.submit(claim);
    expect(invokeProblems(submitted)).toEqual([]);
    expect(cardText(submitted.body.value)).toContain('Submitted for review');
    const review = await org.reviewCard(claim.claimId, RITA);
    expect(cardProblems(review.card)).toEqual([]);
    expect(sentProblems(bot.connector.calls)).toEqual([]);
  }, 180_000);

  it('when help is asked in a channel, a group chat and a personal chat then each answer is the same sound card', async () => {
    const org = await anOrganisation(bot);
    const cards = [];
    for (const where of [org.partner, { ...org.partner, conversationType: 'groupChat' as const }, org.personal(BOB)]) {
      const res = await org.say('help', BOB, where);
      expect(cardProblems(res.card)).toEqual([]);
      cards.push(JSON.stringify(res.card));
    }
    expect(new Set(cards).size).toBe(1);
    void ANN;
  });
});

describe('the review channel moved, set twice', () => {
  const bot = useBot();

  it('when the admin moves the review channel then the claims waiting get their review cards there, and later moves update the card in the new channel', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.submittedClaim();
    const moved: Where = { ...org.reviews, conversationId: `19:reviews-2-${org.tenantId}` };
    const mark = org.mark();
    const said = await org.say('review channel here', ANN, moved);
    expect(said.text).toMatch(/posted the review cards of 1 claim/);
    const posted = org.sentTo(moved, mark).filter((c) => c.method === 'POST' && cardOf(c));
    expect(posted).toHaveLength(1);
    expect(cardText(cardOf(posted[0]))).toContain(`Review · ${claim.number}`);
    // A review move keeps the review card in the new channel in step.
    const later = org.mark();
    await org.grant('reviewer', [RITA], ANN, moved);
    const card = await org.press('review.refresh', { claimId: claim.claimId }, RITA, moved);
    const pick = findAction(card.body.value, 'review.pickUp')!;
    const picked = await org.press('review.pickUp', pick.data, RITA, moved, posted[0]!.id);
    expect(invokeProblems(picked)).toEqual([]);
    const updates = bot.connector.calls
      .slice(later)
      .filter((c) => c.method === 'PUT' && c.conversationId !== org.partner.conversationId);
    // Every update goes to a card that was posted into the conversation it is sent to.
    for (const u of updates) expect(activityIdsPostedTo(u.conversationId)).toContain(u.activityId);
    expect(updates.some((u) => u.conversationId === moved.conversationId)).toBe(true);

    // Set a second time in the same channel: nothing is posted twice.
    const again = org.mark();
    expect((await org.say('review channel here', ANN, moved)).text).not.toMatch(/posted the review cards/);
    expect(org.sentTo(moved, again).filter((c) => c.method === 'POST' && cardOf(c))).toHaveLength(0);
  });

  /** The ids the connector gave the cards the bot posted into a conversation. */
  function activityIdsPostedTo(conversationId: string): string[] {
    return bot.connector.calls
      .filter((c) => c.method === 'POST' && c.conversationId === conversationId && cardOf(c))
      .map((c) => c.id ?? '');
  }
});

describe('commands as Teams delivers them', () => {
  const bot = useBot();

  it.each([
    ['an &nbsp; after the mention (as Teams writes it)', (n: string) => `claim&nbsp;${n}`],
    ['an en dash pasted from a document', (n: string) => `claim ${n.replace('-', '\u2013')}`],
    ['a Unicode hyphen', (n: string) => `claim ${n.replace('-', '\u2010')}`],
    [
      'full-width letters and digits (Japanese IME)',
      (n: string) =>
        `ｃｌａｉｍ ${n.normalize('NFKC').replace(/[\x21-\x7e]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))}`,
    ],
    ['a zero-width space copied with the number', (n: string) => `claim\u200b ${n}\u200b`],
    ['rich-text HTML', (n: string) => `<p>claim ${n}</p>`],
    ['a closing full stop', (n: string) => `Claim   ${n.toLowerCase()}.`],
  ])('when `claim CLM-…` arrives with %s then the claim card is posted', async (_label, write) => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    for (const where of [org.partner, { ...org.partner, conversationType: 'groupChat' as const }]) {
      const res = await org.say(write(claim.number), BOB, where);
      expect(res.text).not.toMatch(/didn't catch|Usage/);
      expect(cardText(res.card)).toContain(claim.number);
      expect(cardProblems(res.card)).toEqual([]);
    }
  });

  it('when the bot is mentioned by another display name, twice, or after the command then the command still runs', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    const bot28 = { id: '28:claims-bot', name: 'Co-op Claims' };
    for (const [text, names] of [
      [`<at>Co-op Claims</at> claim ${claim.number}`, ['Co-op Claims']],
      [`<at>Co-op Claims</at>&nbsp;claim ${claim.number}`, ['Co-op Claims']],
      [`claim ${claim.number} <at>Co-op Claims</at>`, ['Co-op Claims']],
      [`<at>Co-op</at> <at>Claims</at> claim ${claim.number}`, ['Co-op', 'Claims']],
    ] as const) {
      const mark = org.mark();
      await bot.post({
        ...message(org.partner, BOB, ''),
        text,
        entities: names.map((name) => ({ type: 'mention', text: `<at>${name}</at>`, mentioned: { ...bot28, name } })),
      });
      const card = org.cardsTo(org.partner, mark)[0];
      expect(cardText(card)).toContain(claim.number);
    }
  });
});

describe('lists with no rows and many rows, every button pressed', () => {
  const bot = useBot();

  it('when the organisation has no claims then claims, queue, overview and budget answer sound cards that say so', async () => {
    const org = await anOrganisation(bot);
    for (const [command, says] of [
      ['claims', /No claims yet/],
      ['claims mine submitted', /No claims match/],
      ['queue', /Nothing is waiting for review/],
      ['overview', /No claims yet/],
      ['budget ADD-PC 2026-Q3', /USD 50,000\.00/],
    ] as const) {
      const res = await org.say(command, ANN);
      expect(cardProblems(res.card)).toEqual([]);
      expect(visibleText(res.card)).toMatch(says);
      expect(await pressEverything(org, res.card, ANN, org.partner, 1)).toEqual([]);
    }
  });

  it('when 25 draft claims with long Japanese descriptions exist then claims and overview page through them with sound cards and every button answers', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '90000']] });
    const numbers: string[] = [];
    for (let i = 0; i < 25; i++) {
      const claim = await org.newClaim({ description: japanese(500), amount: '1' });
      numbers.push(claim.number);
    }
    const list = await org.say('claims', ANN);
    expect(cardProblems(list.card)).toEqual([]);
    const seen = new Set<string>();
    let card: unknown = list.card;
    for (let page = 0; page < 5 && card; page++) {
      for (const n of visibleText(card).match(/CLM-\d{6}/g) ?? []) seen.add(n);
      const next = buttonsOf(card).find((b) => b.title === 'Next');
      if (!next) break;
      const res = await org.press(next.verb, next.data, ANN);
      expect(invokeProblems(res)).toEqual([]);
      card = res.body.value;
    }
    expect([...seen].sort()).toEqual([...numbers].sort());
    expect(await pressEverything(org, list.card, ANN, org.partner, 1)).toEqual([]);
    const overview = await org.say('overview', ANN);
    expect(visibleText(overview.card)).toContain('25 claim(s)');
    expect(await pressEverything(org, overview.card, ANN, org.partner, 1)).toEqual([]);
  });
});

describe('the review queue longer than a page', () => {
  const bot = useBot();

  it('when 22 claims wait for review then the queue pages through all of them, oldest first, and each row opens its review card', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '90000']] });
    const numbers: string[] = [];
    for (let i = 0; i < 22; i++) {
      bot.clock.set(`2026-10-01T09:${String(i).padStart(2, '0')}:00Z`);
      numbers.push((await org.submittedClaim({ amount: '10', description: japanese(500) })).number);
    }
    const first = await org.say('queue', RITA, org.reviews);
    expect(cardProblems(first.card)).toEqual([]);
    expect(visibleText(first.card)).toContain('22 claim(s) waiting');
    const next = buttonsOf(first.card).find((b) => b.title === 'Next');
    expect(next).toBeDefined();
    const second = await org.press(next!.verb, next!.data, RITA, org.reviews);
    expect(invokeProblems(second)).toEqual([]);
    const shown = [first.card, second.body.value].flatMap((c) => visibleText(c).match(/CLM-\d{6}/g) ?? []);
    expect(shown).toEqual(numbers);
    const back = buttonsOf(second.body.value).find((b) => b.title === 'Previous');
    expect(visibleText((await org.press(back!.verb, back!.data, RITA, org.reviews)).body.value)).toContain(numbers[0]);
    expect(await pressEverything(org, second.body.value, RITA, org.reviews, 1)).toEqual([]);
  });
});

describe('long History and many upload requests', () => {
  const bot = useBot();

  it('when a claim has 120 comments and 20 open upload requests in Japanese then the claim card, every History page, the request cards and the review card stay sound', async () => {
    const org = await anOrganisation(bot);
    bot.connector.addMember(COLE);
    const claim = await org.newClaim({ description: japanese(500) });
    let version = claim.version;
    for (let i = 0; i < 120; i++) {
      const res = await org.press('claim.comment', {
        claimId: claim.claimId,
        version,
        comment: `${i} ${japanese(i % 20 === 0 ? 1990 : 120)}`,
      });
      expect(cardText(res.body.value)).toContain('Comment posted');
      version = refOf(res.body.value).version;
    }
    for (let i = 0; i < 20; i++) {
      const res = await org.press('request.create', {
        claimId: claim.claimId,
        version,
        assignee: COLE.aadObjectId,
        need: i % 2 ? 'invoice' : 'poe:final-ad',
        text: `${i} ${japanese(490)}`,
        due: '2026-10-20',
      });
      expect(invokeProblems(res)).toEqual([]);
      version = refOf(res.body.value).version;
    }
    expect(await bot.app.db.collection('upload_requests').countDocuments({ claimId: claim.claimId })).toBe(20);
    const current = await org.current(claim.claimId);
    expect(cardProblems(current.card)).toEqual([]);
    let pages = 0;
    let history = await org.press('claim.history', { claimId: claim.claimId, page: 0 });
    for (;;) {
      expect(invokeProblems(history)).toEqual([]);
      pages++;
      const older = buttonsOf(history.body.value).find((b) => b.title === 'Older');
      if (!older || pages > 40) break;
      history = await org.press(older.verb, older.data);
    }
    expect(visibleText(history.body.value)).toContain(`created ${claim.number}`);
    await org.addInvoice(claim.claimId, '1200.50');
    await org.addProof(claim.claimId, 'final-ad');
    await org.fillMetrics(claim.claimId, 'print-advertising');
    const submitted = await org.submit(claim);
    expect(invokeProblems(submitted)).toEqual([]);
    expect(cardProblems((await org.reviewCard(claim.claimId)).card)).toEqual([]);
    expect(sentProblems(bot.connector.calls)).toEqual([]);
  }, 180_000);
});

describe('evidence pack and verify after documents were replaced and removed', () => {
  const bot = useBot();

  it('when a proof was replaced and another document removed before submit then the pack holds only the current files, History lists the replacement and the removal, and verify is intact', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    await org.addInvoice(claim.claimId, '1200.50');
    await org.upload(
      claim.claimId,
      'poe',
      { poeKey: 'final-ad', executionDate: '2026-09-12', amount: '0', reach: '1' },
      BOB,
      'first-draft.pdf',
      pdfSaying('first draft'),
    );
    await org.upload(claim.claimId, 'other', { title: 'Mock-up' }, BOB, 'mock-up.pdf', pdfSaying('mock-up'));
    const documents = async () =>
      ((await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never }))?.documents ?? []) as Array<{
        id: string;
        name: string;
        kind: string;
      }>;
    const proof = (await documents()).find((d) => d.kind === 'poe')!;
    await org.upload(
      claim.claimId,
      'poe',
      { poeKey: 'final-ad', executionDate: '2026-09-12', amount: '0', reach: '25000' },
      BOB,
      'as-printed.pdf',
      pdfSaying('as printed'),
      proof.id,
    );
    const mockUp = (await documents()).find((d) => d.kind === 'other')!;
    const now = await org.current(claim.claimId);
    const removed = await org.press('document.remove', {
      claimId: claim.claimId,
      version: now.version,
      documentId: mockUp.id,
    });
    expect(invokeProblems(removed)).toEqual([]);
    expect(visibleText(removed.body.value)).toContain('Document removed');
    expect((await documents()).map((d) => d.name).sort()).toEqual(['as-printed.pdf', 'invoice.pdf']);
    await org.fillMetrics(claim.claimId, 'print-advertising');
    const submitted = await org.submit(claim);
    expect(cardText(submitted.body.value)).toContain('Submitted for review');

    const verified = await org.say(`verify ${claim.number}`, RITA, org.reviews);
    expect(verified.text).toMatch(new RegExp(`${claim.number}: History verifies`));
    const link = await pressEvidencePack(org, claim.claimId, RITA, org.reviews, 'review');
    expect(invokeProblems(link.answer)).toEqual([]);
    const entries = unzip((await download(link.url!)).body);
    const files = [...entries.keys()].filter((n) => /\.(pdf|png)$/.test(n));
    expect(files.some((n) => n.endsWith('as-printed.pdf'))).toBe(true);
    expect(files.some((n) => /first-draft|mock-up/.test(n))).toBe(false);
    expect(files).toHaveLength(2);
    const history = entries.get('history.csv')!.toString('utf8');
    expect(history).toContain('document.replaced');
    expect(history).toContain('document.removed');
    const summary = JSON.parse(entries.get('summary.json')!.toString('utf8'));
    expect(summary.history.intact).toBe(true);
    expect(summary.documents.every((d: { packed: { matchesRecorded: boolean } }) => d.packed.matchesRecorded)).toBe(
      true,
    );
  });
});

describe('the review card in the channel kept in step with partner moves', () => {
  const bot = useBot();

  /** The review card as the review channel shows it now: the last card posted or put at its message. */
  async function channelReviewCard(org: Organisation, claimId: string): Promise<{ id: string; card: unknown }> {
    const id = (await bot.app.db.collection('review_cards').findOne({ _id: claimId as never }))?.activityId as string;
    const calls = org
      .sentTo(org.reviews)
      .filter((c) => (c.method === 'POST' && c.id === id) || (c.method === 'PUT' && c.activityId === id));
    return { id, card: cardOf(calls[calls.length - 1]) };
  }

  it('when the partner comments on a submitted claim then the review card in the channel shows the new version, so Pick up on it works', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.submittedClaim();
    const now = await org.current(claim.claimId);
    const comment = await org.press('claim.comment', {
      claimId: claim.claimId,
      version: now.version,
      comment: 'The invoice total includes the 5 % agency fee.',
    });
    expect(cardText(comment.body.value)).toContain('Comment posted');
    const shown = await channelReviewCard(org, claim.claimId);
    const pickUp = findAction(shown.card, 'review.pickUp')!;
    const picked = await org.press('review.pickUp', pickUp.data, RITA, org.reviews, shown.id);
    expect(invokeProblems(picked)).toEqual([]);
    expect(visibleText(picked.body.value)).not.toMatch(/nothing was saved/);
    expect(visibleText(picked.body.value)).toContain('In review');
  });

  it('when a person whose own view differs (a conflicted reviewer, another reviewer) comments on the review card then the card everyone in the channel sees is the neutral one, not theirs', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.submittedClaim();
    await org.grant('reviewer', [BOB], ANN, org.reviews);
    const shownBefore = await channelReviewCard(org, claim.claimId);
    const pickUpBefore = findAction(shownBefore.card, 'review.pickUp');
    expect(pickUpBefore).toBeDefined();
    // Bob created the claim: his own review card hides every decision.
    const version = Number((await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never }))?.version);
    const comment = await org.press(
      'review.comment',
      { claimId: claim.claimId, version, comment: 'Reviewers: the invoice is the agency one.' },
      BOB,
      org.reviews,
      shownBefore.id,
    );
    expect(invokeProblems(comment)).toEqual([]);
    expect(visibleText(comment.body.value)).toMatch(/You created CLM-\d+, so you can't review it|Comment posted/);
    const shown = await channelReviewCard(org, claim.claimId);
    expect(visibleText(shown.card)).not.toMatch(/You created/);
    const pickUp = findAction(shown.card, 'review.pickUp');
    expect(pickUp).toBeDefined();
    const picked = await org.press('review.pickUp', pickUp!.data, RITA, org.reviews, shown.id);
    expect(visibleText(picked.body.value)).toContain('In review');

    // Carl comments while Rita holds it: the channel's card must not become Carl's "Take over" view.
    const now = Number((await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never }))?.version);
    await org.press(
      'review.comment',
      { claimId: claim.claimId, version: now, comment: 'Looks fine to me.' },
      CARL,
      org.reviews,
      shown.id,
    );
    const after = await channelReviewCard(org, claim.claimId);
    expect(findAction(after.card, 'review.takeOver')).toBeUndefined();
    expect(findAction(after.card, 'review.approve')).toBeDefined();
  });

  it('when a reviewer asked for information and the partner asks a colleague for a document then the review card in the channel follows, so the reviewer can still act on it', async () => {
    const org = await anOrganisation(bot);
    bot.connector.addMember(COLE);
    const claim = await org.inReview();
    await org.review('review.requestInfo', claim.claimId, { message: 'Please add the printer invoice.' });
    const now = await org.current(claim.claimId);
    const asked = await org.press('request.create', {
      claimId: claim.claimId,
      version: now.version,
      assignee: COLE.aadObjectId,
      need: 'invoice',
      text: 'The printer invoice',
      due: '2026-10-20',
    });
    expect(invokeProblems(asked)).toEqual([]);
    const stored = await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never });
    const shown = await channelReviewCard(org, claim.claimId);
    expect(visibleText(shown.card)).toContain(`Version ${String(stored?.version)}`);
  });
});

describe('Add to claim dialogs with many claims, in every kind of conversation', () => {
  const bot = useBot();
  const action = (
    where: Where,
    from: UserSpec,
    name: 'composeExtension/fetchTask' | 'composeExtension/submitAction',
    value: object,
  ) =>
    postMessageAction(bot, where, from, name, {
      commandId: 'addToClaim',
      commandContext: 'message',
      context: { theme: 'default' },
      ...value,
    });

  it('when a partner with 55 editable claims opens Add to claim in a channel, a group chat or 1:1 then each dialog is a sound card with at most 50 claims, and each kind of form is sound too', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '90000']] });
    for (let i = 0; i < 55; i++) await org.newClaim({ description: japanese(500), amount: '1' });
    const payload = messagePayload({
      html: `<p>${japanese(2000)}</p>`,
      attachments: [referenceAttachment(`${japanese(200)}.pdf`, 'https://contoso.sharepoint.com/a.pdf')],
      from: BOB,
    });
    for (const where of [org.partner, { ...org.partner, conversationType: 'groupChat' as const }, org.personal(BOB)]) {
      const first = await action(where, BOB, 'composeExtension/fetchTask', { messagePayload: payload });
      expect(first.status).toBe(200);
      expect(cardProblems(first.card)).toEqual([]);
      const claims = choicesOf(first.card, 'claimId');
      expect(claims.length).toBeGreaterThan(0);
      expect(claims.length).toBeLessThanOrEqual(50);
      for (const [, kind] of choicesOf(first.card, 'kind')) {
        const form = await action(where, BOB, 'composeExtension/submitAction', {
          messagePayload: payload,
          data: submitData(first.card, 'Continue', { claimId: claims[0]![1], kind }),
        });
        expect(form.status).toBe(200);
        expect(form.card ? cardProblems(form.card) : [form.message]).toEqual([]);
      }
    }
    const colleague = await action(org.personal(COLE), COLE, 'composeExtension/fetchTask', { messagePayload: payload });
    expect(colleague.status).toBe(200);
    expect(colleague.card ? cardProblems(colleague.card) : []).toEqual([]);
    expect(colleague.text).toMatch(/incentives admin|user/i);
  });
});

describe('help matches what works', () => {
  const bot = useBot();

  it('when every button of the help card is pressed (and of the form it opens) then each answers with a sound card', async () => {
    const org = await anOrganisation(bot);
    const help = await org.say('help', ANN);
    expect(cardProblems(help.card)).toEqual([]);
    expect(await pressEverything(org, help.card, ANN, org.partner, 2)).toEqual([]);
    expect(cardProblems((await org.say('new claim', BOB)).card)).toEqual([]);
  });

  it('when `users here` is run where Teams will not list the members then the admin is told so in words and nobody is granted', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const where = { ...org.partner, conversationId: `19:no-roster-${org.tenantId}` };
    const res = await org.say('users here', ANN, where);
    expect(res.text).toMatch(/didn't give me the members of this conversation, so nobody was made/);
    expect(res.text).not.toMatch(/something went wrong/);
    bot.connector.setRoster(where.conversationId, [COLE]);
    expect((await org.say('users here', ANN, where)).text).toMatch(
      /1 member\(s\) of this conversation are now incentives users/,
    );
  });
});

describe('every button in every state, for each kind of person', () => {
  const bot = useBot();

  it('when a colleague presses every button of a claim card then each answers with a sound card or a clear refusal', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    const card = (await org.current(claim.claimId, COLE)).card;
    expect(await pressEverything(org, card, COLE, org.partner)).toEqual([]);
  });

  it('when the partner presses every button of a rejected claim, and the admin of an approved one, then each answers soundly', async () => {
    const org = await anOrganisation(bot);
    const rejected = await org.rejectedClaim();
    expect(await pressEverything(org, (await org.current(rejected.claimId)).card, BOB, org.partner)).toEqual([]);
    const approved = await org.approvedClaim({}, '1000');
    expect(await pressEverything(org, (await org.current(approved.claimId, ANN)).card, ANN, org.partner)).toEqual([]);
  });

  it('when the partner presses every button of a claim waiting for information, and the reviewer of a disputed one, then each answers soundly', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.inReview();
    await org.review('review.requestInfo', claim.claimId, { message: japanese(2000) });
    expect(await pressEverything(org, (await org.current(claim.claimId)).card, BOB, org.partner)).toEqual([]);
    const disputed = await org.rejectedClaim();
    const now = await org.current(disputed.claimId);
    const res = await org.press('claim.dispute', {
      claimId: disputed.claimId,
      version: now.version,
      reason: japanese(2000),
    });
    expect(invokeProblems(res)).toEqual([]);
    expect(await pressEverything(org, (await org.reviewCard(disputed.claimId)).card, RITA, org.reviews)).toEqual([]);
    // Another reviewer, not assigned: take over instead of decide.
    expect(await pressEverything(org, (await org.reviewCard(disputed.claimId, CARL)).card, CARL, org.reviews)).toEqual(
      [],
    );
  });

  it('when the colleague asked for a document presses every button of their request card in 1:1 then each answers soundly', async () => {
    const org = await anOrganisation(bot);
    bot.connector.addMember(COLE);
    const claim = await org.newClaim();
    const mark = org.mark();
    const res = await org.press('request.create', {
      claimId: claim.claimId,
      version: claim.version,
      assignee: COLE.aadObjectId,
      need: 'invoice',
      text: japanese(500),
      due: '2026-10-20',
    });
    expect(invokeProblems(res)).toEqual([]);
    const sent = bot.connector.calls
      .slice(mark)
      .filter((c) => cardOf(c) && c.conversationId !== org.partner.conversationId);
    expect(sent.length).toBeGreaterThan(0);
    const personal: Where = { ...org.partner, conversationId: sent[0]!.conversationId, conversationType: 'personal' };
    expect(cardProblems(cardOf(sent[0]))).toEqual([]);
    expect(await pressEverything(org, cardOf(sent[0]), COLE, personal)).toEqual([]);
    const inThread = org.cardsTo(org.partner, mark).find((c) => findAction(c, 'request.link'));
    expect(await pressEverything(org, inThread, COLE, org.partner)).toEqual([]);
  });
});

describe('a saved change is never reported as nothing changed', () => {
  const bot = useBot();

  it('when Comment is pressed twice on the same card (a double click) then both presses say the comment was posted, and it is posted once', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    const data = { claimId: claim.claimId, version: claim.version, comment: 'Invoice total includes the agency fee.' };
    const [a, b] = await Promise.all([org.press('claim.comment', data), org.press('claim.comment', data)]);
    const again = await org.press('claim.comment', data);
    for (const res of [a, b, again]) {
      expect(invokeProblems(res)).toEqual([]);
      expect(visibleText(res.body.value)).toContain('Comment posted');
      expect(visibleText(res.body.value)).not.toMatch(/nothing was saved/);
    }
    const events = bot.app.db.collection('claim_events');
    expect(await events.countDocuments({ claimId: claim.claimId, type: 'claim.commented' })).toBe(1);
    // A different comment from the same old card is still refused: it was not saved.
    const other = await org.press('claim.comment', { ...data, comment: 'Something else.' });
    expect(visibleText(other.body.value)).toMatch(/nothing was saved/);
  });

  it('when the upload request is saved but Teams refuses its card in the thread then the requester hears it was saved, not "nothing was changed"', async () => {
    const org = await anOrganisation(bot);
    bot.connector.addMember(COLE);
    const claim = await org.newClaim();
    bot.connector.failOnce(
      'POST',
      new RegExp(`/v3/conversations/${encodeURIComponent(org.partner.conversationId)}/activities`),
    );
    const res = await org.press('request.create', {
      claimId: claim.claimId,
      version: claim.version,
      assignee: COLE.aadObjectId,
      need: 'invoice',
      text: 'The printer invoice',
      due: '2026-10-20',
    });
    expect(await bot.app.db.collection('upload_requests').countDocuments({ claimId: claim.claimId })).toBe(1);
    expect(invokeProblems(res)).toEqual([]);
    const said = typeof res.body.value === 'string' ? res.body.value : visibleText(res.body.value);
    expect(said).not.toMatch(/nothing was changed|went wrong/i);
    expect(said).toMatch(/Asked Cole Colleague for/);
  });
});
