/**
 * A claim from the form to submit, over the real HTTP path. Each test arranges its own organisation
 * (a fresh tenant) and its own claims.
 */
import { ANN, BOB } from '../support/activities';
import { cardText, findAction } from '../support/app';
import { cardOf } from '../support/connector';
import { COLE, FORM, anOrganisation, refOf, useBot } from '../support/scene';

const CARD = 'application/vnd.microsoft.card.adaptive';

describe('a claim from form to submit, over the real HTTP path', () => {
  const bot = useBot();

  const claimsOf = (tenantId: string) => bot.app.db.collection('claims').countDocuments({ tenantId });

  it('when an incentives user says new claim then a form card with every field is posted, periods chosen from the open ones', async () => {
    const org = await anOrganisation(bot);
    const { card } = await org.say('new claim', BOB);
    const json = JSON.stringify(card);
    for (const id of ['program', 'activity', 'location', 'period', 'amount', 'currency', 'description'])
      expect(json).toContain(`"id":"${id}"`);
    expect(cardText(card)).toContain('ADD-PC (USD)');
    expect(cardText(card)).toContain('Microsoft-hosted conferences — Partner readiness');
    // The test clock says 2026-10-01: 2026-Q4 has started and 2026-Q3 is open until 2026-11-14.
    const period = (card!.body as Array<Record<string, unknown>>).find((b) => b.id === 'period')!;
    expect(period.type).toBe('Input.ChoiceSet');
    expect((period.choices as Array<{ value: string }>).map((c) => c.value)).toEqual(['2026-Q4', '2026-Q3']);
    expect(cardText(card)).toContain('2026-Q3 (2026-07-01 – 2026-09-30, submit by 2026-11-14)');
    expect(findAction(card, 'claim.create')).toBeDefined();
  });

  it("when the help card's New claim is pressed then a new claim form is posted in the conversation; a colleague is told why not", async () => {
    const org = await anOrganisation(bot);
    const { card } = await org.say('help', COLE);
    const button = findAction(card, 'claim.new')!;
    let mark = org.mark();
    const res = await org.press('claim.new', button.data);
    expect(String(res.body.value)).toBe('I posted a new claim form in this conversation.');
    const posted = org.cardsTo(org.partner, mark);
    expect(posted).toHaveLength(1);
    expect(findAction(posted[0], 'claim.create')).toBeDefined();
    mark = org.mark();
    const refused = await org.press('claim.new', button.data, COLE);
    expect(String(refused.body.value)).toMatch(/Only incentives admins and users can create claims/);
    expect(org.cardsTo(org.partner, mark)).toHaveLength(0);
  });

  it('when a colleague (no role yet) says new claim then they are told to ask an admin and no form is posted', async () => {
    const org = await anOrganisation(bot);
    const res = await org.say('new claim', COLE);
    expect(res.card).toBeUndefined();
    expect(res.text).toMatch(/Only incentives admins and users can create claims/);
    expect(res.text).toContain('user @you');
    const pressed = await org.press('claim.create', FORM, COLE);
    expect(cardText(pressed.body.value)).toMatch(/Only incentives admins and users can create claims/);
    expect(await claimsOf(org.tenantId)).toBe(0);
  });

  it('when an admin grants a colleague the user role then that person can create claims', async () => {
    const org = await anOrganisation(bot);
    expect(await org.grant('user', [COLE])).toMatch(/Cole Colleague is now an incentives user/i);
    const claim = await org.newClaim({}, COLE);
    expect(claim.number).toBe('CLM-000001');
    expect(await claimsOf(org.tenantId)).toBe(1);
  });

  it('when the form is sent empty then each field gets its own message and nothing is created', async () => {
    const org = await anOrganisation(bot);
    const res = await org.press('claim.create', {});
    expect(res.body.type).toBe(CARD);
    const text = cardText(res.body.value);
    expect(text).toContain('Choose a program.');
    expect(text).toContain('Choose an activity.');
    expect(text).toContain('Choose a country or region.');
    expect(text).toContain('Choose a usage period.');
    expect(text).toContain('Enter the amount you claim.');
    expect(text).toContain('Describe the activity in a sentence.');
    expect(text).toMatch(/nothing was created yet/);
    expect(await claimsOf(org.tenantId)).toBe(0);
  });

  it('when the form has bad values then the messages name them and the values are kept', async () => {
    const org = await anOrganisation(bot);
    const bad = { ...FORM, program: 'NOPE', period: '2026-Q7', amount: '12.345', location: 'ZZ' };
    const res = await org.press('claim.create', bad);
    const text = cardText(res.body.value);
    expect(text).toContain('There is no program NOPE');
    expect(text).toMatch(/"2026-Q7" is not a usage period/);
    expect(text).toMatch(/at most 2 decimals/);
    expect(text).toContain('from the list');
    expect(JSON.stringify(res.body.value)).toContain('"value":"Quarter-page ad in the regional newspaper"');
    expect(await claimsOf(org.tenantId)).toBe(0);
  });

  it.each([
    ['a period whose claim deadline passed', '2026-Q2', /The deadline for 2026-Q2 claims passed on 2026-08-14/],
    ['a period that has not started', '2027-Q1', /2027-Q1 has not started yet/],
    ['a period of another length than the program', '2026-09', /This program's usage periods are quarters/],
  ])('when the form names %s then it is refused with the reason and nothing is created', async (_name, period, why) => {
    const org = await anOrganisation(bot);
    const res = await org.press('claim.create', { ...FORM, period });
    expect(cardText(res.body.value)).toMatch(why);
    expect(findAction(res.body.value, 'claim.create')).toBeDefined();
    expect(await claimsOf(org.tenantId)).toBe(0);
  });

  it('when the form is valid then the claim is created and the form message becomes the claim card for everyone', async () => {
    const org = await anOrganisation(bot);
    const mark = org.mark();
    const res = await org.press('claim.create', FORM, BOB, org.partner, 'form-card-1');
    expect(res.body.type).toBe(CARD);
    const card = res.body.value as Record<string, unknown>;
    const text = cardText(card);
    expect(text).toContain('Claim CLM-000001 created');
    expect(text).toContain('Editing');
    expect(text).toContain('USD 1,200.50');
    expect(text).toContain('2026-11-14'); // 45 days after 2026-09-30
    expect(text).toMatch(/44 days left/); // the test clock says 2026-10-01
    expect(text).toContain('At least one invoice or CSR');
    expect(text).toContain('Proof: Copy of the final ad');
    expect(text).toContain('Metric: Estimated reach');
    expect(text).toContain('Within earned funds of ADD-PC 2026-Q3');
    expect((card.refresh as { action: { verb: string } }).action.verb).toBe('claim.refresh');
    for (const verb of [
      'claim.comment',
      'claim.metrics',
      'claim.info',
      'claim.history',
      'claim.submit',
      'claim.refresh',
    ])
      expect(findAction(card, verb)).toBeDefined();
    const ref = refOf(card);
    expect(ref.version).toBe(1);
    const stored = await bot.app.db.collection('claims').findOne({ _id: ref.claimId as never });
    expect(stored?.number).toBe('CLM-000001');
    expect(stored?.home?.cardActivityId).toBe('form-card-1');
    // Everyone in the conversation sees the claim card in place of the form (without the banner).
    const update = org.sentTo(org.partner, mark).find((c) => c.method === 'PUT' && c.activityId === 'form-card-1');
    expect(update).toBeDefined();
    expect(cardText(cardOf(update))).toContain('CLM-000001');
    expect(findAction(cardOf(update), 'claim.create')).toBeUndefined();
    expect(cardText(cardOf(update))).not.toContain('created. Work through the checklist');
  });

  it('when someone asks for the claim by number then its current card is posted', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    const { card } = await org.say('claim clm-1', BOB);
    expect(cardText(card)).toContain(claim.number);
    expect(refOf(card).claimId).toBe(claim.claimId);
  });

  it('when a colleague comments then the card updates for everyone and History shows who, when and what', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    const mark = org.mark();
    const res = await org.press(
      'claim.comment',
      { claimId: claim.claimId, version: claim.version, comment: 'Invoice is coming from the printer on Friday' },
      COLE,
      org.partner,
      'card-pressed',
    );
    expect(cardText(res.body.value)).toContain('Comment posted');
    const update = org.sentTo(org.partner, mark).find((c) => c.method === 'PUT' && c.activityId === 'card-pressed');
    expect(cardText(cardOf(update))).toContain('1 comment');
    expect(cardText(cardOf(update))).not.toContain('Comment posted');
    expect(refOf(res.body.value).version).toBe(claim.version + 1);

    const history = await org.press('claim.history', { claimId: claim.claimId, page: 0 });
    const text = cardText(history.body.value);
    expect(text).toContain('Cole Colleague');
    expect(text).toContain('Invoice is coming from the printer on Friday');
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(text.indexOf('commented')).toBeLessThan(text.indexOf(`created ${claim.number}`)); // newest first
  });

  it('when History is longer than a page then it pages and each card stays small', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    let version = claim.version;
    for (let i = 0; i < 11; i++) {
      const r = await org.press(
        'claim.comment',
        { claimId: claim.claimId, version, comment: `note ${i} ${'x'.repeat(1900)}` },
        ANN,
      );
      version = refOf(r.body.value).version;
    }
    const first = await org.press('claim.history', { claimId: claim.claimId, page: 0 });
    expect(JSON.stringify(first.body.value).length).toBeLessThan(28 * 1024);
    expect(cardText(first.body.value)).toContain('page 1 of 2');
    expect(cardText(first.body.value)).not.toContain(`created ${claim.number}`);
    expect(findAction(first.body.value, 'claim.history')).toBeDefined(); // "Older"
    const second = await org.press('claim.history', { claimId: claim.claimId, page: 1 });
    expect(cardText(second.body.value)).toContain(`created ${claim.number}`);
  });

  it('when metrics and additional information are saved then they are validated and recorded in History', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    const bad = await org.press('claim.metrics', {
      claimId: claim.claimId,
      version: claim.version,
      metric_estimatedReach: 'lots',
    });
    expect(cardText(bad.body.value)).toMatch(/Estimated reach: enter a whole number/);
    expect(refOf(bad.body.value).version).toBe(claim.version);
    const good = await org.press('claim.metrics', {
      claimId: claim.claimId,
      version: claim.version,
      metric_estimatedReach: '25,000',
    });
    expect(cardText(good.body.value)).toContain('Metrics saved');
    expect(cardText(good.body.value)).toContain('25,000');
    const info = await org.press('claim.info', {
      ...refOf(good.body.value),
      additionalInfo: 'Ran in the Sunday edition',
    });
    expect(cardText(info.body.value)).toContain('Ran in the Sunday edition');
    const events = await bot.app.db.collection('claim_events').find({ claimId: claim.claimId }).toArray();
    expect(events.map((e) => e.type)).toEqual(['claim.created', 'claim.metrics.updated', 'claim.info.updated']);
  });

  it('when a count is typed with a decimal comma ("2,5") then it is refused, not read as 25, and nothing is saved', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    const bad = await org.press('claim.metrics', {
      claimId: claim.claimId,
      version: claim.version,
      metric_estimatedReach: '2,5',
    });
    expect(cardText(bad.body.value)).toMatch(/Estimated reach: enter a whole number/);
    expect(refOf(bad.body.value).version).toBe(claim.version);
    const spaced = await org.press('claim.metrics', {
      claimId: claim.claimId,
      version: claim.version,
      metric_estimatedReach: '1 400',
    });
    expect(cardText(spaced.body.value)).toContain('1,400');
  });

  it('when a colleague tries to change metrics or additional information then they are refused and nothing changes', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    const metrics = await org.press(
      'claim.metrics',
      { claimId: claim.claimId, version: claim.version, metric_estimatedReach: '5' },
      COLE,
    );
    expect(cardText(metrics.body.value)).toMatch(/Only incentives admins and users can change metrics/);
    const info = await org.press(
      'claim.info',
      { claimId: claim.claimId, version: claim.version, additionalInfo: 'x' },
      COLE,
    );
    expect(cardText(info.body.value)).toMatch(/Only incentives admins and users can change the additional information/);
    const stored = await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never });
    expect(stored?.version).toBe(claim.version);
    expect(stored?.metrics).toEqual({});
  });

  it('when submit is pressed on an incomplete claim then the user sees exactly what is missing and nothing changes', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    const ref = await org.fillMetrics(claim.claimId, FORM.activity);
    const res = await org.press('claim.submit', { claimId: ref.claimId, version: ref.version });
    const text = cardText(res.body.value);
    expect(text).toMatch(/can't be submitted yet: 3 item\(s\)/);
    expect(text).toContain('At least one invoice or CSR — Add a vendor invoice');
    expect(text).toContain('Proof: Copy of the final ad');
    expect(text).toContain(
      'Claimed amount equals the invoices and CSRs — Claimed USD 1,200.50, invoices and CSRs USD 0.00',
    );
    const stored = await bot.app.db.collection('claims').findOne({ _id: ref.claimId as never });
    expect(stored?.status).toBe('Editing');
    expect(stored?.version).toBe(ref.version);
  });

  it('when every item is ready then submit moves the claim to Submitted and locks it', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    const stale = await org.fillMetrics(claim.claimId, FORM.activity);
    await org.press('claim.info', { ...stale, additionalInfo: 'Ran in the Sunday edition' });
    await org.addInvoice(claim.claimId, '1200.50');
    const ready = await org.addProof(claim.claimId, 'final-ad');

    const old = await org.press('claim.submit', { claimId: claim.claimId, version: stale.version });
    expect(cardText(old.body.value)).toMatch(/changed while you were looking/);

    const res = await org.press('claim.submit', { claimId: claim.claimId, version: ready.version });
    const text = cardText(res.body.value);
    expect(text).toContain('Submitted for review');
    expect(text).toContain('Submitted');
    expect(findAction(res.body.value, 'claim.submit')).toBeUndefined();
    expect(findAction(res.body.value, 'claim.metrics')).toBeUndefined();
    const ref = refOf(res.body.value);
    expect(ref.version).toBe(ready.version + 1);

    const metrics = await org.press('claim.metrics', { ...ref, metric_estimatedReach: '1' });
    expect(cardText(metrics.body.value)).toMatch(/is Submitted: it can't be changed now/);
    const info = await org.press('claim.info', { ...ref, additionalInfo: 'sneaky edit' }, ANN);
    expect(cardText(info.body.value)).toMatch(/can't be changed now/);
    const again = await org.press('claim.submit', ref);
    expect(cardText(again.body.value)).toMatch(/can't be changed now/);
    const stored = await bot.app.db.collection('claims').findOne({ _id: ref.claimId as never });
    expect(stored?.status).toBe('Submitted');
    expect(stored?.version).toBe(ref.version);
    expect(stored?.additionalInfo).toBe('Ran in the Sunday edition');

    const overview = cardText((await org.say('overview', ANN)).card);
    expect(overview).toMatch(/Submitted 1/);
    expect(overview).toContain('USD 48,799.50'); // remaining = 50,000 − 1,200.50 claimed
  });
});
