/**
 * Issue 11, hostile text: markdown injection (11.9), control characters and card byte budgets
 * (11.8). Over the real HTTP path; cards are read as Teams would render them (markdown-it stands
 * in for the Adaptive Cards markdown renderer).
 */
import MarkdownIt from 'markdown-it';
import { ANN, BOB, type UserSpec } from '../support/activities';
import { FILES, postForm } from '../support/files';
import { anOrganisation, refOf, RITA, uploadUrlOf, useBot } from '../support/scene';

const CARD_LIMIT = 28 * 1024;
const markdown = new MarkdownIt({ linkify: false });

/** Every piece of text Teams renders as markdown in a card: TextBlock texts and FactSet values. */
function markdownTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (o.type === 'FactSet' && Array.isArray(o.facts))
      for (const f of o.facts as Array<{ value: string }>) out.push(f.value);
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out;
}

/** A text that renders a link (an <a> element): none of the user text may. */
function rendersLink(texts: readonly string[]): string | undefined {
  return texts.find((t) => /<a /.test(markdown.renderInline(t)));
}

/** Whether some text renders `typed` literally (markdown escapes taken away). */
function showsLiterally(texts: readonly string[], typed: string): boolean {
  const escapeHtml = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return texts.some((t) => markdown.renderInline(t).includes(escapeHtml(typed)));
}

const bytes = (card: unknown) => Buffer.byteLength(JSON.stringify(card));
const JAPANESE = '請求書と掲載証明の確認をお願いします。広告は地方紙の十二ページに掲載されました。';
const japanese = (chars: number) => JAPANESE.repeat(Math.ceil(chars / JAPANESE.length)).slice(0, chars);

describe('text people type is shown as typed, never as markup (11.9)', () => {
  const bot = useBot();
  const MALLORY: UserSpec = {
    id: '29:mallory',
    aadObjectId: 'aad-mallory',
    name: '**[IT support](https://evil.example/login)**',
  };

  it('when a comment is a markdown link and a display name is bold link markup then no card, History or notice renders a link or bold text from them', async () => {
    const org = await anOrganisation(bot);
    await org.grant('user', [MALLORY]);
    const claim = await org.submittedClaim({ description: '_urgent_ [pay here](https://evil.example)' }, MALLORY);
    const version = (await org.current(claim.claimId, MALLORY)).version;
    const commented = await org.press(
      'claim.comment',
      {
        claimId: claim.claimId,
        version,
        comment: '[verify your payment details](https://evil.example)\n\n# heading\n- list',
      },
      MALLORY,
    );
    expect(rendersLink(markdownTexts(commented.body.value))).toBeUndefined();
    expect(showsLiterally(markdownTexts(commented.body.value), MALLORY.name)).toBe(true);
    expect(showsLiterally(markdownTexts(commented.body.value), '_urgent_ [pay here](https://evil.example)')).toBe(true);

    const history = await org.press('claim.history', { claimId: claim.claimId, page: 0 }, MALLORY);
    const historyTexts = markdownTexts(history.body.value);
    expect(showsLiterally(historyTexts, '[verify your payment details](https://evil.example)')).toBe(true);
    expect(rendersLink(historyTexts)).toBeUndefined();

    const review = await org.reviewCard(claim.claimId);
    expect(rendersLink(markdownTexts(review.card))).toBeUndefined();
    const mark = org.mark();
    await org.review('review.pickUp', claim.claimId);
    await org.review('review.requestInfo', claim.claimId, {
      message: 'Open [this form](https://evil.example/form) and **log in**',
    });
    const notices = org.textsTo(org.partner, mark);
    expect(notices.length).toBeGreaterThan(0);
    expect(rendersLink(notices.map((n) => n.replace(/\*\*CLM-\d{6} needs more information\*\*/, '')))).toBeUndefined();
    expect(rendersLink(markdownTexts((await org.current(claim.claimId, MALLORY)).card))).toBeUndefined();
  });
});

describe('control characters and long text in other scripts never break a card (11.8)', () => {
  const bot = useBot();

  it('when a comment carries control characters and bidirectional overrides then they are removed before it is stored', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    const res = await org.press('claim.comment', {
      claimId: claim.claimId,
      version: claim.version,
      comment: 'pay\u0007 now\u001b[31m red\u202e\u0000 done\r\nnext line',
    });
    expect(JSON.stringify(res.body.value)).toContain('Comment posted');
    const event = await bot.app.db
      .collection('claim_events')
      .findOne({ claimId: claim.claimId, type: 'claim.commented' });
    expect(event?.data.text).toBe('pay now[31m red done\nnext line');
    const onlyControls = await org.press('claim.comment', {
      claimId: claim.claimId,
      version: claim.version + 1,
      comment: '\u0001'.repeat(2000),
    });
    expect(JSON.stringify(onlyControls.body.value)).toContain('Write a comment first.');
  });

  it('when a claim has 10 documents with the longest Japanese names and notes, and History 10 comments of 2,000 Japanese characters, then every card stays under 28 KB and the change is reported as saved', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim({ description: japanese(500) });
    for (let i = 0; i < 10; i++) {
      const now = await org.current(claim.claimId);
      const slot = await org.press('document.add', {
        claimId: claim.claimId,
        version: now.version,
        kind: 'other',
        title: japanese(200),
        note: japanese(2000),
      });
      const name = `${japanese(240)}-${i}.pdf`;
      const posted = await postForm(
        uploadUrlOf(bot, slot.body.value),
        { title: japanese(200), note: japanese(2000) },
        { filename: name, contentType: 'application/pdf', data: FILES.pdf() },
      );
      expect(posted.status).toBe(200);
    }
    let version = (await org.current(claim.claimId)).version;
    for (let i = 0; i < 10; i++) {
      const res = await org.press(
        'claim.comment',
        { claimId: claim.claimId, version, comment: `${i} ${japanese(1990)}` },
        i % 2 ? ANN : BOB,
      );
      expect(JSON.stringify(res.body.value)).toContain('Comment posted');
      expect(JSON.stringify(res.body.value)).not.toMatch(/nothing was changed/i);
      expect(bytes(res.body.value)).toBeLessThan(CARD_LIMIT);
      version = refOf(res.body.value).version;
    }
    for (const page of [0, 1]) {
      const history = await org.press('claim.history', { claimId: claim.claimId, page });
      expect(bytes(history.body.value)).toBeLessThan(CARD_LIMIT);
      expect(markdownTexts(history.body.value).filter((t) => /UTC$/.test(t))).toHaveLength(10);
    }
    const docs = await org.press('document.list', { claimId: claim.claimId, page: 0 });
    expect(bytes(docs.body.value)).toBeLessThan(CARD_LIMIT);
    await org.addInvoice(claim.claimId, '1200.50', { note: japanese(2000) });
    await org.addProof(claim.claimId, 'final-ad');
    await org.fillMetrics(claim.claimId, 'print-advertising');
    const submitted = await org.submit(claim);
    expect(JSON.stringify(submitted.body.value)).toContain('Submitted for review');
    expect(bytes(submitted.body.value)).toBeLessThan(CARD_LIMIT);
    const review = await org.reviewCard(claim.claimId, RITA);
    expect(bytes(review.card)).toBeLessThan(CARD_LIMIT);
  });
});
