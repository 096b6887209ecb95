import type { Collection, Db } from 'mongodb';
import type { FundsEntry, FundsKey } from '../domain/funds';
import type { FundsLedgerRepository } from '../domain/ports';
import { COLLECTIONS, insertedFirst } from './mongo';

type EntryDoc = FundsEntry & { _id: string };

/**
 * The funds ledger of each program and usage period: entries `<tenant>|<program>|<period>|<seq>`.
 * The `_id` makes the append exclusive on every engine: of two writers that read entry n, only one
 * can insert n + 1 (docs/STORAGE.md).
 */
export class MongoFundsLedger implements FundsLedgerRepository {
  private readonly col: Collection<EntryDoc>;

  constructor(db: Db) {
    this.col = db.collection<EntryDoc>(COLLECTIONS.fundsLedger);
  }

  async latest(key: FundsKey): Promise<FundsEntry | undefined> {
    const doc = await this.col
      .find({ tenantId: key.tenantId, programCode: key.programCode, periodCode: key.periodCode })
      .sort({ seq: -1 })
      .limit(1)
      .next();
    if (!doc) return undefined;
    const { _id, ...entry } = doc;
    return entry;
  }

  append(entry: FundsEntry): Promise<boolean> {
    return insertedFirst(this.col.insertOne({ ...entry, _id: entryId(entry, entry.seq) }));
  }

  async prune(key: FundsKey, beforeSeq: number): Promise<void> {
    if (beforeSeq <= 0) return;
    await this.col.deleteMany({
      tenantId: key.tenantId,
      programCode: key.programCode,
      periodCode: key.periodCode,
      seq: { $lt: beforeSeq },
    });
  }
}

function entryId(key: FundsKey, seq: number): string {
  return `${key.tenantId}|${key.programCode}|${key.periodCode}|${seq}`;
}
