/**
 * Issue 10, money rules: earned funds as a shared budget under concurrency, caps in any currency,
 * periods that always meet, the payment cut-off, the overview's totals, and people's words.
 */
import { ANN, BOB } from '../support/activities';
import { findAction } from '../support/app';
import { anOrganisation, readable, refOf, RITA, useBot } from '../support/scene';

describe('money rules hold under concurrency and in any currency (issue 10)', () => {
  const bot = useBot();

  it('when 20 claims are submitted at the same moment against funds for 10 then exactly 10 are Submitted and the overview is consistent', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '6000']] });
    const ready = [];
    for (let i = 0; i < 20; i++) ready.push(await org.readyClaim({ amount: '600' }));
    const results = await Promise.all(
      ready.map((c) => org.press('claim.submit', { claimId: c.claimId, version: c.version })),
    );
    const texts = results.map((r) => readable(r.body.value));
    expect(texts.filter((t) => t.includes('Submitted for review'))).toHaveLength(10);
    const refused = texts.filter((t) => t.includes("can't be submitted yet"));
    expect(refused).toHaveLength(10);
    for (const t of refused)
      expect(t).toMatch(/Within earned funds of ADD-PC 2026-Q3 — Available USD 0\.00 of USD 6,000\.00 earned/);
    const statuses = await bot.app.db.collection('claims').find({ tenantId: org.tenantId }).toArray();
    expect(statuses.filter((c) => c.status === 'Submitted')).toHaveLength(10);
    const overview = readable((await org.say('overview', ANN)).card);
    expect(overview).toMatch(/20 claim\(s\): Editing 10 · Submitted 10/);
    expect(overview).toMatch(/Claimed \(pending\): USD 6,000\.00\nRemaining: USD 0\.00/);
  });

  it('when funds are taken and one claim is withdrawn or rejected then its funds come back for the next submit', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '1000']] });
    const first = await org.inReview({ amount: '700' });
    const second = await org.readyClaim({ amount: '500' });
    expect(readable((await org.submit(second)).body.value)).toMatch(/Available USD 300\.00 of USD 1,000\.00 earned/);
    await org.review('review.approve', first.claimId, { amount: '400', reason: 'Only half the ads ran.' });
    expect(readable((await org.submit(second)).body.value)).toContain('Submitted for review');
    expect(readable((await org.say('budget ADD-PC 2026-Q3', BOB)).card)).toMatch(
      /Approved: USD 400\.00\nPending \(submitted, in review, disputed\): USD 500\.00\nRemaining: USD 100\.00/,
    );
  });

  it('when a EUR program has no USD rate then USD caps fail naming the missing rate; with a rate every USD cap converts, and an invoice in USD counts by its EUR amount', async () => {
    const org = await anOrganisation(bot, { funds: [['EU-DEV', '2026-Q3', '200000', 'EUR']] });
    const syndicated = await org.readyClaim({
      program: 'EU-DEV',
      currency: 'EUR',
      activity: 'syndicated-content',
      amount: '60000',
    });
    const noRate = readable((await org.submit(syndicated)).body.value);
    expect(noRate).toMatch(
      /Within the Microsoft syndicated content cap — The cap is set in USD and no USD → EUR exchange rate is set: an incentives admin sets one with `rate EUR <EUR per 1 USD>`/,
    );
    expect((await org.say('rate EUR 0.92', BOB)).text).toMatch(/Only an incentives admin can set exchange rates/);
    expect((await org.say('rate EUR 0.92', ANN)).text).toMatch(/1 USD = 0\.92 EUR \(set 2026-10-01\)/);
    const overCap = readable((await org.submit(syndicated)).body.value);
    expect(overCap).toMatch(
      /Cap per usage period: EUR 17,250\.00 \(USD 18,750 at the rate of 2026-10-01\); this period EUR 60,000\.00 including this claim/,
    );

    const travel = await org.readyClaim({
      program: 'EU-DEV',
      currency: 'EUR',
      activity: 'ms-conferences',
      amount: '90000',
    });
    expect(readable((await org.submit(travel)).body.value)).toMatch(
      /Travel is capped at EUR 4,600\.00 \(USD 5,000 at the rate of 2026-10-01\) per person/,
    );

    const seeding = await org.readyClaim({
      program: 'EU-DEV',
      currency: 'EUR',
      activity: 'product-seeding',
      amount: '2000',
    });
    const withinFloor = await org.submit(seeding);
    expect(readable(withinFloor.body.value)).toContain('Submitted for review');

    const usdInvoice = await org.newClaim({
      program: 'EU-DEV',
      currency: 'EUR',
      activity: 'proof-of-concept',
      amount: '920',
    });
    const noConversion = await org.press('document.add', {
      claimId: usdInvoice.claimId,
      version: usdInvoice.version,
      kind: 'invoice',
      vendor: 'Agency',
      invoiceNumber: '7',
      invoiceDate: '2026-09-01',
      amount: '1000',
      currency: 'USD',
    });
    expect(readable(noConversion.body.value)).toMatch(/The invoice is in USD: enter its amount in EUR as well/);
    await org.addInvoice(usdInvoice.claimId, '1000', { convertedAmount: '920' });
    const card = readable((await org.current(usdInvoice.claimId)).card);
    expect(card).toMatch(
      /Claimed amount equals the invoices and CSRs\nClaimed EUR 920\.00, invoices and CSRs EUR 920\.00/,
    );
  });

  it('when a program has quarters then funds for a month are refused, the form offers only open periods, and a typed period of another length is refused', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q4', '50000']] });
    expect((await org.say('funds ADD-PC 2026-11 10000', ANN)).text).toMatch(
      /ADD-PC has its earned funds by quarters \(e\.g\. 2026-Q4\): give a period of that length/,
    );
    bot.clock.set('2026-11-01T09:00:00Z');
    const form = await org.say('new claim', BOB);
    const periods = JSON.stringify(form.card).match(/"value":"\d{4}(-[QH]?\d{1,2})?"/g);
    expect(periods).toEqual(['"value":"2026-Q4"', '"value":"2026-Q3"']);
    expect(readable(form.card)).not.toMatch(/2026-Q2|2027-Q1/);
    const typed = await org.press('claim.create', {
      program: 'ADD-PC',
      activity: 'print-advertising',
      location: 'US',
      period: '2026-11',
      amount: '10',
      currency: 'USD',
      description: 'Ad',
    });
    expect(readable(typed.body.value)).toMatch(/This program's usage periods are quarters/);
    const future = await org.press('claim.create', {
      program: 'ADD-PC',
      activity: 'print-advertising',
      location: 'US',
      period: '2027-Q1',
      amount: '10',
      currency: 'USD',
      description: 'Ad',
    });
    expect(readable(future.body.value)).toMatch(/2027-Q1 has not started yet/);
    const closed = await org.press('claim.create', {
      program: 'ADD-PC',
      activity: 'print-advertising',
      location: 'US',
      period: '2026-Q2',
      amount: '10',
      currency: 'USD',
      description: 'Ad',
    });
    expect(readable(closed.body.value)).toMatch(/The deadline for 2026-Q2 claims passed on 2026-08-14/);
    expect(await bot.app.db.collection('claims').countDocuments({ tenantId: org.tenantId })).toBe(0);
  });

  it.each([
    ['2026-10-14T06:30:00Z', '2026-10', '11:30 pm PDT on the 13th'],
    ['2026-10-14T07:00:00Z', '2026-11', 'midnight PDT on the 14th'],
    ['2026-11-14T07:30:00Z', '2026-11', '11:30 pm PST on the 13th (after daylight saving ends)'],
    ['2026-11-14T08:00:00Z', '2026-12', 'midnight PST on the 14th'],
  ])('when a claim is approved at %s then its payment cycle is %s (%s)', async (at, cycle) => {
    const org = await anOrganisation(bot);
    const claim = await org.inReview();
    bot.clock.set(at);
    const approved = await org.review('review.approve', claim.claimId, { amount: '', reason: '' });
    expect(readable(approved.body.value)).toContain(`payment cycle ${cycle}`);
  });

  it('when there are several programs then the overview has totals per currency and a Paid figure, and `claims` filters by program and period', async () => {
    const org = await anOrganisation(bot, {
      funds: [
        ['ADD-PC', '2026-Q3', '50000'],
        ['ADR-HUB', '2026-Q3', '20000'],
      ],
    });
    const paid = await org.approvedClaim();
    const approved = await org.current(paid.claimId, ANN);
    await org.press(
      'claim.pay',
      { claimId: paid.claimId, version: approved.version, date: '2026-10-01', reference: 'PAY-1' },
      ANN,
    );
    await org.submittedClaim({ program: 'ADR-HUB', amount: '300' });
    await org.newClaim({ program: 'ADR-HUB', amount: '50' });
    const overview = readable((await org.say('overview', ANN)).card);
    expect(overview).toMatch(
      /ADD-PC · 2026-Q3\n1 claim\(s\): Paid 1\nEarned: USD 50,000\.00\nApproved: USD 1,200\.50\nPaid: USD 1,200\.50/,
    );
    expect(overview).toMatch(
      /All programs · USD\n3 claim\(s\) across programs and periods\nEarned: USD 70,000\.00\nApproved: USD 1,200\.50\nPaid: USD 1,200\.50\nClaimed \(pending\): USD 300\.00\nRemaining: USD 68,499\.50/,
    );
    const filtered = readable((await org.say('claims ADR-HUB 2026-Q3 submitted', BOB)).card);
    expect(filtered).toMatch(/This organisation's claims — ADR-HUB · 2026-Q3 · Submitted\n1 claim\(s\)/);
    const byProgram = readable((await org.say('claims ADR-HUB', BOB)).card);
    expect(byProgram).toMatch(/2 claim\(s\)/);
    expect((await org.say('claims ADR-HUB nonsense words', BOB)).text).toMatch(
      /Usage: `claims \[mine\] \[PROGRAM\] \[PERIOD\]/,
    );
  });

  it('when History and cards show what people did then they use labels and formatted numbers, not internal keys', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim({ activity: 'tradeshows' });
    await org.press('claim.metrics', {
      claimId: claim.claimId,
      version: claim.version,
      metric_attendeesOrVisitors: '1400',
    });
    const kindCard = await org.press('document.form', {
      claimId: claim.claimId,
      version: claim.version + 1,
      kind: 'csr',
    });
    expect(readable(kindCard.body.value)).toMatch(/^Add CSR \(in-house work\) to CLM-\d{6}$/m);
    const ready = await org.readyClaim({ activity: 'tradeshows' });
    await org.submit(ready);
    await org.review('review.pickUp', ready.claimId);
    await org.review('review.feedback', ready.claimId, {
      'verdict_invitation-agenda': 'accepted',
      'comment_invitation-agenda': '',
    });
    const history = readable((await org.press('claim.history', { claimId: claim.claimId, page: 0 })).body.value);
    expect(history).toMatch(/updated metrics\nAttendees or booth visitors: 1,400/);
    const reviewHistory = readable(
      (await org.press('claim.history', { claimId: ready.claimId, page: 0, side: 'review' }, RITA, org.reviews)).body
        .value,
    );
    expect(reviewHistory).toMatch(/gave feedback\nInvitation and agenda: accepted/);
    expect(reviewHistory).not.toMatch(/invitation-agenda: accepted/);
    expect(findAction(kindCard.body.value, 'document.add')).toBeDefined();
    expect(refOf((await org.current(claim.claimId)).card).number).toBe(claim.number);
  });
});
