import { randomUUID } from 'node:crypto';
import { MongoRates } from '../../src/store/rates.repository';
import { alice, bob } from '../support/domain-factories';
import { openTestDb, type TestDb } from '../support/db';

let t: TestDb;
let rates: MongoRates;

beforeAll(async () => {
  t = await openTestDb();
  rates = new MongoRates(t.db);
});

afterAll(async () => {
  await t.drop();
});

function tenant(): string {
  return `tenant-${randomUUID()}`;
}

describe('MongoRates', () => {
  it('when a rate is set then get answers with it and a currency without one is undefined', async () => {
    const tenantId = tenant();
    await rates.set(tenantId, { currency: 'EUR', perUsdMicro: 920_000, setOn: '2026-10-01' }, alice);
    expect(await rates.get(tenantId, 'EUR')).toEqual({ currency: 'EUR', perUsdMicro: 920_000, setOn: '2026-10-01' });
    expect(await rates.get(tenantId, 'GBP')).toBeUndefined();
  });

  it('when a rate is set again then the new one replaces it and only one is listed', async () => {
    const tenantId = tenant();
    await rates.set(tenantId, { currency: 'EUR', perUsdMicro: 920_000, setOn: '2026-10-01' }, alice);
    await rates.set(tenantId, { currency: 'EUR', perUsdMicro: 935_500, setOn: '2026-10-15' }, bob);
    expect(await rates.get(tenantId, 'EUR')).toEqual({ currency: 'EUR', perUsdMicro: 935_500, setOn: '2026-10-15' });
    expect(await rates.list(tenantId)).toEqual([{ currency: 'EUR', perUsdMicro: 935_500, setOn: '2026-10-15' }]);
  });

  it('when several currencies have rates then list gives them sorted by currency', async () => {
    const tenantId = tenant();
    for (const [currency, perUsdMicro] of [
      ['JPY', 150_000_000],
      ['EUR', 920_000],
      ['GBP', 790_000],
    ] as const)
      await rates.set(tenantId, { currency, perUsdMicro, setOn: '2026-10-01' }, alice);
    expect((await rates.list(tenantId)).map((r) => r.currency)).toEqual(['EUR', 'GBP', 'JPY']);
  });

  it('when two tenants set the same currency then each sees only its own rate', async () => {
    const a = tenant();
    const b = tenant();
    await rates.set(a, { currency: 'EUR', perUsdMicro: 900_000, setOn: '2026-10-01' }, alice);
    await rates.set(b, { currency: 'EUR', perUsdMicro: 950_000, setOn: '2026-10-02' }, bob);
    expect((await rates.get(a, 'EUR'))?.perUsdMicro).toBe(900_000);
    expect((await rates.get(b, 'EUR'))?.perUsdMicro).toBe(950_000);
    expect(await rates.list(a)).toHaveLength(1);
    expect(await rates.list(tenant())).toEqual([]);
  });
});
