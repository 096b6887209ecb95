import { ANN, BOB, EVE, invoke, message } from '../support/activities';
import { cardText, findAction, TestBot, VALID_FORM } from '../support/app';

describe('tenancy, concurrency, replays and bad input', () => {
  const bot = new TestBot();
  let claimId = '';
  let version = 0;

  const otherTenant = () => ({ ...bot.where, tenantId: 'tenant-b', conversationId: '19:team-b' });

  async function eventCount() {
    return bot.app.db.collection('claim_events').countDocuments({ claimId });
  }

  async function storedClaim() {
    return bot.app.db.collection('claims').findOne({ _id: claimId as never });
  }

  beforeAll(async () => {
    await bot.start();
    await bot.funds('ADD-PC', '2026-Q3', '50000');
    const res = await bot.press('claim.create', VALID_FORM, BOB);
    const data = findAction(res.body.value, 'claim.comment')!.data as { claimId: string; version: number };
    ({ claimId, version } = data);
  });
  afterAll(() => bot.stop());

  it('when a user of another tenant asks for the claim by number then they get not found', async () => {
    await bot.funds('ADD-PC', '2026-Q3', '1', EVE, otherTenant());
    const { text } = await bot.say('claim CLM-000001', EVE, otherTenant());
    expect(text).toMatch(/can't find claim CLM-000001/);
    const list = cardText((await bot.say('claims', EVE, otherTenant())).card);
    expect(list).not.toContain('CLM-000001');
  });

  it('when a user of another tenant replays card data of this claim then nothing is read or changed', async () => {
    const before = await eventCount();
    for (const [verb, data] of [
      ['claim.refresh', { claimId }],
      ['claim.history', { claimId, page: 0 }],
      ['claim.comment', { claimId, version, comment: 'from outside' }],
      ['claim.submit', { claimId, version }],
      ['claim.metrics', { claimId, version, metric_estimatedReach: '1' }],
    ] as const) {
      const res = await bot.press(verb, data, EVE, otherTenant());
      expect(res.body.type).toBe('application/vnd.microsoft.activity.message');
      expect(String(res.body.value)).toMatch(/can't find that claim/);
    }
    expect(await eventCount()).toBe(before);
    expect((await storedClaim())?.version).toBe(version);
  });

  it('when two people act on the same card version at once then exactly one wins and the other gets the fresh card', async () => {
    const [a, b] = await Promise.all([
      bot.press('claim.comment', { claimId, version, comment: 'first!' }, ANN),
      bot.press('claim.comment', { claimId, version, comment: 'no, me first!' }, BOB),
    ]);
    const texts = [cardText(a.body.value), cardText(b.body.value)];
    expect(texts.filter((t) => t.includes('Comment posted'))).toHaveLength(1);
    expect(texts.filter((t) => /changed while you were looking/.test(t))).toHaveLength(1);
    const events = await bot.app.db.collection('claim_events').find({ claimId }).sort({ seq: 1 }).toArray();
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'claim.commented')).toHaveLength(1);
    const stored = await storedClaim();
    expect(stored?.version).toBe(version + 1);
    expect(stored?.commentCount).toBe(1);
    // the loser's card carries the new version, so trying again works
    const loser = [a, b].find((r) => /changed while you were looking/.test(cardText(r.body.value)))!;
    const fresh = findAction(loser.body.value, 'claim.comment')!.data as { version: number };
    expect(fresh.version).toBe(version + 1);
    version = fresh.version;
  });

  it('when ten people press at once then one wins and History has no gaps or duplicates', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        bot.press('claim.info', { claimId, version, additionalInfo: `version from person ${i}` }, i % 2 ? ANN : BOB),
      ),
    );
    expect(results.filter((r) => cardText(r.body.value).includes('Additional information saved'))).toHaveLength(1);
    const stored = await storedClaim();
    expect(stored?.version).toBe(version + 1);
    const events = await bot.app.db.collection('claim_events').find({ claimId }).sort({ seq: 1 }).toArray();
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    version += 1;
  });

  it('when Teams replays an activity with the same id then it is handled once', async () => {
    // a versioned press: the replay meets its own version and changes nothing
    const activity = invoke(bot.where, ANN, 'claim.comment', { claimId, version, comment: 'said once' });
    const first = await bot.post(activity);
    const second = await bot.post(activity);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(JSON.stringify(JSON.parse(second.text).value)).toMatch(/changed while you were looking/);
    expect(
      await bot.app.db
        .collection('claim_events')
        .countDocuments({ claimId, type: 'claim.commented', 'data.text': 'said once' }),
    ).toBe(1);
    version += 1;

    // an unversioned press (create) is recorded by activity id: the replay creates nothing
    const create = invoke(bot.where, BOB, 'claim.create', VALID_FORM);
    const claimsBefore = await bot.app.db.collection('claims').countDocuments({});
    await bot.post(create);
    const again = await bot.post(create);
    expect(JSON.parse(again.text).value).toMatch(/already handled/);
    expect(await bot.app.db.collection('claims').countDocuments({})).toBe(claimsBefore + 1);

    const msg = message(bot.where, BOB, 'new claim');
    const before = bot.connector.calls.length;
    await bot.post(msg);
    await bot.post(msg);
    expect(bot.connector.calls.length - before).toBe(1);
  });

  it.each([
    ['a version that is an operator', { claimId: 'use-real', version: { $gt: 0 }, comment: 'x' }],
    ['a claim id that is an operator', { claimId: { $ne: '' }, version: 1, comment: 'x' }],
    ['a comment that is an object', { claimId: 'use-real', version: 1, comment: { $where: 'sleep(1000)' } }],
    ['a huge comment', { claimId: 'use-real', version: 1, comment: 'x'.repeat(100_000) }],
    ['a negative version', { claimId: 'use-real', version: -1, comment: 'x' }],
    ['no data at all', null],
  ])('when card data has %s then the press is refused with a 4xx and nothing changes', async (_name, data: unknown) => {
    const before = await eventCount();
    const payload = data && (data as { claimId?: unknown }).claimId === 'use-real' ? { ...data, claimId } : data;
    const res = await bot.press('claim.comment', payload, ANN);
    expect(res.status).toBe(400);
    expect(res.body.statusCode).toBe(400);
    expect(res.body.type).toBe('application/vnd.microsoft.error');
    expect(JSON.stringify(res.body.value)).not.toMatch(/zod|stack|Error:|at \w+ \(/i);
    expect(await eventCount()).toBe(before);
  });

  it('when the verb is unknown then the press is refused clearly and the server keeps working', async () => {
    const res = await bot.press('claim.delete-everything', { claimId }, ANN);
    expect(res.body.statusCode).toBe(400);
    expect(JSON.stringify(res.body.value)).toMatch(/not supported/);
    expect((await fetch(`${bot.app.url}/healthz`)).status).toBe(200);
  });

  it('when the invoke is not an Action.Execute then the framework refuses it', async () => {
    const activity = invoke(bot.where, ANN, 'claim.comment', { claimId, version, comment: 'x' });
    (activity.value as { action: { type: string } }).action.type = 'Action.Submit';
    const res = await bot.post(activity);
    expect(JSON.parse(res.text).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('when the body is not JSON or is too large then the server answers 4xx and stays up', async () => {
    expect((await bot.post('{"type": "message", ')).status).toBeGreaterThanOrEqual(400);
    const huge = JSON.stringify(message(bot.where, ANN, 'x'.repeat(2_000_000)));
    expect((await bot.post(huge)).status).toBe(413);
    expect((await bot.say('help')).card).toBeDefined();
  });

  it('when a stale card is pressed then the user sees the current card with a notice, not an overwrite', async () => {
    const res = await bot.press('claim.info', { claimId, version: 1, additionalInfo: 'old card' }, BOB);
    expect(cardText(res.body.value)).toMatch(/changed while you were looking/);
    expect((await storedClaim())?.additionalInfo).not.toBe('old card');
  });

  it('when an activity has no tenant then the bot explains it works inside Teams organisations only', async () => {
    const activity = message(bot.where, ANN, 'claims');
    const stripped = { ...activity, conversation: { id: 'x', conversationType: 'personal' }, channelData: {} };
    const before = bot.connector.calls.length;
    await bot.post(stripped);
    expect(String(bot.connector.calls.slice(before)[0]?.body.text)).toMatch(/Microsoft Teams organisation/);
  });
});
