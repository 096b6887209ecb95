import type { Collection, Db } from 'mongodb';
import type { Person } from '../domain/claim';
import type { UsdRate } from '../domain/money';
import type { RateRepository } from '../domain/ports';
import { COLLECTIONS, insertOrReplace } from './mongo';

interface RateDoc extends UsdRate {
  _id: string;
  tenantId: string;
  setBy: Person;
  setAt: Date;
}

/** Exchange rates per tenant and currency (1 USD in that currency), one document each. */
export class MongoRates implements RateRepository {
  private readonly col: Collection<RateDoc>;

  constructor(db: Db) {
    this.col = db.collection<RateDoc>(COLLECTIONS.rates);
  }

  async get(tenantId: string, currency: string): Promise<UsdRate | undefined> {
    const doc = await this.col.findOne({ _id: `${tenantId}:${currency}` });
    return doc ? { currency: doc.currency, perUsdMicro: doc.perUsdMicro, setOn: doc.setOn } : undefined;
  }

  async list(tenantId: string): Promise<readonly UsdRate[]> {
    const docs = await this.col.find({ tenantId }).sort({ currency: 1 }).toArray();
    return docs.map((d) => ({ currency: d.currency, perUsdMicro: d.perUsdMicro, setOn: d.setOn }));
  }

  async set(tenantId: string, rate: UsdRate, by: Person): Promise<void> {
    await insertOrReplace(this.col, {
      _id: `${tenantId}:${rate.currency}`,
      tenantId,
      ...rate,
      setBy: by,
      setAt: new Date(),
    });
  }
}
