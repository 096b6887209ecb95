import { randomUUID } from 'node:crypto';
import { earnedFor } from '../../src/domain/program';
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

describe('MongoProgramRepository', () => {
  it('when earned funds are set for an unknown program then the program is created with that one period', async () => {
    const tenantId = tenant();
    expect(await programs.get(tenantId, 'ADD-PC')).toBeUndefined();
    const program = await programs.setEarnedFunds(tenantId, 'ADD-PC', 'USD', period('2026-Q3'), 5_000_000, alice);
    expect(program).toEqual({
      tenantId,
      code: 'ADD-PC',
      name: 'ADD-PC',
      currency: 'USD',
      periods: [{ period: { code: '2026-Q3', start: '2026-07-01', end: '2026-09-30' }, earnedMinor: 5_000_000 }],
    });
    expect(await programs.get(tenantId, 'ADD-PC')).toEqual(program);
  });

  it('when a second period is set then the first one is kept', async () => {
    const tenantId = tenant();
    await programs.setEarnedFunds(tenantId, 'ADD-PC', 'USD', period('2026-Q3'), 5_000_000, alice);
    const program = await programs.setEarnedFunds(tenantId, 'ADD-PC', 'USD', period('2026-Q4'), 7_000_000, bob);
    expect(program.periods).toHaveLength(2);
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
    await programs.setEarnedFunds(tenantId, 'ADD-PC', 'USD', period('2026-Q3'), 5_000_000, alice);
    expect(await programs.earnedFunds(tenantId, 'ADD-PC', '2026-Q3')).toBe(5_000_000);
    expect(await programs.earnedFunds(tenantId, 'ADD-PC', '2026-Q4')).toBeUndefined();
    expect(await programs.earnedFunds(tenant(), 'ADD-PC', '2026-Q3')).toBeUndefined();
  });

  it('when a period is set again then its amount is replaced and the other periods stay', async () => {
    const tenantId = tenant();
    await programs.setEarnedFunds(tenantId, 'ADD-PC', 'USD', period('2026-Q3'), 5_000_000, alice);
    await programs.setEarnedFunds(tenantId, 'ADD-PC', 'USD', period('2026-H2'), 9_000_000, alice);
    const program = await programs.setEarnedFunds(tenantId, 'ADD-PC', 'USD', period('2026-Q3'), 6_500_000, bob);
    expect(program.periods).toHaveLength(2);
    expect(earnedFor(program, '2026-Q3')).toBe(6_500_000);
    expect(earnedFor(program, '2026-H2')).toBe(9_000_000);
    expect(earnedFor((await programs.get(tenantId, 'ADD-PC'))!, '2026-Q3')).toBe(6_500_000);
  });

  it('when periods of different kinds are set then each is stored under its own code', async () => {
    const tenantId = tenant();
    for (const code of ['2026', '2026-H1', '2026-Q2', '2026-05'])
      await programs.setEarnedFunds(tenantId, 'ADR-HUB', 'EUR', period(code), 100, alice);
    const program = (await programs.get(tenantId, 'ADR-HUB'))!;
    expect(program.periods.map((p) => p.period.code).sort()).toEqual(['2026', '2026-05', '2026-H1', '2026-Q2']);
    expect(program.currency).toBe('EUR');
  });

  it('when listing programs then they come sorted by code', async () => {
    const tenantId = tenant();
    for (const code of ['PARTNER-X', 'ADD-PC', 'ADR-HUB', 'ADD-HUB'])
      await programs.setEarnedFunds(tenantId, code, 'USD', period('2026-Q3'), 1, alice);
    expect((await programs.list(tenantId)).map((p) => p.code)).toEqual(['ADD-HUB', 'ADD-PC', 'ADR-HUB', 'PARTNER-X']);
  });

  it('when two tenants use the same program code then each sees only its own program and funds', async () => {
    const a = tenant();
    const b = tenant();
    await programs.setEarnedFunds(a, 'ADD-PC', 'USD', period('2026-Q3'), 111, alice);
    await programs.setEarnedFunds(b, 'ADD-PC', 'EUR', period('2026-Q4'), 222, bob);
    await programs.setEarnedFunds(b, 'ONLY-B', 'EUR', period('2026-Q4'), 333, bob);
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

  // The port promises "atomic per period": two admins setting different periods at the same time
  // must both be kept. Ten programs race at once so that an engine which applies $set as a
  // read-modify-write of the whole document (FerretDB 1.x) is caught, not just sometimes.
  it.each(['a new program', 'an existing program'])(
    'when two admins set different periods of %s at once then both periods are kept',
    async (which) => {
      const tenantId = tenant();
      const codes = Array.from({ length: 10 }, (_, i) => `RACE-${i}`);
      if (which === 'an existing program')
        for (const code of codes) await programs.setEarnedFunds(tenantId, code, 'USD', period('2025-Q4'), 500, alice);
      await Promise.all(
        codes.flatMap((code) => [
          programs.setEarnedFunds(tenantId, code, 'USD', period('2026-Q1'), 1_000, alice),
          programs.setEarnedFunds(tenantId, code, 'USD', period('2026-Q2'), 2_000, bob),
        ]),
      );
      const lost: string[] = [];
      for (const code of codes) {
        const program = (await programs.get(tenantId, code))!;
        if (earnedFor(program, '2026-Q1') !== 1_000) lost.push(`${code} 2026-Q1`);
        if (earnedFor(program, '2026-Q2') !== 2_000) lost.push(`${code} 2026-Q2`);
      }
      expect(lost).toEqual([]);
    },
  );
});
