import { randomUUID } from 'node:crypto';
import type { FundsEntry, FundsKey } from '../../src/domain/funds';
import { MongoFundsLedger } from '../../src/store/funds-ledger.repository';
import { alice, bob } from '../support/domain-factories';
import { openTestDb, type TestDb } from '../support/db';

let t: TestDb;
let ledger: MongoFundsLedger;

beforeAll(async () => {
  t = await openTestDb();
  ledger = new MongoFundsLedger(t.db);
});

afterAll(async () => {
  await t.drop();
});

/** A ledger of its own per test: a fresh tenant. */
function aKey(overrides: Partial<FundsKey> = {}): FundsKey {
  return { tenantId: `tenant-${randomUUID()}`, programCode: 'ADD-PC', periodCode: '2026-Q3', ...overrides };
}

function entry(key: FundsKey, seq: number, overrides: Partial<FundsEntry> = {}): FundsEntry {
  return {
    ...key,
    seq,
    earnedMinor: 1_000_000,
    holds: {},
    at: new Date(Date.UTC(2026, 9, 1, 9, 0, seq)),
    by: alice,
    why: `entry ${seq}`,
    ...overrides,
  };
}

describe('MongoFundsLedger.append', () => {
  it('when an entry is appended then the next one with the same seq is refused and the first stays', async () => {
    const key = aKey();
    expect(await ledger.append(entry(key, 1, { why: 'first' }))).toBe(true);
    expect(await ledger.append(entry(key, 1, { why: 'second', earnedMinor: 5 }))).toBe(false);
    expect(await ledger.latest(key)).toMatchObject({ seq: 1, why: 'first', earnedMinor: 1_000_000 });
  });

  it('when 20 writers append the same seq at once then exactly one is told it won, and its entry is the one stored', async () => {
    const key = aKey();
    await ledger.append(entry(key, 1));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ledger.append(
          entry(key, 2, {
            why: `writer ${i}`,
            holds: { [`claim-${i}`]: { minor: 100 + i, activity: 'x', approved: false } },
          }),
        ),
      ),
    );
    const winners = results.flatMap((won, i) => (won ? [i] : []));
    expect(winners).toHaveLength(1);
    const latest = await ledger.latest(key);
    expect(latest).toMatchObject({ seq: 2, why: `writer ${winners[0]}` });
    expect(latest!.holds).toEqual({
      [`claim-${winners[0]}`]: { minor: 100 + winners[0]!, activity: 'x', approved: false },
    });
    expect(await t.db.collection('funds_ledger').countDocuments({ tenantId: key.tenantId })).toBe(2);
  }, 120_000);

  it('when the same seq is appended in two ledgers then both are accepted: programs, periods and tenants are separate', async () => {
    const key = aKey();
    expect(await ledger.append(entry(key, 1))).toBe(true);
    expect(await ledger.append(entry({ ...key, periodCode: '2026-Q4' }, 1))).toBe(true);
    expect(await ledger.append(entry({ ...key, programCode: 'ADD-HUB' }, 1))).toBe(true);
    expect(await ledger.append(entry({ ...key, tenantId: `tenant-${randomUUID()}` }, 1))).toBe(true);
  });
});

describe('MongoFundsLedger.latest', () => {
  it('when a ledger has several entries then latest is the one with the highest seq, holds and all', async () => {
    const key = aKey();
    await ledger.append(entry(key, 1));
    await ledger.append(
      entry(key, 3, {
        earnedMinor: 2_000_000,
        holds: {
          'claim-a': {
            minor: 50_000,
            activity: 'digital-advertising',
            approved: false,
            pending: { claimSeq: 7, at: new Date('2026-10-01T09:00:00Z'), previousMinor: 10 },
          },
        },
        by: bob,
      }),
    );
    await ledger.append(entry(key, 2));
    expect(await ledger.latest(key)).toEqual(
      entry(key, 3, {
        earnedMinor: 2_000_000,
        holds: {
          'claim-a': {
            minor: 50_000,
            activity: 'digital-advertising',
            approved: false,
            pending: { claimSeq: 7, at: new Date('2026-10-01T09:00:00Z'), previousMinor: 10 },
          },
        },
        by: bob,
      }),
    );
  });

  it('when an entry has no earned funds then latest has none either', async () => {
    const key = aKey();
    const { earnedMinor: _none, ...withoutEarned } = entry(key, 1);
    await ledger.append(withoutEarned);
    const latest = await ledger.latest(key);
    expect(latest).toMatchObject({ seq: 1 });
    expect(latest).not.toHaveProperty('earnedMinor');
  });

  it('when a ledger has no entries then latest is undefined, even if a neighbouring ledger has some', async () => {
    const key = aKey();
    await ledger.append(entry({ ...key, periodCode: '2026-Q4' }, 1));
    expect(await ledger.latest(key)).toBeUndefined();
    expect(await ledger.latest({ ...key, periodCode: '2026-Q4' })).toMatchObject({ seq: 1 });
  });
});

describe('MongoFundsLedger.prune', () => {
  it('when pruned before a seq then older entries go, that seq and newer stay, and other ledgers are untouched', async () => {
    const key = aKey();
    const other = { ...key, periodCode: '2026-Q4' };
    for (let seq = 1; seq <= 5; seq++) {
      await ledger.append(entry(key, seq));
      await ledger.append(entry(other, seq));
    }
    await ledger.prune(key, 4);
    const left = await t.db
      .collection('funds_ledger')
      .find({ tenantId: key.tenantId, periodCode: '2026-Q3' })
      .sort({ seq: 1 })
      .toArray();
    expect(left.map((e) => e.seq)).toEqual([4, 5]);
    expect(
      await t.db.collection('funds_ledger').countDocuments({ tenantId: key.tenantId, periodCode: '2026-Q4' }),
    ).toBe(5);
    expect(await ledger.latest(key)).toMatchObject({ seq: 5 });
  });

  it('when pruned before seq 0 or below then nothing is removed', async () => {
    const key = aKey();
    await ledger.append(entry(key, 1));
    await ledger.prune(key, 0);
    await ledger.prune(key, -3);
    expect(await t.db.collection('funds_ledger').countDocuments({ tenantId: key.tenantId })).toBe(1);
  });

  it('when older entries are pruned then the newest stays, so its seq is still taken and the next writer appends after it', async () => {
    const key = aKey();
    for (let seq = 1; seq <= 3; seq++) await ledger.append(entry(key, seq));
    await ledger.prune(key, 3);
    // The newest entry is never pruned, so the next writer still has to take seq 4.
    expect(await ledger.append(entry(key, 3))).toBe(false);
    expect(await ledger.append(entry(key, 4))).toBe(true);
  });
});
