import { ANN, BOB, type UserSpec, type Where } from '../support/activities';
import { cardText, findAction, TestBot, VALID_FORM, type InvokeResult } from '../support/app';
import { uniqueDbName } from '../support/db';

/**
 * Two bot instances behind one load balancer must behave as one (docs/STORAGE.md): each instance
 * here is a full startApp — its own MongoClient, CloudAdapter and HTTP server on its own port —
 * and both use the same database. Presses alternate between them.
 */
describe('two bot instances sharing one database', () => {
  const dbName = uniqueDbName('two');
  // Same database and same blob container, as two instances of one deployment would have.
  const shared = { MONGODB_DB: dbName, BLOB_CONTAINER: dbName.toLowerCase().replace(/_/g, '-') };
  const one = new TestBot(shared);
  const two = new TestBot(shared);
  const instances = [one, two] as const;

  /** The same conversation, as seen through one instance (replies go to that instance's connector stand-in). */
  const via = (bot: TestBot, where: Partial<Where> = {}): Where => ({ ...bot.where, ...where });
  const TENANT_C = { tenantId: 'tenant-c', conversationId: '19:team-c-general' };

  let claimId = '';
  let version = 0;

  function refOf(result: InvokeResult): { claimId: string; version: number } {
    const action = findAction(result.body.value, 'claim.comment');
    if (!action) throw new Error(`no claim.comment action on the card: ${JSON.stringify(result.body).slice(0, 300)}`);
    return action.data as { claimId: string; version: number };
  }

  function events(id: string) {
    return one.app.db.collection('claim_events').find({ claimId: id }).sort({ seq: 1 }).toArray();
  }

  function storedClaim(id: string) {
    return two.app.db.collection('claims').findOne({ _id: id as never });
  }

  beforeAll(async () => {
    await one.start();
    await two.start();
    await one.funds('ADD-PC', '2026-Q3', '5000000');
    // BOB's first contact goes through the other instance.
    const created = await two.press('claim.create', VALID_FORM, BOB, via(two));
    ({ claimId, version } = refOf(created));
  });

  afterAll(async () => {
    await two.stop();
    await one.stop();
  });

  it('when both instances start then each is its own server on its own port, on the same database', () => {
    expect(one.app.port).not.toBe(two.app.port);
    expect(one.app.db.databaseName).toBe(dbName);
    expect(two.app.db.databaseName).toBe(dbName);
    expect(one.app.db).not.toBe(two.app.db);
  });

  it('when one instance creates a claim then the other finds it by number', async () => {
    const { card } = await one.say('claim CLM-000001', BOB, via(one));
    expect(cardText(card)).toContain('CLM-000001');
    expect(version).toBe(1);
  });

  it('when ten people press comment on the same version through alternating instances then exactly one wins', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const bot = instances[i % 2]!;
        const who: UserSpec = i % 4 < 2 ? ANN : BOB;
        return bot.press('claim.comment', { claimId, version, comment: `racer ${i}` }, who, via(bot));
      }),
    );
    const texts = results.map((r) => cardText(r.body.value));
    expect(texts.filter((t) => t.includes('Comment posted'))).toHaveLength(1);
    expect(texts.filter((t) => /changed while you were looking/.test(t))).toHaveLength(9);

    const history = await events(claimId);
    expect(history.map((e) => e.seq)).toEqual([1, 2]);
    expect(history.filter((e) => e.type === 'claim.commented')).toHaveLength(1);
    const winner = texts.findIndex((t) => t.includes('Comment posted'));
    expect(history[1]?.data.text).toBe(`racer ${winner}`);
    const stored = await storedClaim(claimId);
    expect(stored?.version).toBe(2);
    expect(stored?.commentCount).toBe(1);
    // Every loser's card carries the new version, whichever instance answered.
    for (const r of results) expect(refOf(r).version).toBe(2);
    version = 2;
  });

  it('when comments are appended one after another through alternating instances then History has every one, seq 1..N without gaps', async () => {
    const N = 12;
    for (let i = 0; i < N; i++) {
      const bot = instances[i % 2]!;
      const res = await bot.press(
        'claim.comment',
        { claimId, version, comment: `sequential ${i}` },
        i % 3 ? BOB : ANN,
        via(bot),
      );
      expect(cardText(res.body.value)).toContain('Comment posted');
      const next = refOf(res);
      expect(next.version).toBe(version + 1);
      version = next.version;
    }

    const history = await events(claimId);
    expect(history.map((e) => e.seq)).toEqual(Array.from({ length: 2 + N }, (_, i) => i + 1));
    const sequential = history.filter((e) => String(e.data.text).startsWith('sequential '));
    expect(sequential.map((e) => e.data.text)).toEqual(Array.from({ length: N }, (_, i) => `sequential ${i}`));
    const stored = await storedClaim(claimId);
    expect(stored?.version).toBe(2 + N);
    expect(stored?.commentCount).toBe(1 + N);

    // The History card (10 per page, newest first) shows them all, whichever instance renders it.
    const page0 = cardText((await one.press('claim.history', { claimId, page: 0 }, BOB, via(one))).body.value);
    const page1 = cardText((await two.press('claim.history', { claimId, page: 1 }, BOB, via(two))).body.value);
    for (let i = 0; i < N; i++) expect(`${page0}\n${page1}`).toContain(`sequential ${i}`);
    expect(page0).toContain('page 1 of 2');
    expect(page1).toContain('created CLM-000001');
  });

  it('when 20 claims are created at once, split across both instances, then they are exactly CLM-000001..CLM-000020', async () => {
    await one.funds('ADD-PC', '2026-Q3', '5000000', ANN, via(one, TENANT_C));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const bot = instances[i % 2]!;
        // BOB's first contact with tenant-c happens inside the race, on both instances.
        return bot.press(
          'claim.create',
          { ...VALID_FORM, description: `claim ${i}` },
          i % 4 < 2 ? ANN : BOB,
          via(bot, TENANT_C),
          `form-${i}`,
        );
      }),
    );
    const announced = results.map((r) => /Claim (CLM-\d{6}) created/.exec(cardText(r.body.value))?.[1]);
    const expected = Array.from({ length: 20 }, (_, i) => `CLM-${String(i + 1).padStart(6, '0')}`);
    expect([...announced].sort()).toEqual(expected);

    const stored = await one.app.db.collection('claims').find({ tenantId: TENANT_C.tenantId }).toArray();
    expect(stored.map((c) => c.number).sort()).toEqual(expected);
    expect(stored.every((c) => c.version === 1)).toBe(true);
    const created = await two.app.db
      .collection('claim_events')
      .countDocuments({ tenantId: TENANT_C.tenantId, type: 'claim.created' });
    expect(created).toBe(20);
    // tenant-a kept its own sequence
    expect(await one.app.db.collection('claims').countDocuments({ tenantId: one.where.tenantId })).toBe(1);
  });
});
