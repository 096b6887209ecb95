import { ANN, BOB, type UserSpec, type Where } from '../support/activities';
import { cardText, findAction, TestBot, type InvokeResult } from '../support/app';
import { uniqueDbName } from '../support/db';
import { FORM, Organisation, UMA, anOrganisation } from '../support/scene';

/**
 * Two bot instances behind one load balancer must behave as one (docs/STORAGE.md): each instance
 * here is a full startApp — its own MongoClient, CloudAdapter and HTTP server on its own port —
 * and both use the same database. Presses alternate between them. Each test arranges its own
 * organisation (a fresh tenant, set up through instance one) and its own claims.
 */
describe('two bot instances sharing one database', () => {
  const dbName = uniqueDbName('two');
  // Same database and same blob container, as two instances of one deployment would have.
  const shared = { MONGODB_DB: dbName, BLOB_CONTAINER: dbName.toLowerCase().replace(/_/g, '-') };
  const one = new TestBot(shared);
  const two = new TestBot(shared);
  const instances = [one, two] as const;

  beforeAll(async () => {
    await one.start();
    await two.start();
  });

  afterAll(async () => {
    await two.stop();
    await one.stop();
  });

  function refOf(result: InvokeResult): { claimId: string; version: number } {
    const action = findAction(result.body.value, 'claim.comment');
    if (!action) throw new Error(`no claim.comment action on the card: ${JSON.stringify(result.body).slice(0, 300)}`);
    return action.data as { claimId: string; version: number };
  }

  /** The organisation's channel, as reached through `bot` (its replies go to that instance's connector stand-in). */
  const via = (bot: TestBot, org: Organisation): Where => ({ ...org.partner, serviceUrl: bot.connector.url });

  const events = (id: string) => one.app.db.collection('claim_events').find({ claimId: id }).sort({ seq: 1 }).toArray();
  const storedClaim = (id: string) => two.app.db.collection('claims').findOne({ _id: id as never });

  /** An organisation set up through instance one, with a claim created through instance two. */
  async function claimOnTwo() {
    const org = await anOrganisation(one, { reviewers: false, funds: [['ADD-PC', '2026-Q3', '5000000']] });
    const created = await two.press('claim.create', FORM, BOB, via(two, org), 'form-on-two');
    return { org, ...refOf(created) };
  }

  it('when both instances start then each is its own server on its own port, on the same database', () => {
    expect(one.app.port).not.toBe(two.app.port);
    expect(one.app.db.databaseName).toBe(dbName);
    expect(two.app.db.databaseName).toBe(dbName);
    expect(one.app.db).not.toBe(two.app.db);
  });

  it('when one instance creates a claim then the other finds it by number', async () => {
    const { org, claimId, version } = await claimOnTwo();
    expect(version).toBe(1);
    const { card } = await one.say('claim CLM-000001', BOB, via(one, org));
    expect(cardText(card)).toContain('CLM-000001');
    expect(findAction(card, 'claim.comment')?.data).toEqual({ claimId, version: 1 });
  });

  it('when ten people press comment on the same version through alternating instances then exactly one wins', async () => {
    const { org, claimId, version } = await claimOnTwo();
    const people: UserSpec[] = [ANN, BOB, UMA];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const bot = instances[i % 2]!;
        return bot.press('claim.comment', { claimId, version, comment: `racer ${i}` }, people[i % 3], via(bot, org));
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
  });

  it('when comments are appended one after another through alternating instances then History has every one, seq 1..N without gaps', async () => {
    const { org, claimId } = await claimOnTwo();
    let version = 1;
    const N = 12;
    for (let i = 0; i < N; i++) {
      const bot = instances[i % 2]!;
      const res = await bot.press(
        'claim.comment',
        { claimId, version, comment: `sequential ${i}` },
        i % 3 ? BOB : ANN,
        via(bot, org),
      );
      expect(cardText(res.body.value)).toContain('Comment posted');
      const next = refOf(res);
      expect(next.version).toBe(version + 1);
      version = next.version;
    }

    const history = await events(claimId);
    expect(history.map((e) => e.seq)).toEqual(Array.from({ length: 1 + N }, (_, i) => i + 1));
    const sequential = history.filter((e) => String(e.data.text).startsWith('sequential '));
    expect(sequential.map((e) => e.data.text)).toEqual(Array.from({ length: N }, (_, i) => `sequential ${i}`));
    const stored = await storedClaim(claimId);
    expect(stored?.version).toBe(1 + N);
    expect(stored?.commentCount).toBe(N);

    // The History card (10 per page, newest first) shows them all, whichever instance renders it.
    const page0 = cardText((await one.press('claim.history', { claimId, page: 0 }, BOB, via(one, org))).body.value);
    const page1 = cardText((await two.press('claim.history', { claimId, page: 1 }, BOB, via(two, org))).body.value);
    for (let i = 0; i < N; i++) expect(`${page0}\n${page1}`).toContain(`sequential ${i}`);
    expect(page0).toContain('page 1 of 2');
    expect(page1).toContain('created CLM-000001');
  });

  it('when 20 claims are created at once, split across both instances, then they are exactly CLM-000001..CLM-000020', async () => {
    const org = await anOrganisation(one, { reviewers: false, funds: [['ADD-PC', '2026-Q3', '5000000']] });
    const other = await anOrganisation(one, { reviewers: false });
    const elsewhere = await two.press('claim.create', FORM, BOB, via(two, other), 'form-elsewhere');
    expect(cardText(elsewhere.body.value)).toContain('CLM-000001');
    const people: UserSpec[] = [ANN, BOB, UMA];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const bot = instances[i % 2]!;
        return bot.press(
          'claim.create',
          { ...FORM, description: `claim ${i}` },
          people[i % 3],
          via(bot, org),
          `form-${i}`,
        );
      }),
    );
    const announced = results.map((r) => /Claim (CLM-\d{6}) created/.exec(cardText(r.body.value))?.[1]);
    const expected = Array.from({ length: 20 }, (_, i) => `CLM-${String(i + 1).padStart(6, '0')}`);
    expect([...announced].sort()).toEqual(expected);

    const stored = await one.app.db.collection('claims').find({ tenantId: org.tenantId }).toArray();
    expect(stored.map((c) => c.number).sort()).toEqual(expected);
    expect(stored.every((c) => c.version === 1)).toBe(true);
    const created = await two.app.db
      .collection('claim_events')
      .countDocuments({ tenantId: org.tenantId, type: 'claim.created' });
    expect(created).toBe(20);
    // The other organisation kept its own sequence.
    expect(
      (await one.app.db.collection('claims').find({ tenantId: other.tenantId }).toArray()).map((c) => c.number),
    ).toEqual(['CLM-000001']);
  });

  it('when two newcomers of a fresh organisation first need a role at the same moment on different instances then exactly one becomes its admin', async () => {
    const org = new Organisation(one);
    const [ann, bob] = await Promise.all([
      one.say('funds ADD-PC 2026-Q3 50000', ANN, via(one, org)),
      two.say('funds ADD-PC 2026-Q4 70000', BOB, via(two, org)),
    ]);
    const said = [ann.text, bob.text];
    expect(said.filter((t) => /set to/.test(t))).toHaveLength(1);
    expect(said.filter((t) => /Only an incentives admin can set earned funds/.test(t))).toHaveLength(1);
    const admins = await one.app.db
      .collection('member_roles')
      .find({ tenantId: org.tenantId, role: 'admin' })
      .toArray();
    expect(admins).toHaveLength(1);
    expect(admins[0]?.userId).toBe(/set to/.test(ann.text) ? ANN.id : BOB.id);
    expect(await two.app.db.collection('program_funds').countDocuments({ tenantId: org.tenantId })).toBe(1);
  });
});
