import { randomUUID } from 'node:crypto';
import { granularityOf, type Granularity } from '../../src/domain/period';
import { earnedFor } from '../../src/domain/program';
import { COLLECTIONS } from '../../src/store/mongo';
import { MongoProgramRepository } from '../../src/store/programs.repository';
import { alice, bob, period } from '../support/domain-factories';
import { openTestDb, type TestDb } from '../support/db';

let t: TestDb;
let programs: MongoProgramRepository;

beforeAll(async () => {
  t = await openTestDb();
  programs = new MongoProgramRepository(t.db);
});

afterAll(async () => {
  await t.drop();
});

function tenant(): string {
  return `tenant-${randomUUID()}`;
}

/** What the service passes for a program: its code, currency and period length (from the first period). */
function spec(
  code: string,
  currency: string,
  firstPeriod: string,
): { code: string; currency: string; granularity: Granularity } {
  return { code, currency, granularity: granularityOf(firstPeriod)! };
}

/** What ProgramService does: the program (created with `program` if new), then the period's funds. */
async function setFunds(
  tenantId: string,
  program: ReturnType<typeof spec>,
  p: ReturnType<typeof period>,
  earnedMinor: number,
  by: typeof alice,
) {
  await programs.ensure(tenantId, program);
  return programs.setEarnedFunds(tenantId, program.code, p, earnedMinor, by);
}

describe('MongoProgramRepository', () => {
  it('when earned funds are set for an unknown program then the program is created with that one period and its granularity', async () => {
    const tenantId = tenant();
    expect(await programs.get(tenantId, 'ADD-PC')).toBeUndefined();
    const program = await setFunds(tenantId, spec('ADD-PC', 'USD', '2026-Q3'), period('2026-Q3'), 5_000_000, alice);
    expect(program).toEqual({
      tenantId,
      code: 'ADD-PC',
      name: 'ADD-PC',
      currency: 'USD',
      granularity: 'quarter',
      periods: [{ period: { code: '2026-Q3', start: '2026-07-01', end: '2026-09-30' }, earnedMinor: 5_000_000 }],
    });
    expect(await programs.get(tenantId, 'ADD-PC')).toEqual(program);
  });

  it('when a second period is set then the first one is kept and periods come in date order', async () => {
    const tenantId = tenant();
    await setFunds(tenantId, spec('ADD-PC', 'USD', '2026-Q4'), period('2026-Q4'), 7_000_000, bob);
    const program = await setFunds(tenantId, spec('ADD-PC', 'USD', '2026-Q4'), period('2026-Q3'), 5_000_000, alice);
    expect(program.periods.map((p) => p.period.code)).toEqual(['2026-Q3', '2026-Q4']);
    expect(earnedFor(program, '2026-Q3')).toBe(5_000_000);
    expect(earnedFor(program, '2026-Q4')).toBe(7_000_000);
    expect(program.periods.find((p) => p.period.code === '2026-Q4')?.period).toEqual({
      code: '2026-Q4',
      start: '2026-10-01',
      end: '2026-12-31',
    });
  });

  it('when the earned funds of one period are looked up then that period answers, others and other tenants do not', async () => {
    const tenantId = tenant();
    await setFunds(tenantId, spec('ADD-PC', 'USD', '2026-Q3'), period('2026-Q3'), 5_000_000, alice);
    expect(earnedFor((await programs.get(tenantId, 'ADD-PC'))!, '2026-Q3')).toBe(5_000_000);
    expect(earnedFor((await programs.get(tenantId, 'ADD-PC'))!, '2026-Q4')).toBeUndefined();
    expect(await programs.get(tenant(), 'ADD-PC')).toBeUndefined();
  });

  it('when a period is set again then its amount is replaced and the other periods stay', async () => {
    const tenantId = tenant();
    await setFunds(tenantId, spec('ADD-PC', 'USD', '2026-Q3'), period('2026-Q3'), 5_000_000, alice);
    await setFunds(tenantId, spec('ADD-PC', 'USD', '2026-Q3'), period('2026-Q4'), 9_000_000, alice);
    const program = await setFunds(tenantId, spec('ADD-PC', 'USD', '2026-Q3'), period('2026-Q3'), 6_500_000, bob);
    expect(program.periods).toHaveLength(2);
    expect(earnedFor(program, '2026-Q3')).toBe(6_500_000);
    expect(earnedFor(program, '2026-Q4')).toBe(9_000_000);
    expect(earnedFor((await programs.get(tenantId, 'ADD-PC'))!, '2026-Q3')).toBe(6_500_000);
  });

  it('when a program exists then later funds keep its first currency and granularity', async () => {
    const tenantId = tenant();
    await setFunds(tenantId, spec('ADR-HUB', 'EUR', '2026-07'), period('2026-07'), 100, alice);
    const program = await setFunds(tenantId, spec('ADR-HUB', 'USD', '2026-Q3'), period('2026-08'), 200, alice);
    expect(program).toMatchObject({ currency: 'EUR', granularity: 'month' });
    expect(program.periods.map((p) => p.period.code)).toEqual(['2026-07', '2026-08']);
  });

  it('when a program was stored before granularity was kept then it is inferred from its first period', async () => {
    const tenantId = tenant();
    await setFunds(tenantId, spec('OLD-PRG', 'USD', '2026-H1'), period('2026-H1'), 100, alice);
    await t.db
      .collection(COLLECTIONS.programs)
      .updateOne({ tenantId, code: 'OLD-PRG' }, { $unset: { granularity: '' } });
    expect((await programs.get(tenantId, 'OLD-PRG'))?.granularity).toBe('half');
  });

  it('when listing programs then they come sorted by code, each with its own periods', async () => {
    const tenantId = tenant();
    for (const [i, code] of ['PARTNER-X', 'ADD-PC', 'ADR-HUB', 'ADD-HUB'].entries())
      await setFunds(tenantId, spec(code, 'USD', '2026-Q3'), period('2026-Q3'), i + 1, alice);
    const list = await programs.list(tenantId);
    expect(list.map((p) => [p.code, earnedFor(p, '2026-Q3')])).toEqual([
      ['ADD-HUB', 4],
      ['ADD-PC', 2],
      ['ADR-HUB', 3],
      ['PARTNER-X', 1],
    ]);
  });

  it('when two tenants use the same program code then each sees only its own program and funds', async () => {
    const a = tenant();
    const b = tenant();
    await setFunds(a, spec('ADD-PC', 'USD', '2026-Q3'), period('2026-Q3'), 111, alice);
    await setFunds(b, spec('ADD-PC', 'EUR', '2026-Q4'), period('2026-Q4'), 222, bob);
    await setFunds(b, spec('ONLY-B', 'EUR', '2026-Q4'), period('2026-Q4'), 333, bob);
    const pa = (await programs.get(a, 'ADD-PC'))!;
    const pb = (await programs.get(b, 'ADD-PC'))!;
    expect(pa).toMatchObject({
      tenantId: a,
      currency: 'USD',
      periods: [{ period: { code: '2026-Q3' }, earnedMinor: 111 }],
    });
    expect(pb).toMatchObject({
      tenantId: b,
      currency: 'EUR',
      periods: [{ period: { code: '2026-Q4' }, earnedMinor: 222 }],
    });
    expect((await programs.list(a)).map((p) => p.code)).toEqual(['ADD-PC']);
    expect(await programs.get(a, 'ONLY-B')).toBeUndefined();
    expect(await programs.list(tenant())).toEqual([]);
  });

  it('when two callers ensure a new program at once with different currencies and lengths then both get the one stored first', async () => {
    const tenantId = tenant();
    const [a, b] = await Promise.all([
      programs.ensure(tenantId, spec('RACE-PRG', 'USD', '2026-Q3')),
      programs.ensure(tenantId, spec('RACE-PRG', 'EUR', '2026-09')),
    ]);
    expect(a).toEqual(b);
    expect([
      ['USD', 'quarter'],
      ['EUR', 'month'],
    ]).toContainEqual([a.currency, a.granularity]);
    expect(await programs.get(tenantId, 'RACE-PRG')).toEqual(a);
    expect(await t.db.collection(COLLECTIONS.programs).countDocuments({ tenantId })).toBe(1);
  });

  // Two admins setting different periods at the same time must both be kept. Ten programs race at
  // once so that an engine which applies $set as a read-modify-write of the whole document
  // (FerretDB 1.x) is caught, not just sometimes.
  it.each(['a new program', 'an existing program'])(
    'when two admins set different periods of %s at once then both periods are kept',
    async (which) => {
      const tenantId = tenant();
      const codes = Array.from({ length: 10 }, (_, i) => `RACE-${i}`);
      if (which === 'an existing program')
        for (const code of codes) await setFunds(tenantId, spec(code, 'USD', '2025-Q4'), period('2025-Q4'), 500, alice);
      await Promise.all(
        codes.flatMap((code) => [
          setFunds(tenantId, spec(code, 'USD', '2026-Q1'), period('2026-Q1'), 1_000, alice),
          setFunds(tenantId, spec(code, 'USD', '2026-Q2'), period('2026-Q2'), 2_000, bob),
        ]),
      );
      const lost: string[] = [];
      for (const code of codes) {
        const program = (await programs.get(tenantId, code))!;
        if (earnedFor(program, '2026-Q1') !== 1_000) lost.push(`${code} 2026-Q1`);
        if (earnedFor(program, '2026-Q2') !== 2_000) lost.push(`${code} 2026-Q2`);
      }
      expect(lost).toEqual([]);
      expect(await t.db.collection(COLLECTIONS.programs).countDocuments({ tenantId })).toBe(10);
    },
    120_000,
  );
});
