/**
 * Breaking the claim lifecycle and the money rules the way real people do: the same press at the
 * same moment from two people, stale cards, odd amounts, late presses. Each test arranges its own
 * organisation and claims over the real HTTP path, and checks what people see (cards, History, the
 * budget and the overview) and that a refused change changed nothing.
 */
import { findActivity } from '../../src/domain/activities';
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
    expect(await pending('2026-Q4')).toBe('USD 1,000.00');
    const moved = await org.current(claim.claimId);
    await org.press('claim.withdraw', { claimId: claim.claimId, version: moved.version, reason: 'Cancelled' });
    expect(await pending('2026-Q3')).toBe('USD 0.00');
    expect(await pending('2026-Q4')).toBe('USD 0.00');
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
    expect(text).toMatch(/nothing was changed yet/);
    expect(text).toMatch(
      /With these changes the claim no longer fits in the funds of ADD-PC 2026-Q3: Within earned funds of ADD-PC 2026-Q3 — Available USD 1,200\.00 of USD 2,000\.00 earned/,
    );
    // What the partner typed is still in the form.
    expect(JSON.stringify(refused.body.value)).toContain('"value":"1500"');
    expect(findAction(refused.body.value, 'claim.edit')).toBeDefined();
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

  it.each(['Submitted', 'InReview', 'Approved', 'Rejected', 'Disputed', 'Paid', 'Expired', 'Withdrawn'])(
    'when a partner presses Withdraw, Edit or Remove on a %s claim then each is refused in words and nothing changes',
    async (status) => {
      const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '5000']] });
      let claimId: string;
      if (status === 'Expired' || status === 'Withdrawn') {
        const c = await org.readyClaim();
        claimId = c.claimId;
        if (status === 'Withdrawn')
          await org.press('claim.withdraw', { claimId, version: c.version, reason: 'Duplicate' });
        else {
          bot.clock.set('2026-11-15T08:00:00Z');
          await org.say('reminders run', ANN);
        }
      } else if (status === 'Submitted') claimId = (await org.submittedClaim()).claimId;
      else if (status === 'InReview') claimId = (await org.inReview()).claimId;
      else if (status === 'Approved' || status === 'Paid') {
        claimId = (await org.approvedClaim()).claimId;
        if (status === 'Paid') {
          const now = await org.current(claimId, ANN);
          await org.press('claim.pay', { claimId, version: now.version, date: '2026-10-01', reference: 'P-1' }, ANN);
        }
      } else {
        claimId = (await org.rejectedClaim()).claimId;
        if (status === 'Disputed') {
          const now = await org.current(claimId);
          await org.press('claim.dispute', { claimId, version: now.version, reason: 'Logo is on page 3.' });
        }
      }
      const before = await stored(org, claimId);
      expect(before?.status).toBe(status);
      const budget = await budgetOf(org);
      const version = Number(before!.version);
      const documentId = (before!.documents as Array<{ id: string }>)[0]!.id;
      const presses = [
        org.press('claim.withdraw', { claimId, version, reason: 'Changed our mind' }),
        org.press('claim.edit', {
          claimId,
          version,
          activity: 'print-advertising',
          location: 'US',
          period: '2026-Q3',
          amount: '1',
          description: 'x',
        }),
        org.press('document.remove', { claimId, version, documentId }),
      ];
      for (const res of await Promise.all(presses)) {
        const text = readable(res.body.value);
        expect(text).toMatch(/can't be changed now|can be withdrawn/);
        expect(text).not.toMatch(/Sorry, something went wrong|Error:|undefined|CLAIM\./);
      }
      const after = await stored(org, claimId);
      expect(after).toMatchObject({ status, version, claimedMinor: before!.claimedMinor });
      expect(after!.documents).toHaveLength((before!.documents as unknown[]).length);
      expect(await budgetOf(org)).toBe(budget);
    },
  );

  it('when a rejection is disputed on its 30th day then it is accepted, and on the 31st it is refused and the card offers no Dispute', async () => {
    const org = await anOrganisation(bot);
    const late = await org.rejectedClaim();
    const inTime = await org.rejectedClaim();
    bot.clock.set('2026-10-31T23:30:00Z');
    const ok = await org.current(inTime.claimId);
    expect(findAction(ok.card, 'claim.dispute')).toBeDefined();
    const filed = await org.press('claim.dispute', {
      claimId: inTime.claimId,
      version: ok.version,
      reason: 'See page 3.',
    });
    expect(readable(filed.body.value)).toMatch(/Dispute filed/);
    bot.clock.set('2026-11-01T00:10:00Z');
    const now = await org.current(late.claimId);
    expect(findAction(now.card, 'claim.dispute')).toBeUndefined();
    const refused = await org.press('claim.dispute', {
      claimId: late.claimId,
      version: now.version,
      reason: 'See page 3.',
    });
    expect(readable(refused.body.value)).toMatch(
      /The dispute window closed on 2026-10-31 \(30 days after the rejection\)/,
    );
    expect(await stored(org, late.claimId)).toMatchObject({ status: 'Rejected', version: now.version });
    expect(await budgetOf(org)).toMatch(/Pending \(submitted, in review, disputed\): USD 1,200\.50/);
  });

  it('when the expiry sweep runs while a partner presses Submit after the deadline then the claim ends Expired, once, and holds no funds', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '5000']] });
    const ready = [await org.readyClaim(), await org.readyClaim()];
    bot.clock.set('2026-11-15T00:00:30Z');
    const [a, b, sweep] = await Promise.all([
      org.press('claim.submit', { claimId: ready[0]!.claimId, version: ready[0]!.version }),
      org.press('claim.submit', { claimId: ready[1]!.claimId, version: ready[1]!.version }),
      org.say('reminders run', ANN),
    ]);
    for (const res of [a, b]) {
      const text = readable(res.body.value);
      expect(text).not.toContain('Submitted for review');
      expect(text).toMatch(/The deadline passed 1 day\(s\) ago|changed while you were looking|This claim is Expired/);
    }
    expect(sweep.text).toMatch(/expired/);
    await org.say('reminders run', ANN);
    for (const c of ready) {
      expect(await stored(org, c.claimId)).toMatchObject({ status: 'Expired' });
      expect((await historyOf(org, c.claimId)).match(/expired the draft/g)).toHaveLength(1);
    }
    expect(await budgetOf(org)).toMatch(
      /Pending \(submitted, in review, disputed\): USD 0\.00\nRemaining: USD 5,000\.00/,
    );
    expect(readable((await org.say('overview', ANN)).card)).toMatch(/Expired 2[\s\S]*Claimed \(pending\): USD 0\.00/);
  });

  it('when Submit is pressed on a card one version old then nothing is submitted and the current card comes back', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.readyClaim();
    const docs = await org.press('document.list', { claimId: claim.claimId, page: 0 });
    const remove = findAction(docs.body.value, 'document.remove')!;
    const removed = await org.press('document.remove', remove.data);
    expect(readable(removed.body.value)).toMatch(/Document removed/);
    const stale = await org.press('claim.submit', { claimId: claim.claimId, version: claim.version });
    expect(readable(stale.body.value)).toMatch(/changed while you were looking/);
    expect(refOf(stale.body.value).version).toBe(claim.version + 1);
    expect(await stored(org, claim.claimId)).toMatchObject({ status: 'Editing' });
    expect(await budgetOf(org)).toMatch(/Pending \(submitted, in review, disputed\): USD 0\.00/);
  });

  it('when one partner withdraws while another resubmits the same claim at the same moment then the ledger follows whichever won', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '5000']] });
    const claims = [await org.inReview({ amount: '1000' }), await org.inReview({ amount: '1000' })];
    for (const c of claims) await org.review('review.requestInfo', c.claimId, { message: 'Page 2?' });
    const refs = await Promise.all(claims.map((c) => org.current(c.claimId)));
    await Promise.all(
      refs.flatMap((c) => [
        org.press('claim.submit', { claimId: c.claimId, version: c.version }, BOB),
        org.press('claim.withdraw', { claimId: c.claimId, version: c.version, reason: 'Cancelled' }, UMA),
      ]),
    );
    let held = 0;
    for (const c of refs) {
      const doc = await stored(org, c.claimId);
      expect(doc!.version).toBe(c.version + 1);
      expect(['Submitted', 'Withdrawn']).toContain(doc!.status);
      if (doc!.status === 'Submitted') held += 1000;
    }
    const pending = `USD ${held.toLocaleString('en-US')}.00`;
    expect(await budgetOf(org)).toContain(`Pending (submitted, in review, disputed): ${pending}`);
    expect(readable((await org.say('overview', ANN)).card)).toContain(`Claimed (pending): ${pending}`);
  });

  it('when an admin approves part while the reviewer rejects at the same moment then one decision wins and the budget matches it', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '5000']] });
    await org.grant('reviewer', [ANN], ANN, org.reviews);
    const claim = await org.inReview({ amount: '1000' });
    const { version } = await org.reviewCard(claim.claimId);
    const [approve, reject] = await Promise.all([
      org.press(
        'review.approve',
        { claimId: claim.claimId, version, amount: '400', reason: 'Half ran.' },
        ANN,
        org.reviews,
      ),
      org.press('review.reject', { claimId: claim.claimId, version, reasons: 'No logo.' }, RITA, org.reviews),
    ]);
    const texts = [readable(approve.body.value), readable(reject.body.value)];
    expect(texts.filter((t) => t.includes('changed while you were looking'))).toHaveLength(1);
    const doc = await stored(org, claim.claimId);
    expect(doc!.version).toBe(version + 1);
    const budget = await budgetOf(org);
    if (doc!.status === 'Approved')
      expect(budget).toMatch(/Approved: USD 400\.00\nPending \(submitted, in review, disputed\): USD 0\.00/);
    else expect(budget).toMatch(/Approved: USD 0\.00\nPending \(submitted, in review, disputed\): USD 0\.00/);
  });

  it('when a EUR claim with a USD invoice is disputed, sent back, resubmitted and approved in part then every step keeps budget and overview in EUR and in step', async () => {
    const org = await anOrganisation(bot, { funds: [['EU-DEV', '2026-Q3', '10000', 'EUR']] });
    const claim = await org.newClaim({
      program: 'EU-DEV',
      currency: 'EUR',
      activity: 'proof-of-concept',
      amount: '920',
    });
    await org.addInvoice(claim.claimId, '1000', { convertedAmount: '920' });
    for (const poe of findActivity('proof-of-concept')!.poe) await org.addProof(claim.claimId, poe.key);
    expect(readable((await org.submit(claim)).body.value)).toContain('Submitted for review');
    await org.review('review.pickUp', claim.claimId);
    await org.review('review.reject', claim.claimId, { reasons: 'No white paper.' });
    const budget = () => budgetOf(org, 'EU-DEV', '2026-Q3');
    expect(await budget()).toMatch(/Pending \(submitted, in review, disputed\): EUR 0\.00\nRemaining: EUR 10,000\.00/);
    const rejected = await org.current(claim.claimId);
    await org.press('claim.dispute', { claimId: claim.claimId, version: rejected.version, reason: 'It is attached.' });
    expect(await budget()).toMatch(/Pending \(submitted, in review, disputed\): EUR 920\.00/);
    await org.review('review.requestInfo', claim.claimId, { message: 'Attach the white paper itself.' });
    expect(await budget()).toMatch(/Pending \(submitted, in review, disputed\): EUR 920\.00/);
    expect(readable((await org.submit(claim)).body.value)).toContain('Submitted for review');
    await org.review('review.pickUp', claim.claimId);
    const approved = await org.review('review.approve', claim.claimId, { amount: '460,00', reason: 'Half.' });
    expect(readable(approved.body.value)).toMatch(/Enter the approved amount in EUR/);
    await org.review('review.approve', claim.claimId, { amount: '460.00', reason: 'Half.' });
    expect(await budget()).toMatch(
      /Approved: EUR 460\.00\nPending \(submitted, in review, disputed\): EUR 0\.00\nRemaining: EUR 9,540\.00/,
    );
    expect(readable((await org.say('overview', ANN)).card)).toMatch(
      /EU-DEV · 2026-Q3[\s\S]*?Approved: EUR 460\.00[\s\S]*?Remaining: EUR 9,540\.00/,
    );
    const history = await historyOf(org, claim.claimId);
    for (const step of [
      'submitted the claim',
      'rejected',
      'disputed',
      'resubmitted the claim',
      'approved EUR 460.00 (partly)',
    ])
      expect(history).toContain(step);
  });

  it('when admins set the earned funds of one period at the same moment then the overview and the budget show the same earned amount', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '1000']] });
    await org.grant('admin', [UMA]);
    const amounts = ['2000', '3000', '4000', '5000', '6000', '7000'];
    await Promise.all(amounts.map((a, i) => org.say(`funds ADD-PC 2026-Q3 ${a}`, i % 2 ? ANN : UMA)));
    const earned = (text: string) => /Earned: (USD [\d,.]+)/.exec(text)?.[1];
    const overview = earned(readable((await org.say('overview', ANN)).card));
    expect(overview).toBe(earned(await budgetOf(org)));
  });

  it('when two partners edit a claim waiting for information at the same moment, one to another period and one to more money, then the budgets follow the edit that won', async () => {
    const org = await anOrganisation(bot, {
      funds: [
        ['ADD-PC', '2026-Q3', '5000'],
        ['ADD-PC', '2026-Q4', '5000'],
      ],
    });
    const claims = [await org.inReview({ amount: '1000' }), await org.inReview({ amount: '1000' })];
    for (const c of claims) await org.review('review.requestInfo', c.claimId, { message: 'Which quarter?' });
    const refs = await Promise.all(claims.map((c) => org.current(c.claimId)));
    const form = { activity: 'print-advertising', location: 'US', description: 'Quarter-page ad' };
    await Promise.all(
      refs.flatMap((c) => [
        org.press(
          'claim.edit',
          { claimId: c.claimId, version: c.version, ...form, period: '2026-Q4', amount: '1000' },
          BOB,
        ),
        org.press(
          'claim.edit',
          { claimId: c.claimId, version: c.version, ...form, period: '2026-Q3', amount: '1500' },
          UMA,
        ),
      ]),
    );
    const expected: Record<string, number> = { '2026-Q3': 0, '2026-Q4': 0 };
    for (const c of refs) {
      const doc = await stored(org, c.claimId);
      expect(doc!.version).toBe(c.version + 1);
      const period = (doc!.period as { code: string }).code;
      expected[period]! += Number(doc!.claimedMinor);
    }
    for (const period of ['2026-Q3', '2026-Q4']) {
      const money = `USD ${(expected[period]! / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
      expect(await budgetOf(org, 'ADD-PC', period)).toContain(`Pending (submitted, in review, disputed): ${money}`);
    }
  });

  it('when a JPY program approves part of a claim then decimals are refused and the difference in whole yen goes back', async () => {
    const org = await anOrganisation(bot, { funds: [['JP-DEV', '2026-Q3', '3,000,000', 'JPY']] });
    const claim = await org.inReview({ program: 'JP-DEV', currency: 'JPY', location: 'JP', amount: '1,000,000' });
    const decimals = await org.review('review.approve', claim.claimId, { amount: '500000.5', reason: 'Half.' });
    expect(readable(decimals.body.value)).toMatch(/Enter the approved amount in JPY, e\.g\. 1,000,000/);
    const ok = await org.review('review.approve', claim.claimId, { amount: '500,000', reason: 'Half.' });
    expect(readable(ok.body.value)).toContain('Approved.');
    expect(await budgetOf(org, 'JP-DEV', '2026-Q3')).toMatch(
      /Approved: JPY 500,000\nPending \(submitted, in review, disputed\): JPY 0\nRemaining: JPY 2,500,000/,
    );
  });

  it('when two sweeps run at the same moment then each draft expires once and its thread is told once', async () => {
    const org = await anOrganisation(bot);
    const drafts = [await org.newClaim(), await org.newClaim()];
    bot.clock.set('2026-11-15T08:00:00Z');
    const mark = org.mark();
    await Promise.all([org.say('reminders run', ANN), org.say('reminders run', ANN)]);
    for (const d of drafts) {
      expect((await historyOf(org, d.claimId)).match(/expired the draft/g)).toHaveLength(1);
      expect(org.textsTo(org.partner, mark).filter((t) => t.includes(`${d.number} expired`))).toHaveLength(1);
    }
    expect(readable((await org.say('overview', ANN)).card)).toMatch(/Expired 2/);
  });
});
