/**
 * The review loop in the review channel, over the real HTTP path. Each test arranges its own
 * organisation (a fresh tenant: Ann admin, Bob and Uma users, Rita and Carl reviewers, a review
 * channel) and its own claims.
 */
import { parse } from 'csv-parse/sync';
import { ANN, BOB, message, type UserSpec } from '../support/activities';
import { cardText, findAction } from '../support/app';
import { cardOf } from '../support/connector';
import { CARL, COLE, RITA, UMA, anOrganisation, refOf, useBot, visibleText, type Organisation } from '../support/scene';

describe('the review loop in the review channel, over the real HTTP path', () => {
  const bot = useBot();

  beforeEach(() => bot.clock.set('2026-10-01T09:00:00Z'));

  const stored = (claimId: string) => bot.app.db.collection('claims').findOne({ _id: claimId as never });

  /** `<role> @people` by `by`, returning what the bot said. */
  async function grantAs(org: Organisation, by: UserSpec, role: string, people: UserSpec[]) {
    const mark = org.mark();
    await bot.post(
      message(org.reviews, by, `${role} ${people.map((p) => `<at>${p.name}</at>`).join(' ')}`, {
        entities: [
          { type: 'mention', text: '<at>ClaimsBot</at>', mentioned: { id: '28:claims-bot', name: 'ClaimsBot' } },
          ...people.map((p) => ({
            type: 'mention',
            text: `<at>${p.name}</at>`,
            mentioned: { id: p.id, name: p.name },
          })),
        ],
      }),
    );
    return org.textsTo(org.reviews, mark).join('\n');
  }

  /** The cards and texts an admin got in their 1:1 chat (opened by the bot) since `mark`. */
  function personalTo(org: Organisation, who: UserSpec, mark: number) {
    const opened = bot.connector.calls
      .slice(mark)
      .filter(
        (c) =>
          c.path === '/v3/conversations' &&
          (c.body.members as Array<{ id: string }>)[0]?.id === who.id &&
          c.body.tenantId === org.tenantId,
      );
    const ids = new Set(opened.map((c) => c.conversationId));
    return bot.connector.calls.slice(mark).filter((c) => ids.has(c.conversationId) && c.path.includes('/activities'));
  }

  it('when a non-admin sets the review channel, grants roles or exports then they are refused and nothing is stored', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    expect((await org.say('review channel here', BOB, org.reviews)).text).toMatch(
      /Only an incentives admin can choose the review channel/,
    );
    expect(await grantAs(org, BOB, 'reviewer', [BOB])).toMatch(/Only an incentives admin can grant roles/);
    expect((await org.say('export', BOB)).text).toMatch(/Only an incentives admin can export/);
    expect(await bot.app.db.collection('tenant_settings').countDocuments({ tenantId: org.tenantId })).toBe(0);
    expect(
      await bot.app.db.collection('member_roles').countDocuments({ tenantId: org.tenantId, role: 'reviewer' }),
    ).toBe(0);
    expect(await bot.app.db.collection('download_tokens').countDocuments({ tenantId: org.tenantId })).toBe(0);
  });

  it('when the admin sets the review channel and grants reviewers then those reviewers can open the queue', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    expect((await org.say('queue', RITA, org.reviews)).text).toMatch(/^Only /);
    expect((await org.say('review channel here', ANN, org.reviews)).text).toMatch(/now the \*\*review channel\*\*/);
    expect(await grantAs(org, ANN, 'reviewer', [RITA, CARL])).toMatch(/Rita Reviewer, Carl Reviewer are now reviewers/);
    const queue = await org.say('queue', RITA, org.reviews);
    expect(cardText(queue.card)).toContain('Nothing is waiting for review.');
    expect((await org.say('review channel here', ANN, { ...org.partner, conversationType: 'groupChat' })).text).toMatch(
      /Run `review channel here` in a Teams channel/,
    );
  });

  it('when a claim is submitted then a review card arrives in the review channel and the claim waits in the queue', async () => {
    const org = await anOrganisation(bot);
    const mark = org.mark();
    const claim = await org.submittedClaim();
    const posted = org.sentTo(org.reviews, mark).filter((c) => c.method === 'POST' && cardOf(c));
    expect(posted).toHaveLength(1);
    const text = cardText(cardOf(posted[0]));
    expect(text).toContain(`Review · ${claim.number}`);
    expect(text).toContain('USD 1,200.50');
    expect(text).toMatch(/Invoice · invoice\.pdf · USD 1,200\.50 · by Bob User/);
    expect(text).toContain('final-ad.pdf');
    expect(findAction(cardOf(posted[0]), 'review.pickUp')).toBeDefined();
    const queue = cardText((await org.say('queue', RITA, org.reviews)).card);
    expect(queue).toContain(claim.number);
    expect(queue).toMatch(/waiting 0 day/);
  });

  it('when the creator or a partner who uploaded to the claim is also a reviewer then they cannot pick it up', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.readyClaim();
    await org.addInvoice(claim.claimId, '0.01', {}, UMA); // Uma uploads a (second) invoice: a contributor
    await org.press('claim.edit', {
      ...(await org.current(claim.claimId)),
      activity: 'print-advertising',
      location: 'US',
      period: '2026-Q3',
      amount: '1200.51',
      description: 'Quarter-page ad in the regional newspaper',
    });
    const submitted = await org.submit(claim);
    expect(cardText(submitted.body.value)).toContain('Submitted for review');
    await grantAs(org, ANN, 'reviewer', [BOB, UMA]);
    for (const [who, why] of [
      [BOB, /You created CLM-\d+, so you can't review it/],
      [UMA, /You contributed to CLM-\d+ \(edited, uploaded to or asked for its documents\), so you can't review it/],
    ] as const) {
      const card = await org.reviewCard(claim.claimId, who);
      expect(cardText(card.card)).toMatch(why);
      expect(findAction(card.card, 'review.pickUp')).toBeUndefined();
      const forced = await org.press(
        'review.pickUp',
        { claimId: claim.claimId, version: card.version },
        who,
        org.reviews,
      );
      expect(cardText(forced.body.value)).toMatch(why);
    }
    expect((await stored(claim.claimId))?.status).toBe('Submitted');
  });

  it('when a reviewer picks up, asks for changes and the partner resubmits then both sides see each step', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.submittedClaim();
    const home = (await stored(claim.claimId))?.home?.cardActivityId as string;

    let mark = org.mark();
    const picked = await org.review('review.pickUp', claim.claimId);
    expect(cardText(picked.body.value)).toContain('In review');
    expect(org.textsTo(org.partner, mark)).toEqual([`Rita Reviewer started reviewing ${claim.number}.`]);
    const partnerUpdate = org.sentTo(org.partner, mark).filter((c) => c.method === 'PUT');
    expect(partnerUpdate.map((c) => c.activityId)).toEqual([home]);
    expect(cardText(cardOf(partnerUpdate[0]))).toContain('Reviewer: Rita Reviewer');

    const needsNoComment = await org.review('review.feedback', claim.claimId, {
      'verdict_final-ad': 'needsChange',
      'comment_final-ad': '',
    });
    expect(cardText(needsNoComment.body.value)).toMatch(/Say what needs to change/);
    const fb = await org.review('review.feedback', claim.claimId, {
      'verdict_final-ad': 'needsChange',
      'comment_final-ad': 'The ad must show the partner contact details',
    });
    expect(cardText(fb.body.value)).toContain('needs change: The ad must show the partner contact details');

    mark = org.mark();
    const req = await org.review('review.requestInfo', claim.claimId, { message: 'Please upload the corrected ad.' });
    expect(cardText(req.body.value)).toContain('Action required');
    expect(cardText(req.body.value)).toMatch(/response due 2026-10-31/);
    const told = org.sentTo(org.partner, mark).find((c) => /needs more information/.test(String(c.body.text)));
    expect(String(told?.body.text)).toMatch(
      /^<at>Bob User<\/at> \*\*CLM-\d+ needs more information\*\* — Rita Reviewer: Please upload the corrected ad\./,
    );
    expect((told?.body.entities as Array<{ mentioned: { id: string } }>).map((e) => e.mentioned.id)).toEqual([BOB.id]);

    // The partner sees exactly what is needed and may edit again.
    const card = await org.current(claim.claimId);
    const text = cardText(card.card);
    expect(text).toContain('Needs change: Copy of the final ad');
    expect(text).toContain('Information requested by Rita Reviewer: Please upload the corrected ad.');
    expect(text).toMatch(/Respond by[\s\S]*2026-10-31 \(30 days left\)/);
    const info = await org.press('claim.info', {
      claimId: claim.claimId,
      version: card.version,
      additionalInfo: 'Corrected ad attached',
    });
    expect(cardText(info.body.value)).toContain('Additional information saved');
    // The reviewer cannot edit the partner's claim.
    const sneaky = await org.press('claim.metrics', { ...refOf(info.body.value), metric_estimatedReach: '1' }, RITA);
    expect(cardText(sneaky.body.value)).toMatch(/Only incentives admins and users/);

    mark = org.mark();
    const resubmitted = await org.submit(claim);
    expect(cardText(resubmitted.body.value)).toContain('Submitted for review');
    const toReviewers = org.sentTo(org.reviews, mark);
    expect(toReviewers.some((c) => c.method === 'PUT' && cardText(cardOf(c)).includes('Submitted'))).toBe(true);
    const note = toReviewers.find((c) => /was resubmitted/.test(String(c.body.text)));
    expect(String(note?.body.text)).toMatch(/^<at>Rita Reviewer<\/at> \*\*CLM-\d+ was resubmitted\*\* by Bob User/);
  });

  it('when the reviewer approves partly then a reason is required, the partner is told, and only an admin marks it paid', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.inReview();
    const tooMuch = await org.review('review.approve', claim.claimId, { amount: '5000', reason: '' });
    expect(cardText(tooMuch.body.value)).toMatch(/at most the claimed USD 1,200.50/);
    const noReason = await org.review('review.approve', claim.claimId, { amount: '1000', reason: '' });
    expect(cardText(noReason.body.value)).toMatch(/partial approval needs a reason/);
    const mark = org.mark();
    const ok = await org.review('review.approve', claim.claimId, {
      amount: '1000.00',
      reason: 'Print run was smaller than invoiced',
    });
    expect(cardText(ok.body.value)).toContain('Approved');
    expect(org.textsTo(org.partner, mark).join('\n')).toMatch(
      /was approved\*\* for USD 1,000.00 of USD 1,200.50.*Print run was smaller.*Payment cycle 2026-10/s,
    );

    const card = await org.current(claim.claimId);
    expect(findAction(card.card, 'claim.pay')).toBeDefined();
    const pay = { claimId: claim.claimId, version: card.version, date: '2026-10-01', reference: 'PAY-1' };
    const byUser = await org.press('claim.pay', pay, BOB);
    expect(cardText(byUser.body.value)).toMatch(/Only an incentives admin can mark a claim paid/);
    const future = await org.press('claim.pay', { ...pay, date: '2027-01-01' }, ANN);
    expect(cardText(future.body.value)).toMatch(/cannot be in the future/);
    expect(JSON.stringify(future.body.value)).toContain('"value":"PAY-1"'); // what the admin typed is kept
    const paid = await org.press('claim.pay', pay, ANN);
    expect(cardText(paid.body.value)).toContain('Paid on 2026-10-01 · reference PAY-1');

    const overview = cardText((await org.say('overview', ANN)).card);
    expect(overview).toMatch(/Paid 1/);
    expect(overview).toContain('USD 1,000.00'); // approved (and paid)
    expect(overview).toContain('USD 49,000.00'); // remaining = 50,000 − 1,000 approved
  });

  it('when a claim is rejected then the partner can dispute it and the reviewer decides again', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.inReview({ amount: '800.00' }, CARL);
    const noReason = await org.review('review.reject', claim.claimId, { reasons: '  ' }, CARL);
    expect(cardText(noReason.body.value)).toMatch(/Give the reasons/);
    let mark = org.mark();
    const rejected = await org.review(
      'review.reject',
      claim.claimId,
      { reasons: 'Ad does not show Microsoft content' },
      CARL,
    );
    expect(cardText(rejected.body.value)).toContain('Rejected');
    expect(org.textsTo(org.partner, mark).join('\n')).toMatch(
      /was rejected.*Microsoft content.*dispute it until 2026-10-31/s,
    );

    const card = await org.current(claim.claimId);
    const byColleague = await org.press(
      'claim.dispute',
      { claimId: claim.claimId, version: card.version, reason: 'x' },
      COLE,
    );
    expect(cardText(byColleague.body.value)).toMatch(/Only incentives admins and users can dispute/);
    mark = org.mark();
    const disputed = await org.press('claim.dispute', {
      claimId: claim.claimId,
      version: card.version,
      reason: 'Page 2 shows the Microsoft logo',
    });
    expect(cardText(disputed.body.value)).toContain('Dispute filed');
    expect(cardText(disputed.body.value)).toContain('re-review due 2026-10-08'); // 5 business days after Thu 2026-10-01
    expect(org.textsTo(org.reviews, mark).some((t) => /is disputed.*2026-10-08/s.test(t))).toBe(true);

    const approved = await org.review('review.approve', claim.claimId, { amount: '', reason: '' }, CARL);
    expect(cardText(approved.body.value)).toContain('Approved');
    expect((await stored(claim.claimId))?.approvedMinor).toBe(80000);
    const types = (
      await bot.app.db.collection('claim_events').find({ claimId: claim.claimId }).sort({ seq: 1 }).toArray()
    ).map((e) => e.type);
    expect(types.filter((t) => /^claim\.(submitted|pickedUp|rejected|disputed|approved)$/.test(t))).toEqual([
      'claim.submitted',
      'claim.pickedUp',
      'claim.rejected',
      'claim.disputed',
      'claim.approved',
    ]);
  });

  it('when the dispute window has closed then the partner can no longer dispute', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.rejectedClaim();
    bot.clock.set('2026-11-01T09:00:00Z'); // the window closed on 2026-10-31
    const card = await org.current(claim.claimId);
    expect(findAction(card.card, 'claim.dispute')).toBeUndefined();
    const late = await org.press('claim.dispute', { claimId: claim.claimId, version: card.version, reason: 'Late' });
    expect(cardText(late.body.value)).toMatch(/The dispute window closed on 2026-10-31/);
    expect((await stored(claim.claimId))?.status).toBe('Rejected');
  });

  it('when a rejected claim is disputed after its funds were taken by another claim then the dispute is refused and nothing changes', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '2000']] });
    const first = await org.rejectedClaim(); // USD 1,200.50, released by the rejection
    await org.submittedClaim({ amount: '1000.00' }); // leaves USD 1,000.00
    const card = await org.current(first.claimId);
    const disputed = await org.press('claim.dispute', {
      claimId: first.claimId,
      version: card.version,
      reason: 'The logo is on page 2',
    });
    expect(cardText(disputed.body.value)).not.toContain('Dispute filed');
    expect(cardText(disputed.body.value)).toMatch(/Within earned funds of ADD-PC 2026-Q3/);
    expect(await stored(first.claimId)).toMatchObject({ status: 'Rejected', version: card.version });
    expect(visibleText((await org.say('budget ADD-PC 2026-Q3', ANN)).card)).toContain(
      'Pending (submitted, in review, disputed): USD 1,000.00',
    );
  });

  /** A claim sent back for information by Rita, then withdrawn by Bob; what the review channel was told. */
  async function withdrawnWhileWaiting(org: Organisation) {
    const claim = await org.inReview();
    await org.review('review.requestInfo', claim.claimId, { message: 'Which page?' });
    const card = await org.current(claim.claimId);
    const mark = org.mark();
    const withdrawn = await org.press('claim.withdraw', {
      claimId: claim.claimId,
      version: card.version,
      reason: 'Wrong program',
    });
    expect(cardText(withdrawn.body.value)).toContain('is withdrawn');
    return { claim, note: org.sentTo(org.reviews, mark).find((c) => /was withdrawn/.test(String(c.body.text))) };
  }

  it('when a claim waiting for information is withdrawn then its funds are released and the review channel is told', async () => {
    const org = await anOrganisation(bot);
    const { claim, note } = await withdrawnWhileWaiting(org);
    expect(String(note?.body.text)).toContain(`${claim.number} was withdrawn by Bob User`);
    expect((await stored(claim.claimId))?.status).toBe('Withdrawn');
    expect(visibleText((await org.say('budget ADD-PC 2026-Q3', ANN)).card)).toContain(
      'Pending (submitted, in review, disputed): USD 0.00',
    );
  });

  it('when a claim waiting for information is withdrawn then the review channel notice @mentions the reviewer who asked (like the resubmit notice does)', async () => {
    const org = await anOrganisation(bot);
    const { note } = await withdrawnWhileWaiting(org);
    expect(String(note?.body.text)).toMatch(/^<at>Rita Reviewer<\/at> /);
    expect(((note?.body.entities ?? []) as Array<{ mentioned: { id: string } }>).map((e) => e.mentioned.id)).toEqual([
      RITA.id,
    ]);
  });

  it('when the assigned reviewer and an admin decide the same version at once then exactly one wins', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '50000']] });
    const claim = await org.inReview({ amount: '300.00' });
    const { version } = await org.reviewCard(claim.claimId);
    const [a, b] = await Promise.all([
      org.press('review.approve', { claimId: claim.claimId, version, amount: '', reason: '' }, RITA, org.reviews),
      org.press('review.reject', { claimId: claim.claimId, version, reasons: 'No' }, ANN, org.reviews),
    ]);
    const texts = [cardText(a.body.value), cardText(b.body.value)];
    expect(texts.filter((t) => /changed while you were looking/.test(t))).toHaveLength(1);
    const now = await stored(claim.claimId);
    expect(['Approved', 'Rejected']).toContain(now?.status);
    expect(now?.version).toBe(version + 1);
    expect(
      await bot.app.db.collection('claim_events').countDocuments({ claimId: claim.claimId, seq: version + 1 }),
    ).toBe(1);
    // The funds follow the winner: approved holds 300, rejected holds nothing.
    const budget = visibleText((await org.say('budget ADD-PC 2026-Q3', ANN)).card);
    expect(budget).toContain(now?.status === 'Approved' ? 'Approved: USD 300.00' : 'Approved: USD 0.00');
    expect(budget).toContain('Pending (submitted, in review, disputed): USD 0.00');
  });

  it('when a forged card tries to jump a status then the status machine refuses it', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.approvedClaim();
    const card = await org.current(claim.claimId);
    await org.press(
      'claim.pay',
      { claimId: claim.claimId, version: card.version, date: '2026-10-01', reference: 'PAY-7' },
      ANN,
    );
    const version = Number((await stored(claim.claimId))?.version);
    const jump = await org.press(
      'review.approve',
      { claimId: claim.claimId, version, amount: '', reason: '' },
      RITA,
      org.reviews,
    );
    expect(cardText(jump.body.value)).toMatch(/is Paid: you can't approve it now/);
    const dispute = await org.press('claim.dispute', { claimId: claim.claimId, version, reason: 'x' });
    expect(cardText(dispute.body.value)).toMatch(/can't dispute it now/);
    const pickUp = await org.press('review.pickUp', { claimId: claim.claimId, version }, CARL, org.reviews);
    expect(cardText(pickUp.body.value)).toMatch(/This claim is Paid: you can't pick it up now/);
    expect(await stored(claim.claimId)).toMatchObject({ status: 'Paid', version });
  });

  it('when the admin exports then the link arrives in their 1:1 chat, gives every claim with its values, and works once', async () => {
    const org = await anOrganisation(bot);
    const draft = await org.newClaim({ amount: '99.99' });
    const approved = await org.approvedClaim({ amount: '500.00' });
    const card = await org.current(approved.claimId);
    await org.press(
      'claim.pay',
      { claimId: approved.claimId, version: card.version, date: '2026-10-01', reference: 'PAY-1' },
      ANN,
    );

    const mark = org.mark();
    await org.say('export', ANN);
    expect(org.textsTo(org.partner, mark).join('\n')).toBe(
      'I sent you the export link in our 1:1 chat (it works once, for 15 minutes).',
    );
    expect(JSON.stringify(org.sentTo(org.partner, mark))).not.toContain('/exports/');
    const dm = personalTo(org, ANN, mark);
    expect(dm).toHaveLength(1);
    const link = cardOf(dm[0]);
    expect(cardText(link)).toContain('Claims export is ready');
    const url = String((link?.actions as Array<{ url: string }>)[0]?.url);
    expect(url).toMatch(/\/exports\/[\w-]{40,}$/);

    const res = await fetch(url.replace(/^https?:\/\/[^/]+/, bot.app.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const rows = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.number === draft.number)).toMatchObject({
      program: 'ADD-PC',
      period: '2026-Q3',
      activity: 'Print advertising',
      status: 'Editing',
      claimed: '99.99',
      approved: '0.00',
      paid: 'no',
    });
    expect(rows.find((r) => r.number === approved.number)).toMatchObject({
      status: 'Paid',
      claimed: '500.00',
      approved: '500.00',
      paid: 'yes',
      payment_date: '2026-10-01',
      payment_reference: 'PAY-1',
    });

    const again = await fetch(url.replace(/^https?:\/\/[^/]+/, bot.app.url));
    expect(again.status).toBe(403);
    expect(await again.text()).toMatch(/already used/);
    const forged = await fetch(`${bot.app.url}/exports/${'x'.repeat(43)}`);
    expect(forged.status).toBe(403);
  });

  it('when the export link is opened twice at the same moment then exactly one download gets the CSV', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    await org.newClaim();
    const mark = org.mark();
    await org.say('export', ANN);
    const url = String((cardOf(personalTo(org, ANN, mark)[0])?.actions as Array<{ url: string }>)[0]?.url);
    const local = url.replace(/^https?:\/\/[^/]+/, bot.app.url);
    const [a, b] = await Promise.all([fetch(local), fetch(local)]);
    const bodies = [await a.text(), await b.text()];
    expect([a.status, b.status].sort()).toEqual([200, 403]);
    expect(bodies.filter((t) => t.startsWith('number,program,period'))).toHaveLength(1);
    expect(bodies.filter((t) => /already used/.test(t))).toHaveLength(1);
  });

  it('when an export link is opened after 15 minutes then it has expired', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const mark = org.mark();
    await org.say('export', ANN);
    const url = String((cardOf(personalTo(org, ANN, mark)[0])?.actions as Array<{ url: string }>)[0]?.url);
    bot.clock.set('2026-10-01T09:16:00Z');
    const expired = await fetch(url.replace(/^https?:\/\/[^/]+/, bot.app.url));
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/expired/);
  });

  it('when the admin says export in their 1:1 chat then the link is the answer there', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const chat = org.personal(ANN);
    const mark = org.mark();
    const { card } = await org.say('export', ANN, chat);
    expect(cardText(card)).toContain('Claims export is ready');
    expect(bot.connector.calls.slice(mark).filter((c) => c.path === '/v3/conversations')).toHaveLength(0);
    const url = String((card?.actions as Array<{ url: string }>)[0]?.url);
    expect((await fetch(url.replace(/^https?:\/\/[^/]+/, bot.app.url))).status).toBe(200);
  });
});
