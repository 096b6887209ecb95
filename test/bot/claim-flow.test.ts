import { ANN, BOB } from '../support/activities';
import { cardText, findAction, TestBot, VALID_FORM, type InvokeResult } from '../support/app';
import { cardOf } from '../support/connector';

const CARD = 'application/vnd.microsoft.card.adaptive';

function refOf(
  result: InvokeResult | { card?: unknown },
  verb = 'claim.comment',
): { claimId: string; version: number } {
  const card = 'body' in result ? result.body.value : result.card;
  const action = findAction(card, verb);
  if (!action) throw new Error(`no ${verb} action on the card`);
  return action.data as { claimId: string; version: number };
}

describe('a claim from form to submit, over the real HTTP path', () => {
  const bot = new TestBot();
  beforeAll(async () => {
    await bot.start();
    await bot.funds('ADD-PC', '2026-Q3', '50000');
  });
  afterAll(() => bot.stop());

  it('when someone says new claim then a form card with every field is posted', async () => {
    const { card } = await bot.say('new claim', BOB);
    const ids = JSON.stringify(card);
    for (const id of ['"program"', '"activity"', '"location"', '"period"', '"amount"', '"currency"', '"description"'])
      expect(ids).toContain(`"id":${id}`);
    expect(cardText(card)).toContain('ADD-PC (USD)');
    expect(cardText(card)).toContain('Microsoft-hosted conferences — Partner readiness');
  });

  it('when the form is sent empty then each field gets its own message and nothing is created', async () => {
    const res = await bot.press('claim.create', {}, BOB);
    expect(res.body.type).toBe(CARD);
    const text = cardText(res.body.value);
    expect(text).toContain('Choose a program.');
    expect(text).toContain('Choose an activity.');
    expect(text).toContain('Choose a country or region.');
    expect(text).toMatch(/Enter a usage period/);
    expect(text).toContain('Enter the amount you claim.');
    expect(text).toContain('Describe the activity in a sentence.');
    expect(await bot.app.db.collection('claims').countDocuments({})).toBe(0);
  });

  it('when the form has bad values then the messages name them and the values are kept', async () => {
    const bad = { ...VALID_FORM, program: 'NOPE', period: '2026-Q7', amount: '12.345', location: 'ZZ' };
    const res = await bot.press('claim.create', bad, BOB);
    const text = cardText(res.body.value);
    expect(text).toContain('There is no program NOPE');
    expect(text).toMatch(/"2026-Q7" is not a usage period/);
    expect(text).toMatch(/at most 2 decimals/);
    expect(text).toContain('from the list');
    expect(JSON.stringify(res.body.value)).toContain('"value":"Quarter-page ad in the regional newspaper"');
    expect(await bot.app.db.collection('claims').countDocuments({})).toBe(0);
  });

  let ref: { claimId: string; version: number };

  it('when the form is valid then the claim is created and the form becomes the claim card', async () => {
    const res = await bot.press('claim.create', VALID_FORM, BOB, bot.where, 'form-card-1');
    expect(res.body.type).toBe(CARD);
    const card = res.body.value as Record<string, unknown>;
    const text = cardText(card);
    expect(text).toContain('CLM-000001');
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
    ref = refOf(res);
    expect(ref.version).toBe(1);
    const stored = await bot.app.db.collection('claims').findOne({ number: 'CLM-000001' });
    expect(stored?.home?.cardActivityId).toBe('form-card-1');
  });

  it('when someone asks for the claim by number then its current card is posted', async () => {
    const { card } = await bot.say('claim clm-1');
    expect(cardText(card)).toContain('CLM-000001');
  });

  it('when a colleague comments then the card updates for everyone and History shows who, when and what', async () => {
    const before = bot.connector.calls.length;
    const res = await bot.press(
      'claim.comment',
      { ...ref, comment: 'Invoice is coming from the printer on Friday' },
      ANN,
    );
    expect(cardText(res.body.value)).toContain('Comment posted');
    const update = bot.connector.calls.slice(before).find((c) => c.method === 'PUT');
    expect(update?.activityId).toBe('card-1');
    expect(cardText(cardOf(update))).toContain('1 comment');
    ref = refOf(res);
    expect(ref.version).toBe(2);

    const history = await bot.press('claim.history', { claimId: ref.claimId, page: 0 }, BOB);
    const text = cardText(history.body.value);
    expect(text).toContain('Ann Admin');
    expect(text).toContain('Invoice is coming from the printer on Friday');
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(text.indexOf('commented')).toBeLessThan(text.indexOf('created CLM-000001')); // newest first
  });

  it('when History is longer than a page then it pages and each card stays small', async () => {
    for (let i = 0; i < 11; i++) {
      const r = await bot.press('claim.comment', { ...ref, comment: `note ${i} ${'x'.repeat(1900)}` }, ANN);
      ref = refOf(r);
    }
    const first = await bot.press('claim.history', { claimId: ref.claimId, page: 0 }, BOB);
    expect(JSON.stringify(first.body.value).length).toBeLessThan(28 * 1024);
    expect(cardText(first.body.value)).toContain('page 1 of 2');
    expect(findAction(first.body.value, 'claim.history')).toBeDefined(); // "Older"
    const second = await bot.press('claim.history', { claimId: ref.claimId, page: 1 }, BOB);
    expect(cardText(second.body.value)).toContain('created CLM-000001');
  });

  it('when metrics are saved then they are validated and recorded in History', async () => {
    const bad = await bot.press('claim.metrics', { ...ref, metric_estimatedReach: 'lots' }, BOB);
    expect(cardText(bad.body.value)).toMatch(/Estimated reach: enter a whole number/);
    expect(refOf(bad).version).toBe(ref.version);
    const good = await bot.press('claim.metrics', { ...ref, metric_estimatedReach: '25,000' }, BOB);
    expect(cardText(good.body.value)).toContain('Metrics saved');
    expect(cardText(good.body.value)).toContain('25000');
    ref = refOf(good);
    const info = await bot.press('claim.info', { ...ref, additionalInfo: 'Ran in the Sunday edition' }, BOB);
    expect(cardText(info.body.value)).toContain('Ran in the Sunday edition');
    ref = refOf(info);
    const events = await bot.app.db.collection('claim_events').find({ claimId: ref.claimId }).toArray();
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['claim.metrics.updated', 'claim.info.updated']));
  });

  it('when submit is pressed on an incomplete claim then the user sees exactly what is missing and nothing changes', async () => {
    const res = await bot.press('claim.submit', ref, BOB);
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
    const actor = await bot.app.services.members.actor(bot.where.tenantId, {
      id: BOB.id,
      aadObjectId: BOB.aadObjectId,
      name: BOB.name,
    });
    let v = ref.version;
    const add = async (doc: Parameters<typeof bot.app.services.claims.addDocument>[3]) => {
      v = (await bot.app.services.claims.addDocument(actor, ref.claimId, v, doc)).claim.version;
    };
    await add({
      kind: 'invoice',
      name: 'Printer invoice 4411',
      note: 'Final invoice',
      amountMinor: 120050,
      currency: 'USD',
    });
    await add({
      kind: 'poe',
      name: 'final-ad.pdf',
      note: 'Page 12',
      amountMinor: 0,
      currency: 'USD',
      poeKey: 'final-ad',
    });

    const stale = await bot.press('claim.submit', ref, BOB);
    expect(cardText(stale.body.value)).toMatch(/changed while you were looking/);

    const res = await bot.press('claim.submit', { claimId: ref.claimId, version: v }, BOB);
    const text = cardText(res.body.value);
    expect(text).toContain('Submitted for review');
    expect(text).toContain('Submitted');
    expect(findAction(res.body.value, 'claim.submit')).toBeUndefined();
    expect(findAction(res.body.value, 'claim.metrics')).toBeUndefined();
    ref = refOf(res);

    const metrics = await bot.press('claim.metrics', { ...ref, metric_estimatedReach: '1' }, BOB);
    expect(cardText(metrics.body.value)).toMatch(/is Submitted: it can't be changed now/);
    const info = await bot.press('claim.info', { ...ref, additionalInfo: 'sneaky edit' }, ANN);
    expect(cardText(info.body.value)).toMatch(/can't be changed now/);
    const again = await bot.press('claim.submit', ref, BOB);
    expect(cardText(again.body.value)).toMatch(/can't be changed now/);
    const stored = await bot.app.db.collection('claims').findOne({ _id: ref.claimId as never });
    expect(stored?.status).toBe('Submitted');
    expect(stored?.version).toBe(ref.version);
    expect(stored?.additionalInfo).toBe('Ran in the Sunday edition');

    const overview = cardText((await bot.say('overview')).card);
    expect(overview).toMatch(/Submitted 1/);
    expect(overview).toContain('USD 48,799.50'); // remaining = 50,000 − 1,200.50 claimed
  });
});
