import { randomUUID } from 'node:crypto';
import { overviewKey, type Claim } from '../../src/domain/claim';
import { ClaimChangedError } from '../../src/domain/errors';
import type { NewEvent } from '../../src/domain/ports';
import type { ClaimStatus } from '../../src/domain/status';
import { MongoClaimRepository } from '../../src/store/claims.repository';
import { COLLECTIONS } from '../../src/store/mongo';
import { aClaim, alice, bob, period } from '../support/domain-factories';
import { openTestDb, type TestDb } from '../support/db';

let t: TestDb;
let repo: MongoClaimRepository;

beforeAll(async () => {
  t = await openTestDb();
  repo = new MongoClaimRepository(t.db);
});

afterAll(async () => {
  await t.drop();
});

/** A fresh tenant id per test: tests share one database but never each other's data. */
function tenant(): string {
  return `tenant-${randomUUID()}`;
}

function draft(tenantId: string, overrides: Partial<Claim> = {}): Omit<Claim, 'version' | 'number'> {
  const { version: _v, number: _n, ...rest } = aClaim({ tenantId, id: randomUUID(), ...overrides });
  return rest;
}

function created(at = new Date('2026-10-01T09:00:00Z')): NewEvent {
  return { type: 'claim.created', actor: alice, at, data: {} };
}

function commented(text: string): NewEvent {
  return { type: 'claim.commented', actor: bob, at: new Date('2026-10-02T09:00:00Z'), data: { text } };
}

async function createClaim(tenantId: string, overrides: Partial<Claim> = {}): Promise<Claim> {
  return repo.create(draft(tenantId, overrides), created(overrides.createdAt));
}

/** Moves a claim to `status` through a committed event, as the services will. */
async function moveTo(claim: Claim, status: ClaimStatus, approvedMinor = 0): Promise<Claim> {
  return repo.commit(
    claim,
    { type: 'claim.submitted', actor: alice, at: new Date(), data: { to: status } },
    { status, approvedMinor, overviewKey: overviewKey(claim.programCode, claim.period.code, status) },
  );
}

function eventsOf(claimId: string) {
  return t.db.collection(COLLECTIONS.events).find({ claimId }).sort({ seq: 1 }).toArray();
}

function rawClaim(claimId: string) {
  return t.db.collection(COLLECTIONS.claims).findOne({ _id: claimId as never });
}

describe('MongoClaimRepository.create', () => {
  it('when two claims are created in a tenant then they are CLM-000001 and CLM-000002 at version 1', async () => {
    const tenantId = tenant();
    const first = await createClaim(tenantId);
    const second = await createClaim(tenantId);
    expect([first.number, second.number]).toEqual(['CLM-000001', 'CLM-000002']);
    expect(first.version).toBe(1);
    expect(await repo.get(tenantId, first.id)).toMatchObject({
      number: 'CLM-000001',
      version: 1,
      status: 'Editing',
      overviewKey: first.overviewKey,
    });
    expect(await repo.getByNumber(tenantId, 'CLM-000002')).toMatchObject({ id: second.id, version: 1 });
  });

  it('when claims are created in two tenants then each tenant numbers from CLM-000001', async () => {
    const a = tenant();
    const b = tenant();
    const a1 = await createClaim(a);
    const b1 = await createClaim(b);
    const a2 = await createClaim(a);
    const b2 = await createClaim(b);
    expect([a1.number, a2.number]).toEqual(['CLM-000001', 'CLM-000002']);
    expect([b1.number, b2.number]).toEqual(['CLM-000001', 'CLM-000002']);
  });

  it('when a claim is created then its History starts with claim.created at seq 1 carrying the number', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId);
    const events = await repo.events(tenantId, claim.id, { skip: 0, limit: 10 });
    expect(events.total).toBe(1);
    expect(events.items[0]).toMatchObject({
      claimId: claim.id,
      tenantId,
      seq: 1,
      type: 'claim.created',
      actor: alice,
      data: { number: 'CLM-000001' },
    });
  });

  it('when 20 claims are created concurrently in one tenant then they get exactly CLM-000001..CLM-000020', async () => {
    const tenantId = tenant();
    const claims = await Promise.all(Array.from({ length: 20 }, () => createClaim(tenantId)));
    const numbers = claims.map((c) => c.number).sort();
    const expected = Array.from({ length: 20 }, (_, i) => `CLM-${String(i + 1).padStart(6, '0')}`);
    expect(numbers).toEqual(expected);
    expect(new Set(claims.map((c) => c.id)).size).toBe(20);
    const stored = await repo.list(tenantId, {}, { skip: 0, limit: 100 });
    expect(stored.total).toBe(20);
    expect(stored.items.map((c) => c.number).sort()).toEqual(expected);
    // The next claim continues the sequence.
    expect((await createClaim(tenantId)).number).toBe('CLM-000021');
  });
});

describe('MongoClaimRepository.commit', () => {
  it('when a change commits then the version increments and the event is stored with seq = new version', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId);
    const updated = await repo.commit(claim, commented('first'), { commentCount: 1, additionalInfo: 'see invoice' });
    expect(updated).toMatchObject({ version: 2, commentCount: 1, additionalInfo: 'see invoice' });
    expect(await repo.get(tenantId, claim.id)).toMatchObject({
      version: 2,
      commentCount: 1,
      additionalInfo: 'see invoice',
    });
    const again = await repo.commit(updated, commented('second'), { commentCount: 2 });
    expect(again.version).toBe(3);
    const events = await eventsOf(claim.id);
    expect(events.map((e) => [e.seq, e.type, e.data])).toEqual([
      [1, 'claim.created', { number: claim.number }],
      [2, 'claim.commented', { text: 'first' }],
      [3, 'claim.commented', { text: 'second' }],
    ]);
    expect(events[1]!.set).toEqual({ commentCount: 1, additionalInfo: 'see invoice' });
  });

  it('when a commit uses a version that is no longer current then it is refused with CLAIM.CHANGED', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId);
    await repo.commit(claim, commented('mine'), { commentCount: 1 });
    const stale = repo.commit(claim, commented('stale'), { commentCount: 99 });
    await expect(stale).rejects.toBeInstanceOf(ClaimChangedError);
    await expect(repo.commit(claim, commented('stale'), { commentCount: 99 })).rejects.toMatchObject({
      code: 'CLAIM.CHANGED',
    });
    expect(await repo.get(tenantId, claim.id)).toMatchObject({ version: 2, commentCount: 1 });
    expect((await eventsOf(claim.id)).map((e) => e.data.text)).toEqual([undefined, 'mine']);
  });

  it('when two commits race on the same version then exactly one wins and the other gets ClaimChangedError', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId);
    const results = await Promise.allSettled([
      repo.commit(claim, commented('from Alice'), { additionalInfo: 'A' }),
      repo.commit(claim, commented('from Bob'), { additionalInfo: 'B' }),
    ]);
    const won = results.filter((r): r is PromiseFulfilledResult<Claim> => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ClaimChangedError);
    expect(lost[0]!.reason.code).toBe('CLAIM.CHANGED');
    const seq2 = (await eventsOf(claim.id)).filter((e) => e.seq === 2);
    expect(seq2).toHaveLength(1);
    // The stored claim holds the winner's change, the one its event records.
    const stored = await repo.get(tenantId, claim.id);
    expect(stored).toMatchObject({ version: 2, additionalInfo: won[0]!.value.additionalInfo });
    expect(seq2[0]!.set).toEqual({ additionalInfo: won[0]!.value.additionalInfo });
  });

  it('when 10 commits race on the same version then exactly one wins and nine are refused', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => repo.commit(claim, commented(`racer ${i}`), { commentCount: i + 1 })),
    );
    const won = results.filter((r): r is PromiseFulfilledResult<Claim> => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    for (const l of lost) expect(l.reason).toBeInstanceOf(ClaimChangedError);
    const events = await eventsOf(claim.id);
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
    expect(await repo.get(tenantId, claim.id)).toMatchObject({ version: 2, commentCount: won[0]!.value.commentCount });
  });
});

describe('MongoClaimRepository crash recovery', () => {
  it('when an event was stored but the claim update never happened then get rolls the claim forward and catches the document up', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId);
    // Simulate a crash between the two writes of commit: only the event reached the database.
    await t.db.collection(COLLECTIONS.events).insertOne({
      claimId: claim.id,
      tenantId,
      seq: claim.version + 1,
      type: 'claim.commented',
      actor: bob,
      at: new Date('2026-10-03T09:00:00Z'),
      data: { text: 'written before the crash' },
      set: { commentCount: 1, additionalInfo: 'kept', participants: [alice.id, bob.id] },
    });
    expect(await rawClaim(claim.id)).toMatchObject({ version: 1, commentCount: 0 });

    const got = await repo.get(tenantId, claim.id);
    expect(got).toMatchObject({
      id: claim.id,
      version: 2,
      commentCount: 1,
      additionalInfo: 'kept',
      participants: [alice.id, bob.id],
      number: claim.number,
    });
    expect(await rawClaim(claim.id)).toMatchObject({ version: 2, commentCount: 1, additionalInfo: 'kept' });

    // The recovered claim is the current one: a commit on it goes on at seq 3, one on the old version is refused.
    await expect(repo.commit(claim, commented('stale'), {})).rejects.toBeInstanceOf(ClaimChangedError);
    expect((await repo.commit(got!, commented('after recovery'), { commentCount: 2 })).version).toBe(3);
    expect(await repo.get(tenantId, claim.id)).toMatchObject({ version: 3, commentCount: 2, additionalInfo: 'kept' });
  });

  it('when two events are pending then getByNumber applies both, in order', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId);
    const events = t.db.collection(COLLECTIONS.events);
    const base = { claimId: claim.id, tenantId, type: 'claim.info.updated', actor: alice, at: new Date(), data: {} };
    await events.insertOne({ ...base, seq: 2, set: { additionalInfo: 'second', commentCount: 5 } });
    await events.insertOne({ ...base, seq: 3, set: { additionalInfo: 'third' } });
    expect(await repo.getByNumber(tenantId, claim.number)).toMatchObject({
      version: 3,
      additionalInfo: 'third',
      commentCount: 5,
    });
    expect(await rawClaim(claim.id)).toMatchObject({ version: 3, additionalInfo: 'third', commentCount: 5 });
  });

  it('when a claim crashed during create (version 0, created event stored) then get completes it', async () => {
    const tenantId = tenant();
    const d = draft(tenantId);
    const { overviewKey: key, ...withoutKey } = d;
    await t.db
      .collection(COLLECTIONS.claims)
      .insertOne({ ...withoutKey, _id: d.id as never, number: 'CLM-000500', version: 0 });
    await t.db.collection(COLLECTIONS.events).insertOne({
      claimId: d.id,
      tenantId,
      seq: 1,
      type: 'claim.created',
      actor: alice,
      at: new Date(),
      data: { number: 'CLM-000500' },
      set: { overviewKey: key },
    });
    expect(await repo.get(tenantId, d.id)).toMatchObject({ version: 1, number: 'CLM-000500', overviewKey: key });
  });

  it('when a claim is at version 0 with no events then get, getByNumber and list do not show it', async () => {
    const tenantId = tenant();
    const visible = await createClaim(tenantId);
    const d = draft(tenantId);
    await t.db.collection(COLLECTIONS.claims).insertOne({ ...d, _id: d.id as never, number: 'CLM-000777', version: 0 });
    expect(await repo.get(tenantId, d.id)).toBeUndefined();
    expect(await repo.getByNumber(tenantId, 'CLM-000777')).toBeUndefined();
    const listed = await repo.list(tenantId, {}, { skip: 0, limit: 50 });
    expect(listed.items.map((c) => c.id)).toEqual([visible.id]);
    expect(listed.total).toBe(1);
  });
});

describe('MongoClaimRepository tenant isolation', () => {
  it('when another tenant asks for a claim by id, number, list or events then it sees nothing', async () => {
    const owner = tenant();
    const other = tenant();
    const claim = await createClaim(owner);
    await createClaim(other); // the other tenant has its own CLM-000001
    expect(await repo.get(other, claim.id)).toBeUndefined();
    expect((await repo.getByNumber(other, claim.number))?.id).not.toBe(claim.id);
    expect((await repo.list(other, {}, { skip: 0, limit: 10 })).items.map((c) => c.id)).not.toContain(claim.id);
    expect(await repo.events(other, claim.id, { skip: 0, limit: 10 })).toEqual({ items: [], total: 0 });
    expect(await repo.get(owner, claim.id)).toBeDefined();
  });

  it('when a tenant has no claim with that number then getByNumber is undefined', async () => {
    const owner = tenant();
    await createClaim(owner);
    expect(await repo.getByNumber(tenant(), 'CLM-000001')).toBeUndefined();
  });
});

describe('MongoClaimRepository.list and events', () => {
  it('when listing with a status filter and pages then items are newest first and total counts all matches', async () => {
    const tenantId = tenant();
    const claims: Claim[] = [];
    for (let i = 0; i < 5; i++)
      claims.push(
        await createClaim(tenantId, {
          createdAt: new Date(Date.UTC(2026, 9, 1 + i)),
          createdBy: i === 0 ? bob : alice,
        }),
      );
    await moveTo(claims[1]!, 'Submitted');
    await moveTo(claims[3]!, 'Submitted');

    const submitted = await repo.list(tenantId, { status: 'Submitted' }, { skip: 0, limit: 10 });
    expect(submitted.total).toBe(2);
    expect(submitted.items.map((c) => c.number)).toEqual([claims[3]!.number, claims[1]!.number]);

    const page1 = await repo.list(tenantId, {}, { skip: 0, limit: 2 });
    const page3 = await repo.list(tenantId, {}, { skip: 4, limit: 2 });
    expect(page1.total).toBe(5);
    expect(page1.items.map((c) => c.number)).toEqual(['CLM-000005', 'CLM-000004']);
    expect(page3.items.map((c) => c.number)).toEqual(['CLM-000001']);
    expect(page3.total).toBe(5);

    const bobs = await repo.list(tenantId, { createdBy: bob.id }, { skip: 0, limit: 10 });
    expect(bobs.items.map((c) => c.number)).toEqual(['CLM-000001']);
    expect((await repo.list(tenantId, { status: 'Paid' }, { skip: 0, limit: 10 })).total).toBe(0);
  });

  it('when reading History in pages then events come newest first with the total', async () => {
    const tenantId = tenant();
    let claim = await createClaim(tenantId);
    for (let i = 1; i <= 4; i++) claim = await repo.commit(claim, commented(`comment ${i}`), { commentCount: i });
    const first = await repo.events(tenantId, claim.id, { skip: 0, limit: 2 });
    expect(first.total).toBe(5);
    expect(first.items.map((e) => e.seq)).toEqual([5, 4]);
    expect(first.items[0]!.data).toEqual({ text: 'comment 4' });
    const middle = await repo.events(tenantId, claim.id, { skip: 2, limit: 2 });
    expect(middle.items.map((e) => e.seq)).toEqual([3, 2]);
    const last = await repo.events(tenantId, claim.id, { skip: 4, limit: 2 });
    expect(last.items.map((e) => [e.seq, e.type])).toEqual([[1, 'claim.created']]);
  });
});

describe('MongoClaimRepository.fundsUse', () => {
  it('when other claims hold funds then pending count their claimed and approved their approved amounts, excluding this claim, drafts and rejections', async () => {
    const tenantId = tenant();
    const q3 = period('2026-Q3');
    const base = { programCode: 'ADD-PC', period: q3, activityCode: 'customer-offers' };
    const mine = await createClaim(tenantId, { ...base, claimedMinor: 1_000_000 });
    await moveTo(mine, 'Submitted'); // excluded: it is the claim being checked

    await moveTo(await createClaim(tenantId, { ...base, claimedMinor: 10_000 }), 'Submitted'); // pending: 10,000
    await moveTo(await createClaim(tenantId, { ...base, claimedMinor: 20_000 }), 'InReview'); // pending: 20,000
    await moveTo(
      await createClaim(tenantId, { ...base, activityCode: 'on-site-champ', claimedMinor: 40_000 }),
      'ActionRequired',
    ); // pending, other activity: 40,000
    await moveTo(await createClaim(tenantId, { ...base, claimedMinor: 80_000 }), 'Disputed'); // pending: 80,000
    await moveTo(await createClaim(tenantId, { ...base, claimedMinor: 500_000 }), 'Approved', 300_000); // approved: 300,000
    await moveTo(
      await createClaim(tenantId, { ...base, activityCode: 'on-site-champ', claimedMinor: 700_000 }),
      'Paid',
      600_000,
    ); // approved, other activity: 600,000

    await createClaim(tenantId, { ...base, claimedMinor: 1 }); // Editing: holds nothing
    await moveTo(await createClaim(tenantId, { ...base, claimedMinor: 2 }), 'Rejected'); // holds nothing
    await moveTo(await createClaim(tenantId, { ...base, claimedMinor: 4 }), 'Expired'); // holds nothing
    await moveTo(await createClaim(tenantId, { ...base, programCode: 'ADD-HUB', claimedMinor: 8 }), 'Submitted'); // other program
    await moveTo(await createClaim(tenantId, { ...base, period: period('2026-Q4'), claimedMinor: 16 }), 'Submitted'); // other period
    await moveTo(await createClaim(tenant(), { ...base, claimedMinor: 32 }), 'Submitted'); // other tenant

    const use = await repo.fundsUse(tenantId, 'ADD-PC', '2026-Q3', 'customer-offers', mine.id);
    expect(use).toEqual({
      allMinor: 10_000 + 20_000 + 40_000 + 80_000 + 300_000 + 600_000,
      activityMinor: 10_000 + 20_000 + 80_000 + 300_000,
    });

    // Checked from another claim's point of view, "mine" counts too.
    const fromOther = await repo.fundsUse(tenantId, 'ADD-PC', '2026-Q3', 'customer-offers', 'no-such-claim');
    expect(fromOther.allMinor).toBe(use.allMinor + 1_000_000);
  });

  it('when nothing holds funds then both sums are 0', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId);
    expect(await repo.fundsUse(tenantId, claim.programCode, claim.period.code, claim.activityCode, claim.id)).toEqual({
      allMinor: 0,
      activityMinor: 0,
    });
  });
});

describe('MongoClaimRepository.overview', () => {
  it('when claims exist in several programs, periods and statuses then rows group by program|period|status with counts and sums', async () => {
    const tenantId = tenant();
    const q3 = period('2026-Q3');
    const q4 = period('2026-Q4');
    await createClaim(tenantId, { programCode: 'ADD-PC', period: q3, claimedMinor: 100 });
    await createClaim(tenantId, { programCode: 'ADD-PC', period: q3, claimedMinor: 200 });
    await moveTo(await createClaim(tenantId, { programCode: 'ADD-PC', period: q3, claimedMinor: 400 }), 'Submitted');
    await moveTo(
      await createClaim(tenantId, { programCode: 'ADD-PC', period: q3, claimedMinor: 800 }),
      'Approved',
      700,
    );
    await moveTo(
      await createClaim(tenantId, { programCode: 'ADD-PC', period: q3, claimedMinor: 1_600 }),
      'Approved',
      1_500,
    );
    await moveTo(await createClaim(tenantId, { programCode: 'ADD-PC', period: q4, claimedMinor: 3_200 }), 'Submitted');
    await createClaim(tenantId, { programCode: 'PARTNER-X', period: q3, claimedMinor: 6_400 });
    await createClaim(tenant(), { programCode: 'ADD-PC', period: q3, claimedMinor: 12_800 }); // other tenant

    const rows = [...(await repo.overview(tenantId))].sort((a, b) =>
      `${a.programCode}|${a.periodCode}|${a.status}`.localeCompare(`${b.programCode}|${b.periodCode}|${b.status}`),
    );
    expect(rows).toEqual([
      {
        programCode: 'ADD-PC',
        periodCode: '2026-Q3',
        status: 'Approved',
        count: 2,
        claimedMinor: 2_400,
        approvedMinor: 2_200,
      },
      {
        programCode: 'ADD-PC',
        periodCode: '2026-Q3',
        status: 'Editing',
        count: 2,
        claimedMinor: 300,
        approvedMinor: 0,
      },
      {
        programCode: 'ADD-PC',
        periodCode: '2026-Q3',
        status: 'Submitted',
        count: 1,
        claimedMinor: 400,
        approvedMinor: 0,
      },
      {
        programCode: 'ADD-PC',
        periodCode: '2026-Q4',
        status: 'Submitted',
        count: 1,
        claimedMinor: 3_200,
        approvedMinor: 0,
      },
      {
        programCode: 'PARTNER-X',
        periodCode: '2026-Q3',
        status: 'Editing',
        count: 1,
        claimedMinor: 6_400,
        approvedMinor: 0,
      },
    ]);
  });

  it('when claims were stored before overview rows existed then the first overview builds the rows', async () => {
    const tenantId = tenant();
    for (const [i, claimedMinor] of [100, 250].entries()) {
      const d = draft(tenantId, { claimedMinor });
      await t.db
        .collection(COLLECTIONS.claims)
        .insertOne({ ...d, _id: d.id as never, number: `CLM-00070${i}`, version: 1 });
    }
    expect(await t.db.collection(COLLECTIONS.overviewRows).countDocuments({ tenantId })).toBe(0);
    expect(await repo.overview(tenantId)).toEqual([
      {
        programCode: 'PARTNER-X',
        periodCode: '2026-Q3',
        status: 'Editing',
        count: 2,
        claimedMinor: 350,
        approvedMinor: 0,
      },
    ]);
    expect(await t.db.collection(COLLECTIONS.overviewRows).countDocuments({ tenantId })).toBe(1);
  });

  it('when a claim moves status then its program-and-period row follows at once', async () => {
    const tenantId = tenant();
    const c = await createClaim(tenantId, { claimedMinor: 500 });
    expect((await repo.overview(tenantId)).map((r) => r.status)).toEqual(['Editing']);
    await moveTo(c, 'Submitted');
    expect(await repo.overview(tenantId)).toEqual([
      {
        programCode: 'PARTNER-X',
        periodCode: '2026-Q3',
        status: 'Submitted',
        count: 1,
        claimedMinor: 500,
        approvedMinor: 0,
      },
    ]);
  });

  it('when a claim is stuck at version 0 then the overview does not count it', async () => {
    const tenantId = tenant();
    await createClaim(tenantId, { claimedMinor: 100 });
    const d = draft(tenantId, { claimedMinor: 5 });
    const { overviewKey: _k, ...withoutKey } = d;
    await t.db
      .collection(COLLECTIONS.claims)
      .insertOne({ ...withoutKey, _id: d.id as never, number: 'CLM-000900', version: 0 });
    const rows = await repo.overview(tenantId);
    expect(rows).toEqual([
      {
        programCode: 'PARTNER-X',
        periodCode: '2026-Q3',
        status: 'Editing',
        count: 1,
        claimedMinor: 100,
        approvedMinor: 0,
      },
    ]);
  });
});
