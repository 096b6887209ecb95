import { randomUUID } from 'node:crypto';
import { claimRow, overviewKey, type Claim, type ConversationRef } from '../../src/domain/claim';
import { ClaimChangedError } from '../../src/domain/errors';
import type { NewEvent } from '../../src/domain/ports';
import type { ClaimStatus } from '../../src/domain/status';
import { listEntryOf, MongoClaimRepository } from '../../src/store/claims.repository';
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
async function moveTo(claim: Claim, status: ClaimStatus, approvedMinor = 0, r = repo): Promise<Claim> {
  return r.commit(
    claim,
    { type: 'claim.submitted', actor: alice, at: new Date(), data: { to: status } },
    { status, approvedMinor, overviewKey: overviewKey(claim.programCode, claim.period.code, status) },
  );
}

/**
 * Writes an event as commit writes it, without the claim update that follows: what a crash
 * between commit's two writes leaves behind.
 */
async function pendingEvent(
  claim: Claim,
  seq: number,
  set: Record<string, unknown>,
  unset?: string[],
  type = 'claim.info.updated',
): Promise<void> {
  await t.db.collection(COLLECTIONS.events).insertOne({
    _id: `${claim.id}:${seq}` as never,
    claimId: claim.id,
    tenantId: claim.tenantId,
    seq,
    type,
    actor: bob,
    at: new Date('2026-10-03T09:00:00Z'),
    data: {},
    set,
    ...(unset ? { unset } : {}),
  });
}

function home(conversationId: string): ConversationRef {
  return { serviceUrl: 'https://smba.example/', channelId: 'msteams', conversationId, botId: '28:bot' };
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
    await pendingEvent(
      claim,
      claim.version + 1,
      { commentCount: 1, additionalInfo: 'kept', participants: [alice.id, bob.id] },
      undefined,
      'claim.commented',
    );
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
    await pendingEvent(claim, 2, { additionalInfo: 'second', commentCount: 5 });
    await pendingEvent(claim, 3, { additionalInfo: 'third' });
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
      _id: `${d.id}:1` as never,
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

  it('when a claim moves to another period then it leaves the old row and joins the new one', async () => {
    const tenantId = tenant();
    const c = await createClaim(tenantId, { programCode: 'ADD-PC', period: period('2026-Q3'), claimedMinor: 500 });
    await createClaim(tenantId, { programCode: 'ADD-PC', period: period('2026-Q3'), claimedMinor: 7 });
    const q4 = period('2026-Q4');
    await repo.commit(
      c,
      { type: 'claim.edited', actor: alice, at: new Date('2026-10-02T09:00:00Z'), data: {} },
      { period: q4, overviewKey: overviewKey('ADD-PC', q4.code, 'Editing') },
    );
    const rows = [...(await repo.overview(tenantId))].sort((a, b) => a.periodCode.localeCompare(b.periodCode));
    expect(rows.map((r) => [r.periodCode, r.count, r.claimedMinor])).toEqual([
      ['2026-Q3', 1, 7],
      ['2026-Q4', 1, 500],
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

describe('MongoClaimRepository.commit with removed fields', () => {
  it('when a change sets a field to undefined then the claim loses it ($unset), the event names it in unset and the returned claim lacks it', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId, { status: 'ActionRequired', dueDate: '2026-10-31' });
    expect(await rawClaim(claim.id)).toMatchObject({ dueDate: '2026-10-31' });

    const updated = await repo.commit(
      claim,
      { type: 'claim.submitted', actor: alice, at: new Date('2026-10-02T09:00:00Z'), data: {} },
      {
        status: 'Submitted',
        dueDate: undefined,
        overviewKey: overviewKey(claim.programCode, claim.period.code, 'Submitted'),
      },
    );

    expect(updated).toMatchObject({ version: 2, status: 'Submitted' });
    expect(updated).not.toHaveProperty('dueDate');
    const raw = await rawClaim(claim.id);
    expect(raw).toMatchObject({ version: 2, status: 'Submitted' });
    expect(raw).not.toHaveProperty('dueDate');
    expect(await repo.get(tenantId, claim.id)).not.toHaveProperty('dueDate');
    const [, event] = await eventsOf(claim.id);
    expect(event).toMatchObject({ seq: 2, unset: ['dueDate'] });
    expect(event!.set).toEqual({
      status: 'Submitted',
      overviewKey: overviewKey(claim.programCode, claim.period.code, 'Submitted'),
    });
  });

  it('when a change sets no field to undefined then its event has no unset list', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId);
    await repo.commit(claim, commented('plain'), { commentCount: 1 });
    const [, event] = await eventsOf(claim.id);
    expect(event).not.toHaveProperty('unset');
  });

  it('when a crash left an event that removes a field then reading the claim rolls forward without it', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId, { status: 'ActionRequired', dueDate: '2026-10-31' });
    await pendingEvent(claim, 2, { status: 'Submitted' }, ['dueDate']);

    const got = await repo.get(tenantId, claim.id);

    expect(got).toMatchObject({ version: 2, status: 'Submitted' });
    expect(got).not.toHaveProperty('dueDate');
    const raw = await rawClaim(claim.id);
    expect(raw).toMatchObject({ version: 2, status: 'Submitted' });
    expect(raw).not.toHaveProperty('dueDate');
  });

  it('when one pending event removes a field and the next sets it again then the roll-forward keeps the later value', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId, { status: 'ActionRequired', dueDate: '2026-10-31' });
    await pendingEvent(claim, 2, { status: 'Submitted' }, ['dueDate']);
    await pendingEvent(claim, 3, { status: 'ActionRequired', dueDate: '2026-11-30' });

    expect(await repo.get(tenantId, claim.id)).toMatchObject({
      version: 3,
      status: 'ActionRequired',
      dueDate: '2026-11-30',
    });
    expect(await rawClaim(claim.id)).toMatchObject({ version: 3, status: 'ActionRequired', dueDate: '2026-11-30' });
  });
});

describe('MongoClaimRepository.getForChange', () => {
  it('when the claim is current then getForChange returns it as stored', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId);
    const changed = await repo.commit(claim, commented('one'), { commentCount: 1 });
    expect(await repo.getForChange(tenantId, claim.id)).toEqual(await repo.get(tenantId, claim.id));
    expect(await repo.getForChange(tenantId, claim.id)).toMatchObject({ version: changed.version, commentCount: 1 });
  });

  it('when the claim document lags behind its History then getForChange does not roll it forward and a commit on it is refused', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId);
    await pendingEvent(claim, 2, { additionalInfo: 'committed before the crash' });

    const forChange = (await repo.getForChange(tenantId, claim.id))!;

    expect(forChange).toMatchObject({ version: 1, additionalInfo: '' });
    expect(await rawClaim(claim.id)).toMatchObject({ version: 1, additionalInfo: '' });
    await expect(repo.commit(forChange, commented('too early'), { commentCount: 1 })).rejects.toBeInstanceOf(
      ClaimChangedError,
    );
    const current = (await repo.get(tenantId, claim.id))!;
    expect(current).toMatchObject({ version: 2, additionalInfo: 'committed before the crash', commentCount: 0 });
    expect(await repo.commit(current, commented('after the re-read'), { commentCount: 1 })).toMatchObject({
      version: 3,
      additionalInfo: 'committed before the crash',
      commentCount: 1,
    });
  });

  it('when the claim is at version 0 or belongs to another tenant then getForChange finds nothing', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId);
    const d = draft(tenantId);
    await t.db.collection(COLLECTIONS.claims).insertOne({ ...d, _id: d.id as never, number: 'CLM-000888', version: 0 });
    expect(await repo.getForChange(tenantId, d.id)).toBeUndefined();
    expect(await repo.getForChange(tenant(), claim.id)).toBeUndefined();
    expect(await repo.getForChange(tenantId, randomUUID())).toBeUndefined();
  });
});

describe('MongoClaimRepository.eventAt', () => {
  it('when asked for the event of a version then it answers with that event; a version not reached or another tenant gets nothing', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId);
    const changed = await repo.commit(claim, commented('second'), { commentCount: 1 });
    await repo.commit(changed, commented('third'), { commentCount: 2 });

    expect(await repo.eventAt(tenantId, claim.id, 1)).toMatchObject({ seq: 1, type: 'claim.created' });
    expect(await repo.eventAt(tenantId, claim.id, 2)).toMatchObject({
      claimId: claim.id,
      tenantId,
      seq: 2,
      type: 'claim.commented',
      actor: bob,
      data: { text: 'second' },
      set: { commentCount: 1 },
    });
    expect(await repo.eventAt(tenantId, claim.id, 4)).toBeUndefined();
    expect(await repo.eventAt(tenant(), claim.id, 2)).toBeUndefined();
  });

  it('when the event removed fields then eventAt still reports what it set', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId, { status: 'ActionRequired', dueDate: '2026-10-31' });
    await repo.commit(claim, commented('x'), { status: 'Withdrawn', dueDate: undefined });
    const event = await repo.eventAt(tenantId, claim.id, 2);
    expect(event?.set).toEqual({ status: 'Withdrawn' });
  });
});

describe('MongoClaimRepository.holders', () => {
  it('when claims of a program and period are in every status then holders returns exactly those that hold funds', async () => {
    const tenantId = tenant();
    const q3 = period('2026-Q3');
    const base = { programCode: 'ADD-PC', period: q3, activityCode: 'customer-offers' };
    const holding: Claim[] = [];
    for (const status of ['Submitted', 'InReview', 'ActionRequired', 'Disputed', 'Approved', 'Paid'] as const)
      holding.push(await createClaim(tenantId, { ...base, status, claimedMinor: 1_000, approvedMinor: 900 }));
    for (const status of ['Editing', 'Rejected', 'Expired', 'Withdrawn'] as const)
      await createClaim(tenantId, { ...base, status });
    await createClaim(tenantId, { ...base, programCode: 'ADD-HUB', status: 'Submitted' });
    await createClaim(tenantId, { ...base, period: period('2026-Q4'), status: 'Submitted' });
    await createClaim(tenant(), { ...base, status: 'Submitted' });
    const stuck = draft(tenantId, { ...base, status: 'Submitted' });
    await t.db
      .collection(COLLECTIONS.claims)
      .insertOne({ ...stuck, _id: stuck.id as never, number: 'CLM-000999', version: 0 });

    const found = await repo.holders(tenantId, 'ADD-PC', '2026-Q3');

    expect(found.map((c) => c.id).sort()).toEqual(holding.map((c) => c.id).sort());
    for (const c of found)
      expect(c).toMatchObject({ tenantId, activityCode: 'customer-offers', claimedMinor: 1_000, approvedMinor: 900 });
  });

  it('when no claim of the program and period holds funds then holders is empty', async () => {
    const tenantId = tenant();
    await createClaim(tenantId, { programCode: 'ADD-PC', period: period('2026-Q3') });
    expect(await repo.holders(tenantId, 'ADD-PC', '2026-Q3')).toEqual([]);
  });
});

describe('MongoClaimRepository.dueBefore and dueBetween', () => {
  /** The sweeps read across tenants: each test looks only at its own claims. */
  function ids(claims: readonly Claim[], tenantIds: readonly string[]): string[] {
    return claims
      .filter((c) => tenantIds.includes(c.tenantId))
      .map((c) => c.id)
      .sort();
  }

  it('when drafts have deadlines then dueBefore finds those due strictly before the day and dueBetween those within, ends included', async () => {
    const tenantId = tenant();
    const early = await createClaim(tenantId, { status: 'Editing', deadline: '2026-10-10' });
    const onDay = await createClaim(tenantId, { status: 'Editing', deadline: '2026-10-15' });
    const late = await createClaim(tenantId, { status: 'Editing', deadline: '2026-10-20' });
    // A submitted claim's deadline no longer makes it due.
    await createClaim(tenantId, { status: 'Submitted', deadline: '2026-10-01' });

    expect(ids(await repo.dueBefore('Editing', '2026-10-15', 10_000), [tenantId])).toEqual([early.id]);
    expect(ids(await repo.dueBetween('Editing', '2026-10-10', '2026-10-15', 10_000), [tenantId])).toEqual(
      [early.id, onDay.id].sort(),
    );
    expect(ids(await repo.dueBetween('Editing', '2026-10-16', '2026-10-31', 10_000), [tenantId])).toEqual([late.id]);
  });

  it('when claims wait for an answer or a re-review then they are due by their dueDate, not their deadline', async () => {
    const tenantId = tenant();
    const answerSoon = await createClaim(tenantId, {
      status: 'ActionRequired',
      dueDate: '2026-10-05',
      deadline: '2026-12-31',
    });
    const answerLater = await createClaim(tenantId, {
      status: 'ActionRequired',
      dueDate: '2026-10-25',
      deadline: '2026-09-01',
    });
    const disputed = await createClaim(tenantId, { status: 'Disputed', dueDate: '2026-10-08', deadline: '2026-12-31' });

    expect(ids(await repo.dueBefore('ActionRequired', '2026-10-15', 10_000), [tenantId])).toEqual([answerSoon.id]);
    expect(ids(await repo.dueBetween('ActionRequired', '2026-10-05', '2026-10-25', 10_000), [tenantId])).toEqual(
      [answerSoon.id, answerLater.id].sort(),
    );
    expect(ids(await repo.dueBetween('ActionRequired', '2026-09-01', '2026-09-30', 10_000), [tenantId])).toEqual([]);
    expect(ids(await repo.dueBefore('Disputed', '2026-10-09', 10_000), [tenantId])).toEqual([disputed.id]);
    expect(ids(await repo.dueBefore('Disputed', '2026-10-08', 10_000), [tenantId])).toEqual([]);
  });

  it('when due claims are in several tenants then the sweep queries find all of them, but never a claim at version 0', async () => {
    const a = tenant();
    const b = tenant();
    const inA = await createClaim(a, { status: 'Editing', deadline: '2026-10-03' });
    const inB = await createClaim(b, { status: 'Editing', deadline: '2026-10-03' });
    const stuck = draft(a, { status: 'Editing', deadline: '2026-10-03' });
    await t.db
      .collection(COLLECTIONS.claims)
      .insertOne({ ...stuck, _id: stuck.id as never, number: 'CLM-000998', version: 0 });

    expect(ids(await repo.dueBefore('Editing', '2026-10-04', 10_000), [a, b])).toEqual([inA.id, inB.id].sort());
    expect(ids(await repo.dueBetween('Editing', '2026-10-03', '2026-10-03', 10_000), [a, b])).toEqual(
      [inA.id, inB.id].sort(),
    );
  });
});

describe('MongoClaimRepository.list filters', () => {
  it('when listing by program, period or home conversation then only the matching claims come, newest first', async () => {
    const tenantId = tenant();
    const at = (day: number) => new Date(Date.UTC(2026, 9, day));
    const pcQ3HomeA = await createClaim(tenantId, {
      programCode: 'ADD-PC',
      period: period('2026-Q3'),
      home: home('conv-a'),
      createdAt: at(1),
    });
    const pcQ4HomeB = await createClaim(tenantId, {
      programCode: 'ADD-PC',
      period: period('2026-Q4'),
      home: home('conv-b'),
      createdAt: at(2),
    });
    const hubQ3HomeA = await createClaim(tenantId, {
      programCode: 'ADD-HUB',
      period: period('2026-Q3'),
      home: home('conv-a'),
      createdAt: at(3),
    });
    const pcQ3NoHome = await createClaim(tenantId, {
      programCode: 'ADD-PC',
      period: period('2026-Q3'),
      createdAt: at(4),
    });
    await createClaim(tenant(), { programCode: 'ADD-PC', period: period('2026-Q3'), home: home('conv-a') });
    const page = { skip: 0, limit: 50 };
    const numbers = async (filter: Parameters<MongoClaimRepository['list']>[1]) => {
      const found = await repo.list(tenantId, filter, page);
      expect(found.total).toBe(found.items.length);
      return found.items.map((c) => c.number);
    };

    expect(await numbers({ programCode: 'ADD-PC' })).toEqual([pcQ3NoHome.number, pcQ4HomeB.number, pcQ3HomeA.number]);
    expect(await numbers({ periodCode: '2026-Q3' })).toEqual([pcQ3NoHome.number, hubQ3HomeA.number, pcQ3HomeA.number]);
    expect(await numbers({ programCode: 'ADD-PC', periodCode: '2026-Q3' })).toEqual([
      pcQ3NoHome.number,
      pcQ3HomeA.number,
    ]);
    expect(await numbers({ homeConversationId: 'conv-a' })).toEqual([hubQ3HomeA.number, pcQ3HomeA.number]);
    expect(await numbers({ homeConversationId: 'conv-a', programCode: 'ADD-PC' })).toEqual([pcQ3HomeA.number]);
    // A colleague outside any conversation asks with an empty id: no claim lives there.
    expect(await numbers({ homeConversationId: '' })).toEqual([]);
    expect(await numbers({ programCode: 'NO-SUCH' })).toEqual([]);
  });
});

describe('MongoClaimRepository claim_list (the list projection)', () => {
  /** Small blocks that cost nothing to read, so a few claims exercise the block-by-block page read. */
  function blockRepo(): MongoClaimRepository {
    return new MongoClaimRepository(t.db, { listBlock: 3, listBlockCost: 0 });
  }

  function entriesOf(claimId: string) {
    return t.db.collection(COLLECTIONS.claimList).find({ claimId }).sort({ version: 1 }).toArray();
  }

  /** 14 claims, CLM-000001..14; every third one (3, 6, 9, 12) submitted. */
  async function fourteen(r: MongoClaimRepository, tenantId: string): Promise<Claim[]> {
    const claims: Claim[] = [];
    for (let i = 0; i < 14; i++) {
      const c = await r.create(draft(tenantId, { createdAt: new Date(Date.UTC(2026, 9, 1, i)) }), created());
      claims.push((i + 1) % 3 === 0 ? await moveTo(c, 'Submitted', 0, r) : c);
    }
    return claims;
  }

  const numbersOf = (page: { items: readonly Claim[] }) => page.items.map((c) => Number(c.number.slice(4)));

  it('when pages are read block by block then each page, its order and the total are those of the whole list', async () => {
    const tenantId = tenant();
    const r = blockRepo();
    await fourteen(r, tenantId);
    await fourteen(r, tenant()); // another tenant's claims never show

    const all = await r.list(tenantId, {}, { skip: 0, limit: 100 });
    expect(numbersOf(all)).toEqual([14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(all.total).toBe(14);
    for (const skip of [0, 4, 8, 12]) {
      const page = await r.list(tenantId, {}, { skip, limit: 4 });
      expect(numbersOf(page)).toEqual(numbersOf(all).slice(skip, skip + 4));
      expect(page.total).toBe(14);
    }
    expect(await r.list(tenantId, {}, { skip: 20, limit: 4 })).toEqual({ items: [], total: 14 });

    const submitted = await r.list(tenantId, { status: 'Submitted' }, { skip: 0, limit: 3 });
    expect(numbersOf(submitted)).toEqual([12, 9, 6]);
    expect(submitted.total).toBe(4);
    expect(numbersOf(await r.list(tenantId, { status: 'Submitted' }, { skip: 3, limit: 3 }))).toEqual([3]);
    const editing = await r.list(tenantId, { status: 'Editing', programCode: 'PARTNER-X' }, { skip: 2, limit: 3 });
    expect(numbersOf(editing)).toEqual([11, 10, 8]);
    expect(editing.total).toBe(10);
  });

  it('when the claim-number hint lags behind the newest claims then the first page still starts with the newest', async () => {
    const tenantId = tenant();
    const r = blockRepo();
    await fourteen(r, tenantId);
    await t.db
      .collection<{ _id: string; seq: number }>(COLLECTIONS.counters)
      .updateOne({ _id: `claim-number:${tenantId}` }, { $set: { seq: 12 } });
    const page = await r.list(tenantId, {}, { skip: 0, limit: 4 });
    expect(numbersOf(page)).toEqual([14, 13, 12, 11]);
    expect(page.total).toBe(14);
  });

  it('when a number is held by a claim stuck at version 0 then the block-by-block list skips it and does not count it', async () => {
    const tenantId = tenant();
    const r = blockRepo();
    await fourteen(r, tenantId);
    const stuck = draft(tenantId);
    await t.db
      .collection(COLLECTIONS.claims)
      .insertOne({ ...stuck, _id: stuck.id as never, number: 'CLM-000015', version: 0 });
    await r.create(draft(tenantId), created()); // takes CLM-000016
    const page = await r.list(tenantId, {}, { skip: 0, limit: 3 });
    expect(numbersOf(page)).toEqual([16, 14, 13]);
    expect(page.total).toBe(15);
    expect((await r.list(tenantId, {}, { skip: 12, limit: 10 })).items.map((c) => c.number)).toEqual([
      'CLM-000003',
      'CLM-000002',
      'CLM-000001',
    ]);
  });

  it('when a claim commits a status change then its one entry holds the new status; a comment writes no entry', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId, { claimedMinor: 700 });
    expect(await entriesOf(claim.id)).toMatchObject([{ version: 1, status: 'Editing', claimedMinor: 700, n: 1 }]);
    const submitted = await moveTo(claim, 'Submitted');
    const commentedOn = await repo.commit(submitted, commented('looks fine'), { commentCount: 1 });
    expect(commentedOn.version).toBe(3);
    const entries = await entriesOf(claim.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ _id: `${claim.id}:2`, tenantId, version: 2, status: 'Submitted' });
    expect((await repo.list(tenantId, { status: 'Submitted' }, { skip: 0, limit: 10 })).items).toMatchObject([
      { id: claim.id, version: 3, commentCount: 1 },
    ]);
    expect(await repo.rows(tenantId, { status: 'Submitted' }, { skip: 0, limit: 10 })).toEqual({
      items: [claimRow(commentedOn)],
      total: 1,
    });
  });

  it('when ten writers commit on one version of a claim at once then one wins and the list shows exactly its change', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId);
    const statuses: ClaimStatus[] = ['Submitted', 'Withdrawn', 'Expired', 'InReview', 'Approved'];
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => moveTo(claim, statuses[i % statuses.length]!)),
    );
    const won = results.filter((x): x is PromiseFulfilledResult<Claim> => x.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const winner = won[0]!.value;
    const listed = await repo.list(tenantId, {}, { skip: 0, limit: 10 });
    expect(listed.items).toMatchObject([{ id: claim.id, version: 2, status: winner.status }]);
    expect((await entriesOf(claim.id)).map((e) => [e.version, e.status])).toEqual([[2, winner.status]]);
    expect((await repo.list(tenantId, { status: winner.status }, { skip: 0, limit: 10 })).total).toBe(1);
  });

  it('when an older entry was left next to the newer one (a writer crashed before deleting it) then lists ignore it and the first read repairs it', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId);
    const submitted = await moveTo(claim, 'Submitted');
    // What a crash after inserting the newer entry and before deleting the older one leaves.
    await t.db.collection(COLLECTIONS.claimList).insertOne(listEntryOf(claim) as never);
    expect(await entriesOf(claim.id)).toHaveLength(2);

    expect((await repo.list(tenantId, {}, { skip: 0, limit: 10 })).items).toMatchObject([
      { id: claim.id, status: 'Submitted' },
    ]);
    const drafts = await repo.list(tenantId, { status: 'Editing' }, { skip: 0, limit: 10 });
    expect(drafts).toEqual({ items: [], total: 0 });
    expect((await entriesOf(claim.id)).map((e) => e.version)).toEqual([submitted.version]);
    expect(await repo.overview(tenantId)).toMatchObject([{ status: 'Submitted', count: 1 }]);
  });

  it('when rows are read then each page holds the same claims as the whole-claim list, as rows', async () => {
    const tenantId = tenant();
    const r = blockRepo();
    await fourteen(r, tenantId);
    for (const [filter, page] of [
      [{}, { skip: 0, limit: 4 }],
      [{}, { skip: 9, limit: 4 }],
      [{ status: 'Submitted' }, { skip: 1, limit: 2 }],
      [
        { createdBy: alice.id, status: 'Editing' },
        { skip: 0, limit: 20 },
      ],
    ] as const) {
      const rows = await r.rows(tenantId, filter, page);
      const claims = await r.list(tenantId, filter, page);
      expect(rows).toEqual({ items: claims.items.map(claimRow), total: claims.total });
    }
  });

  it('when a filtered row comes from an older entry left next to a newer one then it is left out and the older entry deleted', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId);
    const other = await createClaim(tenantId);
    await moveTo(claim, 'Submitted');
    await t.db.collection(COLLECTIONS.claimList).insertOne(listEntryOf(claim) as never);

    expect(await repo.rows(tenantId, { status: 'Editing' }, { skip: 0, limit: 10 })).toEqual({
      items: [claimRow(other)],
      total: 1,
    });
    expect((await entriesOf(claim.id)).map((e) => e.status)).toEqual(['Submitted']);
    expect((await repo.rows(tenantId, {}, { skip: 0, limit: 10 })).items.map((c) => [c.number, c.status])).toEqual([
      [other.number, 'Editing'],
      [claim.number, 'Submitted'],
    ]);
  });

  it('when a status change crashed after its event (no entry, claim behind) then lists show the claim as stored until a read rolls it forward', async () => {
    const tenantId = tenant();
    const claim = await createClaim(tenantId);
    await pendingEvent(claim, 2, {
      status: 'Submitted',
      overviewKey: overviewKey('PARTNER-X', '2026-Q3', 'Submitted'),
    });
    expect((await repo.list(tenantId, { status: 'Submitted' }, { skip: 0, limit: 10 })).total).toBe(0);
    expect((await repo.list(tenantId, {}, { skip: 0, limit: 10 })).items).toMatchObject([{ version: 1 }]);

    expect(await repo.get(tenantId, claim.id)).toMatchObject({ version: 2, status: 'Submitted' });
    expect((await repo.list(tenantId, { status: 'Submitted' }, { skip: 0, limit: 10 })).items).toMatchObject([
      { id: claim.id, version: 2, status: 'Submitted' },
    ]);
    expect(await repo.overview(tenantId)).toMatchObject([{ status: 'Submitted', count: 1 }]);
  });

  it('when a status change crashed after its entry (claim document behind) then the list rolls the claim forward', async () => {
    const tenantId = tenant();
    const r = blockRepo();
    const claims = await fourteen(r, tenantId);
    const claim = claims[13]!;
    const set = { status: 'Submitted', overviewKey: overviewKey('PARTNER-X', '2026-Q3', 'Submitted') } as const;
    await pendingEvent(claim, 2, set);
    await t.db.collection(COLLECTIONS.claimList).insertOne(listEntryOf({ ...claim, ...set, version: 2 }, 3) as never);

    const page = await r.list(tenantId, { status: 'Submitted' }, { skip: 0, limit: 2 });
    expect(page.items).toMatchObject([
      { id: claim.id, version: 2, status: 'Submitted' },
      { id: claims[11]!.id, status: 'Submitted' },
    ]);
    expect(await rawClaim(claim.id)).toMatchObject({ version: 2, status: 'Submitted' });
  });

  it('when claims were stored before claim_list existed then relist lists them, once each', async () => {
    const tenantId = tenant();
    for (const n of [1, 2, 3]) {
      const d = draft(tenantId, { claimedMinor: n * 100 });
      await t.db
        .collection(COLLECTIONS.claims)
        .insertOne({ ...d, _id: d.id as never, number: `CLM-00000${n}`, version: 1 });
    }
    expect((await repo.list(tenantId, {}, { skip: 0, limit: 10 })).total).toBe(0);
    expect(await repo.relist(tenantId)).toBe(3);
    expect(await repo.relist(tenantId)).toBe(3);
    const listed = await repo.list(tenantId, {}, { skip: 0, limit: 10 });
    expect(listed.items.map((c) => c.number)).toEqual(['CLM-000003', 'CLM-000002', 'CLM-000001']);
    expect(listed.total).toBe(3);
    expect(await t.db.collection(COLLECTIONS.claimList).countDocuments({ tenantId })).toBe(3);
  });

  it('when the app starts on a database with unlisted claims then listStoredClaims lists them the first time only', async () => {
    const other = await openTestDb();
    try {
      const r = new MongoClaimRepository(other.db);
      const tenantId = tenant();
      const d = draft(tenantId);
      await other.db
        .collection(COLLECTIONS.claims)
        .insertOne({ ...d, _id: d.id as never, number: 'CLM-000001', version: 1 });
      expect(await r.listStoredClaims()).toBe(1);
      expect(await r.listStoredClaims()).toBeUndefined();
      expect((await r.list(tenantId, {}, { skip: 0, limit: 10 })).items.map((c) => c.id)).toEqual([d.id]);
    } finally {
      await other.drop();
    }
  });

  it('when another tenant lists page by page then it never sees this tenant’s claims', async () => {
    const owner = tenant();
    const other = tenant();
    const r = blockRepo();
    const mine = await fourteen(r, owner);
    await r.create(draft(other), created());
    const seen = [
      ...(await r.list(other, {}, { skip: 0, limit: 10 })).items,
      ...(await r.list(other, { status: 'Submitted' }, { skip: 0, limit: 10 })).items,
      ...(await r.list(other, { createdBy: alice.id }, { skip: 0, limit: 10 })).items,
    ];
    expect(seen.every((c) => c.tenantId === other)).toBe(true);
    expect(seen.map((c) => c.id)).not.toEqual(expect.arrayContaining([mine[0]!.id]));
  });
});
