/**
 * Breaking the claim lifecycle and the money rules the way real people do: the same press at the
 * same moment from two people, stale cards, odd amounts, late presses. Each test arranges its own
 * organisation and claims over the real HTTP path, and checks what people see (cards, History, the
 * budget and the overview) and that a refused change changed nothing.
 */
import { ANN, BOB } from '../support/activities';
import { findAction } from '../support/app';
import { anOrganisation, readable, refOf, RITA, UMA, useBot, type Organisation } from '../support/scene';

async function budgetOf(org: Organisation, program = 'ADD-PC', period = '2026-Q3'): Promise<string> {
  return readable((await org.say(`budget ${program} ${period}`, BOB)).card);
}

async function historyOf(org: Organisation, claimId: string): Promise<string> {
  const pages: string[] = [];
  for (let page = 0; page < 5; page++)
    pages.push(readable((await org.press('claim.history', { claimId, page }, BOB)).body.value));
  return pages.join('\n');
}

async function stored(org: Organisation, claimId: string) {
  return org.bot.app.db.collection('claims').findOne({ _id: claimId as never });
}

describe('hunting the claim lifecycle and money rules', () => {
  const bot = useBot();

  it('when two partners press Submit on the same card at the same moment then one submit wins and the funds stay held', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '3000']] });
    const ready = [
      await org.readyClaim({ amount: '1000' }),
      await org.readyClaim({ amount: '1000' }),
      await org.readyClaim({ amount: '1000' }),
    ];
    const results = await Promise.all(
      ready.flatMap((c) => [
        org.press('claim.submit', { claimId: c.claimId, version: c.version }, BOB),
        org.press('claim.submit', { claimId: c.claimId, version: c.version }, UMA),
      ]),
    );
    const texts = results.map((r) => readable(r.body.value));
    expect(texts.filter((t) => t.includes('Submitted for review'))).toHaveLength(3);
    expect(texts.filter((t) => t.includes('changed while you were looking'))).toHaveLength(3);
    expect(await budgetOf(org)).toMatch(
      /Approved: USD 0\.00\nPending \(submitted, in review, disputed\): USD 3,000\.00\nRemaining: USD 0\.00/,
    );
    // The budget is spent: a fourth claim cannot take funds that three submitted claims hold.
    const fourth = await org.readyClaim({ amount: '1000' });
    expect(readable((await org.submit(fourth)).body.value)).toMatch(/Available USD 0\.00 of USD 3,000\.00 earned/);
    for (const c of ready) expect((await historyOf(org, c.claimId)).match(/submitted the claim/g)).toHaveLength(1);
  });

  it('when two partners dispute the same rejection at the same moment then one dispute wins and the claim holds its funds', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '5000']] });
    const claims = [await org.rejectedClaim({ amount: '1000' }), await org.rejectedClaim({ amount: '1000' })];
    const refs = await Promise.all(claims.map((c) => org.current(c.claimId)));
    const results = await Promise.all(
      refs.flatMap((c) => [
        org.press('claim.dispute', { claimId: c.claimId, version: c.version, reason: 'Logo is on page 3.' }, BOB),
        org.press('claim.dispute', { claimId: c.claimId, version: c.version, reason: 'See page 3.' }, UMA),
      ]),
    );
    const texts = results.map((r) => readable(r.body.value));
    expect(texts.filter((t) => /Dispute filed/.test(t))).toHaveLength(2);
    expect(await budgetOf(org)).toMatch(
      /Pending \(submitted, in review, disputed\): USD 2,000\.00\nRemaining: USD 3,000\.00/,
    );
  });

  it('when information is requested and the partner raises the amount then the budget and the overview agree before and after the resubmit', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '5000']] });
    const claim = await org.inReview({ amount: '1000' });
    await org.review('review.requestInfo', claim.claimId, { message: 'The second ad is missing.' });
    await org.addInvoice(claim.claimId, '500');
    const now = await org.current(claim.claimId);
    const edited = await org.press('claim.edit', {
      claimId: claim.claimId,
      version: now.version,
      activity: 'print-advertising',
      location: 'US',
      period: '2026-Q3',
      amount: '1500',
      description: 'Two quarter-page ads',
    });
    expect(readable(edited.body.value)).toContain('Claim updated');
    const overview = () => org.say('overview', ANN).then((r) => readable(r.card));
    const pendingIn = (text: string) => /Pending \(submitted, in review, disputed\): (USD [\d,.]+)/.exec(text)?.[1];
    const claimedIn = (text: string) => /Claimed \(pending\): (USD [\d,.]+)/.exec(text)?.[1];
    expect(claimedIn(await overview())).toBe(pendingIn(await budgetOf(org)));
    expect(readable((await org.submit(claim)).body.value)).toContain('Submitted for review');
    expect(pendingIn(await budgetOf(org))).toBe('USD 1,500.00');
    expect(claimedIn(await overview())).toBe('USD 1,500.00');
  });

  it('when information is requested and the partner moves the claim to another period then the budgets and the overview agree', async () => {
    const org = await anOrganisation(bot, {
      funds: [
        ['ADD-PC', '2026-Q3', '5000'],
        ['ADD-PC', '2026-Q4', '5000'],
      ],
    });
    const claim = await org.inReview({ amount: '1000' });
    await org.review('review.requestInfo', claim.claimId, { message: 'This ran in October.' });
    const now = await org.current(claim.claimId);
    const edited = await org.press('claim.edit', {
      claimId: claim.claimId,
      version: now.version,
      activity: 'print-advertising',
      location: 'US',
      period: '2026-Q4',
      amount: '1000',
      description: 'Quarter-page ad in October',
    });
    expect(readable(edited.body.value)).toContain('Claim updated');
    const overview = readable((await org.say('overview', ANN)).card);
    const line = (period: string) =>
      new RegExp(`ADD-PC · ${period}[\\s\\S]*?Claimed \\(pending\\): (USD [\\d,.]+)`).exec(overview)?.[1] ?? 'USD 0.00';
    const pending = async (period: string) =>
      /Pending \(submitted, in review, disputed\): (USD [\d,.]+)/.exec(await budgetOf(org, 'ADD-PC', period))?.[1];
    expect(line('2026-Q3')).toBe(await pending('2026-Q3'));
    expect(line('2026-Q4')).toBe(await pending('2026-Q4'));
  });

  it('when information is requested and the partner raises the amount beyond what is left then the edit is refused and nothing changes', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '2000']] });
    const claim = await org.inReview({ amount: '1000' });
    await org.submittedClaim({ amount: '800' });
    await org.review('review.requestInfo', claim.claimId, { message: 'Which ads ran?' });
    const now = await org.current(claim.claimId);
    const before = await stored(org, claim.claimId);
    const refused = await org.press('claim.edit', {
      claimId: claim.claimId,
      version: now.version,
      activity: 'print-advertising',
      location: 'US',
      period: '2026-Q3',
      amount: '1500',
      description: 'Two quarter-page ads',
    });
    const text = readable(refused.body.value);
    expect(text).toMatch(/was not changed: with these changes it no longer fits in the funds of ADD-PC 2026-Q3/);
    expect(text).toMatch(/Available USD 1,200\.00 of USD 2,000\.00 earned/);
    expect(text).not.toMatch(/Error|undefined|ledger/);
    const after = await stored(org, claim.claimId);
    expect(after).toMatchObject({ version: before!.version, claimedMinor: 100_000, status: 'ActionRequired' });
    expect(await budgetOf(org)).toMatch(
      /Pending \(submitted, in review, disputed\): USD 1,800\.00\nRemaining: USD 200\.00/,
    );
    const fits = await org.press('claim.edit', {
      claimId: claim.claimId,
      version: now.version,
      activity: 'print-advertising',
      location: 'US',
      period: '2026-Q3',
      amount: '1200',
      description: 'Two quarter-page ads',
    });
    expect(readable(fits.body.value)).toContain('Claim updated');
    expect(await budgetOf(org)).toMatch(
      /Pending \(submitted, in review, disputed\): USD 2,000\.00\nRemaining: USD 0\.00/,
    );
    expect(refOf(fits.body.value).version).toBe(now.version + 1);
  });

  it.each([
    ['0', /Enter the approved amount in USD/],
    ['-5', /Enter the approved amount in USD/],
    ['1e9', /Enter the approved amount in USD/],
    ['600.001', /Enter the approved amount in USD/],
    ['1200.51', /You can approve at most the claimed USD 1,200\.50/],
    ['99999999999999999', /Enter the approved amount in USD/],
    ['9999999999999', /You can approve at most the claimed USD 1,200\.50/],
    ['12,00', /Enter the approved amount in USD/],
  ])(
    'when a reviewer approves %s of USD 1,200.50 then it is refused with a clear message and nothing changes',
    async (amount, message) => {
      const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '5000']] });
      const claim = await org.inReview();
      const before = await stored(org, claim.claimId);
      const res = await org.review('review.approve', claim.claimId, { amount, reason: 'Only part ran.' });
      const text = readable(res.body.value);
      expect(text).toMatch(message);
      expect(text).not.toMatch(/Approved\./);
      const after = await stored(org, claim.claimId);
      expect(after).toMatchObject({ version: before!.version, status: 'InReview', approvedMinor: 0 });
      expect(await budgetOf(org)).toMatch(
        /Approved: USD 0\.00\nPending \(submitted, in review, disputed\): USD 1,200\.50/,
      );
    },
  );

  it('when a reviewer approves a decimal part of the claim then the difference goes back to the budget and the overview agrees', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '5000']] });
    const claim = await org.inReview();
    const res = await org.review('review.approve', claim.claimId, { amount: '600.25', reason: 'Half the ads ran.' });
    expect(readable(res.body.value)).toContain('Approved.');
    expect(await budgetOf(org)).toMatch(
      /Approved: USD 600\.25\nPending \(submitted, in review, disputed\): USD 0\.00\nRemaining: USD 4,399\.75/,
    );
    expect(readable((await org.say('overview', ANN)).card)).toMatch(
      /Approved: USD 600\.25[\s\S]*Remaining: USD 4,399\.75/,
    );
    expect(await historyOf(org, claim.claimId)).toMatch(/approved USD 600\.25 \(partly\)/);
  });

  it('when a partner types an amount with a decimal comma then it is refused, never read as a hundred times more', async () => {
    const org = await anOrganisation(bot, { funds: [['EU-DEV', '2026-Q3', '5000', 'EUR']] });
    const res = await org.press('claim.create', {
      program: 'EU-DEV',
      activity: 'print-advertising',
      location: 'DE',
      period: '2026-Q3',
      amount: '12,50',
      currency: 'EUR',
      description: 'Anzeige',
    });
    expect(readable(res.body.value)).toMatch(/Enter an amount such as 1250\.00/);
    expect(await bot.app.db.collection('claims').countDocuments({ tenantId: org.tenantId })).toBe(0);
    const grouped = await org.newClaim({
      program: 'EU-DEV',
      currency: 'EUR',
      location: 'DE',
      amount: '1,250.50',
    });
    expect(readable(grouped.card)).toMatch(/EUR 1,250\.50/);
  });

  it('when an admin marks a claim paid with a date before its approval then it is refused and the claim stays Approved', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.approvedClaim();
    const now = await org.current(claim.claimId, ANN);
    const res = await org.press(
      'claim.pay',
      { claimId: claim.claimId, version: now.version, date: '2026-09-15', reference: 'PAY-9' },
      ANN,
    );
    expect(readable(res.body.value)).toMatch(/before the claim was approved on 2026-10-01/);
    expect(await stored(org, claim.claimId)).toMatchObject({ status: 'Approved', version: now.version });
    const ok = await org.press(
      'claim.pay',
      { claimId: claim.claimId, version: now.version, date: '2026-10-01', reference: 'PAY-9' },
      ANN,
    );
    expect(readable(ok.body.value)).toContain('Marked paid.');
    expect(await budgetOf(org)).toMatch(/Approved: USD 1,200\.50/);
  });
});
