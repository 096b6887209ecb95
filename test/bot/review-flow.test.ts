import { parse } from 'csv-parse/sync';
import { ANN, BOB, message, type UserSpec, type Where } from '../support/activities';
import { cardText, findAction, TestBot, VALID_FORM, type InvokeResult } from '../support/app';
import { cardOf } from '../support/connector';

const RITA: UserSpec = { id: '29:rita', aadObjectId: 'aad-rita', name: 'Rita Reviewer' };
const CARL: UserSpec = { id: '29:carl', aadObjectId: 'aad-carl', name: 'Carl Reviewer' };

type Ref = { claimId: string; version: number };

function refOf(result: InvokeResult, verb: string): Ref {
  const action = findAction(result.body.value, verb);
  if (!action) throw new Error(`no ${verb} on the card: ${cardText(result.body.value).slice(0, 300)}`);
  return action.data as Ref;
}

describe('the review loop in the review channel, over the real HTTP path', () => {
  const bot = new TestBot();
  let partner: Where;
  let reviews: Where;

  const say = (text: string, from: UserSpec, where: Where) => bot.say(text, from, where);
  const mention = (text: string, from: UserSpec, where: Where, who: UserSpec[]) =>
    bot.post(
      message(where, from, `${text} ${who.map((w) => `<at>${w.name}</at>`).join(' ')}`, {
        entities: [
          { type: 'mention', text: '<at>ClaimsBot</at>', mentioned: { id: '28:claims-bot', name: 'ClaimsBot' } },
          ...who.map((w) => ({ type: 'mention', text: `<at>${w.name}</at>`, mentioned: { id: w.id, name: w.name } })),
        ],
      }),
    );
  const lastTextTo = (conversationId: string) =>
    bot.connector
      .sentTo(conversationId)
      .filter((c) => c.method === 'POST' && c.body.text)
      .map((c) => String(c.body.text))
      .pop() ?? '';

  async function submittedClaim(amount = '1200.50'): Promise<{ ref: Ref; number: string }> {
    const created = await bot.press('claim.create', { ...VALID_FORM, amount }, BOB, partner, `form-${amount}`);
    const ref = refOf(created, 'claim.submit');
    const actor = await bot.app.services.members.actor(partner.tenantId, {
      id: BOB.id,
      aadObjectId: BOB.aadObjectId,
      name: BOB.name,
    });
    const minor = Math.round(Number(amount) * 100);
    let v = (
      await bot.app.services.claims.addDocument(actor, ref.claimId, ref.version, {
        kind: 'invoice',
        name: 'Printer invoice',
        note: 'Final',
        amountMinor: minor,
        currency: 'USD',
      })
    ).claim.version;
    v = (
      await bot.app.services.claims.addDocument(actor, ref.claimId, v, {
        kind: 'poe',
        name: 'ad.pdf',
        note: 'Page 12',
        amountMinor: 0,
        currency: 'USD',
        poeKey: 'final-ad',
      })
    ).claim.version;
    v = (await bot.app.services.claims.updateMetrics(actor, ref.claimId, v, { estimatedReach: '25000' })).version;
    const submitted = await bot.press(
      'claim.submit',
      { claimId: ref.claimId, version: v },
      BOB,
      partner,
      `form-${amount}`,
    );
    expect(cardText(submitted.body.value)).toContain('Submitted for review');
    return {
      ref: refOf(submitted, 'claim.comment'),
      number: String(cardText(submitted.body.value).match(/CLM-\d{6}/)?.[0]),
    };
  }

  async function reviewRef(claimId: string, as: UserSpec = RITA): Promise<Ref & { card: InvokeResult }> {
    const card = await bot.press('review.refresh', { claimId }, as, reviews);
    const action = findAction(card.body.value, 'review.refresh')!;
    const version = Number((await bot.app.db.collection('claims').findOne({ _id: claimId as never }))?.version);
    return { claimId: (action.data as Ref).claimId, version, card };
  }

  beforeAll(async () => {
    await bot.start();
    partner = { ...bot.where, conversationId: '19:partner-thread' };
    reviews = { ...bot.where, conversationId: '19:review-channel' };
    await bot.funds('ADD-PC', '2026-Q3', '50000', ANN, partner);
    await say('help', BOB, partner);
  });
  afterAll(() => bot.stop());

  it('when a non-admin sets the review channel or grants roles then they are refused', async () => {
    expect((await say('review channel here', BOB, reviews)).text).toMatch(
      /Only an incentives admin can choose the review channel/,
    );
    await mention('reviewer', BOB, reviews, [BOB]);
    expect(lastTextTo(reviews.conversationId)).toMatch(/Only an incentives admin can grant roles/);
    expect((await say('export', BOB, partner)).text).toMatch(/Only an incentives admin can export/);
    expect(await bot.app.db.collection('tenant_settings').countDocuments({})).toBe(0);
    expect(await bot.app.db.collection('member_roles').countDocuments({ role: 'reviewer' })).toBe(0);
  });

  it('when the admin sets the review channel and grants reviewers then help lists the review commands', async () => {
    expect((await say('review channel here', ANN, reviews)).text).toMatch(/now the \*\*review channel\*\*/);
    await mention('reviewer', ANN, reviews, [RITA, CARL]);
    expect(lastTextTo(reviews.conversationId)).toMatch(/Rita Reviewer, Carl Reviewer are now reviewers/);
    const help = cardText((await say('help', ANN, partner)).card);
    for (const c of ['review channel here', 'reviewer @person / admin @person', 'queue', 'export'])
      expect(help).toContain(c);
  });

  let first: { ref: Ref; number: string };

  it('when a claim is submitted then a review card arrives in the review channel', async () => {
    const before = bot.connector.sentTo(reviews.conversationId).length;
    first = await submittedClaim();
    const posted = bot.connector
      .sentTo(reviews.conversationId)
      .slice(before)
      .find((c) => c.method === 'POST' && cardOf(c));
    const text = cardText(cardOf(posted));
    expect(text).toContain(`Review · ${first.number}`);
    expect(text).toContain('USD 1,200.50');
    expect(text).toContain('Printer invoice');
    expect(text).toContain('Page 12');
    expect(findAction(cardOf(posted), 'review.pickUp')).toBeDefined();
    const queue = cardText((await say('queue', RITA, reviews)).card);
    expect(queue).toContain(first.number);
    expect(queue).toMatch(/waiting 0 day/);
  });

  it('when the creator is also a reviewer then they cannot pick up their own claim', async () => {
    await mention('reviewer', ANN, reviews, [BOB]);
    const r = await reviewRef(first.ref.claimId, BOB);
    expect(cardText(r.card.body.value)).toMatch(/You created CLM-\d+, so you can't review it/);
    expect(findAction(r.card.body.value, 'review.pickUp')).toBeUndefined();
    const forced = await bot.press('review.pickUp', { claimId: r.claimId, version: r.version }, BOB, reviews);
    expect(cardText(forced.body.value)).toMatch(/so you can't review it/);
    expect((await bot.app.db.collection('claims').findOne({ _id: r.claimId as never }))?.status).toBe('Submitted');
  });

  it('when a reviewer picks up, asks for changes and the partner resubmits then both sides see each step', async () => {
    let r = await reviewRef(first.ref.claimId);
    const picked = await bot.press('review.pickUp', { claimId: r.claimId, version: r.version }, RITA, reviews);
    expect(cardText(picked.body.value)).toContain('In review');
    expect(lastTextTo(partner.conversationId)).toMatch(/Rita Reviewer started reviewing/);
    const partnerUpdate = bot.connector
      .sentTo(partner.conversationId)
      .filter((c) => c.method === 'PUT')
      .pop();
    expect(partnerUpdate?.activityId).toBe('form-1200.50');
    expect(cardText(cardOf(partnerUpdate))).toContain('Reviewer: Rita Reviewer');

    r = { ...r, version: refOf(picked, 'review.feedback').version };
    const needsNoComment = await bot.press(
      'review.feedback',
      {
        claimId: r.claimId,
        version: r.version,
        verdict_final_ad: 'x',
        'verdict_final-ad': 'needsChange',
        'comment_final-ad': '',
      },
      RITA,
      reviews,
    );
    expect(cardText(needsNoComment.body.value)).toMatch(/Say what needs to change/);
    const fb = await bot.press(
      'review.feedback',
      {
        claimId: r.claimId,
        version: r.version,
        'verdict_final-ad': 'needsChange',
        'comment_final-ad': 'The ad must show the partner contact details',
      },
      RITA,
      reviews,
    );
    expect(cardText(fb.body.value)).toContain('needs change: The ad must show the partner contact details');

    const req = await bot.press(
      'review.requestInfo',
      {
        claimId: r.claimId,
        version: refOf(fb, 'review.requestInfo').version,
        message: 'Please upload the corrected ad.',
      },
      RITA,
      reviews,
    );
    expect(cardText(req.body.value)).toContain('Action required');
    expect(lastTextTo(partner.conversationId)).toMatch(/needs more information.*Please upload the corrected ad/s);

    // the partner sees exactly what is needed and may edit again
    const card = await bot.press('claim.refresh', { claimId: r.claimId }, BOB, partner);
    const text = cardText(card.body.value);
    expect(text).toContain('Needs change: Copy of the final ad');
    expect(text).toContain('Information requested by Rita Reviewer: Please upload the corrected ad.');
    const info = await bot.press(
      'claim.info',
      { ...refOf(card, 'claim.info'), additionalInfo: 'Corrected ad attached' },
      BOB,
      partner,
    );
    expect(cardText(info.body.value)).toContain('Additional information saved');
    // the reviewer cannot edit the partner's claim
    const sneaky = await bot.press(
      'claim.metrics',
      { ...refOf(info, 'claim.metrics'), metric_estimatedReach: '1' },
      RITA,
      partner,
    );
    expect(cardText(sneaky.body.value)).toMatch(/Only incentives admins and users/);

    const before = bot.connector.sentTo(reviews.conversationId).length;
    const resubmitted = await bot.press('claim.submit', refOf(info, 'claim.submit'), BOB, partner);
    expect(cardText(resubmitted.body.value)).toContain('Submitted for review');
    const toReviewers = bot.connector.sentTo(reviews.conversationId).slice(before);
    expect(toReviewers.some((c) => c.method === 'PUT' && cardText(cardOf(c)).includes('Submitted'))).toBe(true);
    expect(toReviewers.some((c) => /was resubmitted/.test(String(c.body.text)))).toBe(true);
  });

  it('when the reviewer approves partly then a reason is required, the partner is told, and an admin marks it paid', async () => {
    let r = await reviewRef(first.ref.claimId);
    const picked = await bot.press('review.pickUp', { claimId: r.claimId, version: r.version }, RITA, reviews);
    r = { ...r, version: refOf(picked, 'review.approve').version };
    const tooMuch = await bot.press('review.approve', { ...r, amount: '5000', reason: '' }, RITA, reviews);
    expect(cardText(tooMuch.body.value)).toMatch(/at most the claimed USD 1,200.50/);
    const noReason = await bot.press('review.approve', { ...r, amount: '1000', reason: '' }, RITA, reviews);
    expect(cardText(noReason.body.value)).toMatch(/partial approval needs a reason/);
    const ok = await bot.press(
      'review.approve',
      { ...r, amount: '1000.00', reason: 'Print run was smaller than invoiced' },
      RITA,
      reviews,
    );
    expect(cardText(ok.body.value)).toContain('Approved');
    expect(lastTextTo(partner.conversationId)).toMatch(
      /was approved\*\* for USD 1,000.00 of USD 1,200.50.*Print run was smaller.*Payment cycle 2026-10/s,
    );

    const card = await bot.press('claim.refresh', { claimId: r.claimId }, BOB, partner);
    expect(findAction(card.body.value, 'claim.pay')).toBeDefined();
    const byUser = await bot.press(
      'claim.pay',
      { ...refOf(card, 'claim.pay'), date: '2026-10-01', reference: 'PAY-1' },
      BOB,
      partner,
    );
    expect(cardText(byUser.body.value)).toMatch(/Only an incentives admin can mark a claim paid/);
    const future = await bot.press(
      'claim.pay',
      { ...refOf(card, 'claim.pay'), date: '2027-01-01', reference: 'PAY-1' },
      ANN,
      partner,
    );
    expect(cardText(future.body.value)).toMatch(/cannot be in the future/);
    const paid = await bot.press(
      'claim.pay',
      { ...refOf(card, 'claim.pay'), date: '2026-10-01', reference: 'PAY-1' },
      ANN,
      partner,
    );
    expect(cardText(paid.body.value)).toContain('Paid on 2026-10-01 · reference PAY-1');

    const overview = cardText((await say('overview', ANN, partner)).card);
    expect(overview).toMatch(/Paid 1/);
    expect(overview).toContain('USD 1,000.00'); // approved (and paid)
    expect(overview).toContain('USD 49,000.00'); // remaining = 50,000 − 1,000 approved
  });

  it('when a claim is rejected then the partner can dispute it and the reviewer decides again', async () => {
    const second = await submittedClaim('800.00');
    let r = await reviewRef(second.ref.claimId, CARL);
    const picked = await bot.press('review.pickUp', { claimId: r.claimId, version: r.version }, CARL, reviews);
    r = { ...r, version: refOf(picked, 'review.reject').version };
    const noReason = await bot.press('review.reject', { ...r, reasons: '  ' }, CARL, reviews);
    expect(cardText(noReason.body.value)).toMatch(/Give the reasons/);
    const rejected = await bot.press(
      'review.reject',
      { ...r, reasons: 'Ad does not show Microsoft content' },
      CARL,
      reviews,
    );
    expect(cardText(rejected.body.value)).toContain('Rejected');
    expect(lastTextTo(partner.conversationId)).toMatch(/was rejected.*Microsoft content.*dispute it until 2026-10-31/s);

    const card = await bot.press('claim.refresh', { claimId: r.claimId }, BOB, partner);
    const before = bot.connector.sentTo(reviews.conversationId).length;
    const disputed = await bot.press(
      'claim.dispute',
      { ...refOf(card, 'claim.dispute'), reason: 'Page 2 shows the Microsoft logo' },
      BOB,
      partner,
    );
    expect(cardText(disputed.body.value)).toContain('Dispute filed');
    expect(cardText(disputed.body.value)).toContain('re-review due 2026-10-08'); // 5 business days after Thu 2026-10-01
    expect(
      bot.connector
        .sentTo(reviews.conversationId)
        .slice(before)
        .some((c) => /is disputed.*2026-10-08/s.test(String(c.body.text))),
    ).toBe(true);

    r = await reviewRef(second.ref.claimId, CARL);
    const approved = await bot.press('review.approve', { ...r, amount: '', reason: '' }, CARL, reviews);
    expect(cardText(approved.body.value)).toContain('Approved');
    expect((await bot.app.db.collection('claims').findOne({ _id: r.claimId as never }))?.approvedMinor).toBe(80000);
    const types = (
      await bot.app.db.collection('claim_events').find({ claimId: r.claimId }).sort({ seq: 1 }).toArray()
    ).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'claim.submitted',
        'claim.pickedUp',
        'claim.rejected',
        'claim.disputed',
        'claim.approved',
      ]),
    );
  });

  it('when two reviewers approve and reject the same version at once then exactly one wins', async () => {
    const third = await submittedClaim('300.00');
    let r = await reviewRef(third.ref.claimId);
    const picked = await bot.press('review.pickUp', { claimId: r.claimId, version: r.version }, RITA, reviews);
    r = { ...r, version: refOf(picked, 'review.approve').version };
    const [a, b] = await Promise.all([
      bot.press('review.approve', { ...r, amount: '', reason: '' }, RITA, reviews),
      bot.press('review.reject', { ...r, reasons: 'No' }, CARL, reviews),
    ]);
    const texts = [cardText(a.body.value), cardText(b.body.value)];
    expect(texts.filter((t) => /changed while you were looking/.test(t))).toHaveLength(1);
    const stored = await bot.app.db.collection('claims').findOne({ _id: r.claimId as never });
    expect(['Approved', 'Rejected']).toContain(stored?.status);
    expect(stored?.version).toBe(r.version + 1);
    expect(await bot.app.db.collection('claim_events').countDocuments({ claimId: r.claimId, seq: r.version + 1 })).toBe(
      1,
    );
  });

  it('when a forged card tries to jump a status then the status machine refuses it', async () => {
    const card = await bot.press('claim.refresh', { claimId: first.ref.claimId }, BOB, partner);
    const version = Number(
      (await bot.app.db.collection('claims').findOne({ _id: first.ref.claimId as never }))?.version,
    );
    const jump = await bot.press(
      'review.approve',
      { claimId: first.ref.claimId, version, amount: '', reason: '' },
      CARL,
      reviews,
    );
    expect(cardText(jump.body.value)).toMatch(/is Paid: you can't approve it now/);
    const dispute = await bot.press(
      'claim.dispute',
      { claimId: first.ref.claimId, version, reason: 'x' },
      BOB,
      partner,
    );
    expect(cardText(dispute.body.value)).toMatch(/can't dispute it now/);
    expect(card.body.type).toBe('application/vnd.microsoft.card.adaptive');
  });

  it('when the admin exports then the CSV link gives every claim with its values, and expires', async () => {
    const { card } = await say('export', ANN, partner);
    const url = String((card?.actions as Array<{ url: string }>)[0]?.url);
    expect(url).toMatch(/\/exports\/[\w-]{40,}$/);
    const res = await fetch(url.replace(/^https?:\/\/[^/]+/, bot.app.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const rows = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    const claims = await bot.app.db
      .collection('claims')
      .find({ tenantId: partner.tenantId, version: { $gte: 1 } })
      .toArray();
    expect(rows).toHaveLength(claims.length);
    for (const c of claims) {
      const row = rows.find((x) => x.number === c.number)!;
      expect(row).toBeDefined();
      expect(row.program).toBe(c.programCode);
      expect(row.period).toBe(c.period.code);
      expect(Number(row.claimed)).toBeCloseTo(c.claimedMinor / 100, 2);
      expect(Number(row.approved)).toBeCloseTo(['Approved', 'Paid'].includes(c.status) ? c.approvedMinor / 100 : 0, 2);
      expect(row.paid).toBe(c.status === 'Paid' ? 'yes' : 'no');
    }
    expect(rows.find((x) => x.paid === 'yes')?.payment_reference).toBe('PAY-1');

    const forged = await fetch(`${bot.app.url}/exports/${'x'.repeat(43)}`);
    expect(forged.status).toBe(403);
    bot.clock.advanceDays(1);
    const expired = await fetch(url.replace(/^https?:\/\/[^/]+/, bot.app.url));
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/expired/);
  });
});
