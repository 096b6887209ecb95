import type { Collection, Db } from 'mongodb';
import type { Person } from '../domain/claim';
import type { UsagePeriod } from '../domain/period';
import type { ProgramRepository } from '../domain/ports';
import type { Program } from '../domain/program';
import { COLLECTIONS, isDuplicateKey } from './mongo';

interface EarnedDoc {
  start: string;
  end: string;
  earnedMinor: number;
  setBy: Person;
  setAt: Date;
}

interface ProgramDoc {
  _id: string;
  tenantId: string;
  code: string;
  name: string;
  currency: string;
  /** Earned funds keyed by period code: each period is set atomically on its own ($set on one path). */
  earned: Record<string, EarnedDoc>;
  createdAt: Date;
}

function toProgram(doc: ProgramDoc): Program {
  return {
    tenantId: doc.tenantId,
    code: doc.code,
    name: doc.name,
    currency: doc.currency,
    periods: Object.entries(doc.earned ?? {}).map(([code, e]) => ({ period: { code, start: e.start, end: e.end }, earnedMinor: e.earnedMinor })),
  };
}

export class MongoProgramRepository implements ProgramRepository {
  private readonly programs: Collection<ProgramDoc>;

  constructor(db: Db) {
    this.programs = db.collection<ProgramDoc>(COLLECTIONS.programs);
  }

  async list(tenantId: string): Promise<readonly Program[]> {
    const docs = await this.programs.find({ tenantId }).sort({ code: 1 }).toArray();
    return docs.map(toProgram);
  }

  async get(tenantId: string, code: string): Promise<Program | undefined> {
    const doc = await this.programs.findOne({ _id: `${tenantId}:${code}` });
    return doc ? toProgram(doc) : undefined;
  }

  async setEarnedFunds(tenantId: string, code: string, currency: string, period: UsagePeriod, earnedMinor: number, by: Person): Promise<Program> {
    const _id = `${tenantId}:${code}`;
    const earned: EarnedDoc = { start: period.start, end: period.end, earnedMinor, setBy: by, setAt: new Date() };
    try {
      await this.programs.insertOne({ _id, tenantId, code, name: code, currency, earned: {}, createdAt: new Date() });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    await this.programs.updateOne({ _id }, { $set: { [`earned.${period.code}`]: earned } });
    const doc = await this.programs.findOne({ _id });
    if (!doc) throw new Error(`program ${_id} vanished`);
    return toProgram(doc);
  }
}
