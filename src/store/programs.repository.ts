import type { Collection, Db } from 'mongodb';
import type { Person } from '../domain/claim';
import type { Granularity, UsagePeriod } from '../domain/period';
import type { ProgramRepository } from '../domain/ports';
import { inferGranularity, type Program } from '../domain/program';
import { COLLECTIONS, ignoreDuplicate, insertOrReplace } from './mongo';

interface ProgramDoc {
  _id: string;
  tenantId: string;
  code: string;
  name: string;
  currency: string;
  /** Fixed with the first earned funds (older programs: inferred from their first period). */
  granularity?: Granularity;
  createdAt: Date;
}

/**
 * Earned funds of one program and usage period, one document each: setting two periods at once
 * never touches the same document, so no engine can lose one (FerretDB 1.x updates are not atomic).
 */
interface FundsDoc {
  _id: string;
  tenantId: string;
  programCode: string;
  period: UsagePeriod;
  earnedMinor: number;
  setBy: Person;
  setAt: Date;
  /** The funds ledger entry that recorded this amount (absent on documents from before). */
  ledgerSeq?: number;
}

export class MongoProgramRepository implements ProgramRepository {
  private readonly programs: Collection<ProgramDoc>;
  private readonly funds: Collection<FundsDoc>;

  constructor(db: Db) {
    this.programs = db.collection<ProgramDoc>(COLLECTIONS.programs);
    this.funds = db.collection<FundsDoc>(COLLECTIONS.programFunds);
  }

  async list(tenantId: string): Promise<readonly Program[]> {
    const [programs, funds] = await Promise.all([
      this.programs.find({ tenantId }).sort({ code: 1 }).toArray(),
      this.funds.find({ tenantId }).toArray(),
    ]);
    return programs.map((p) =>
      toProgram(
        p,
        funds.filter((f) => f.programCode === p.code),
      ),
    );
  }

  async get(tenantId: string, code: string): Promise<Program | undefined> {
    const [program, funds] = await Promise.all([
      this.programs.findOne({ _id: programId(tenantId, code) }),
      this.funds.find({ tenantId, programCode: code }).toArray(),
    ]);
    return program ? toProgram(program, funds) : undefined;
  }

  async ensure(
    tenantId: string,
    program: { readonly code: string; readonly currency: string; readonly granularity: Granularity },
  ): Promise<Program> {
    const { code, currency, granularity } = program;
    await ignoreDuplicate(
      this.programs.insertOne({
        _id: programId(tenantId, code),
        tenantId,
        code,
        name: code,
        currency,
        granularity,
        createdAt: new Date(),
      }),
    );
    const stored = await this.get(tenantId, code);
    if (!stored) throw new Error(`program ${code} vanished`);
    return stored;
  }

  async setEarnedFunds(
    tenantId: string,
    code: string,
    period: UsagePeriod,
    earnedMinor: number,
    by: Person,
    ledgerSeq?: number,
  ): Promise<Program> {
    const doc: FundsDoc = {
      _id: `${programId(tenantId, code)}:${period.code}`,
      tenantId,
      programCode: code,
      period,
      earnedMinor,
      setBy: by,
      setAt: new Date(),
      ...(ledgerSeq === undefined ? {} : { ledgerSeq }),
    };
    // A setting the ledger recorded earlier than the stored one (two admins at once) changes nothing.
    await insertOrReplace(
      this.funds,
      doc,
      ledgerSeq === undefined ? {} : { $or: [{ ledgerSeq: { $lt: ledgerSeq } }, { ledgerSeq: { $exists: false } }] },
    );
    const stored = await this.get(tenantId, code);
    if (!stored) throw new Error(`program ${code} vanished`);
    return stored;
  }
}

function programId(tenantId: string, code: string): string {
  return `${tenantId}:${code}`;
}

function toProgram(doc: ProgramDoc, funds: readonly FundsDoc[]): Program {
  const periods = funds
    .map((f) => ({ period: f.period, earnedMinor: f.earnedMinor }))
    .sort((a, b) => a.period.start.localeCompare(b.period.start));
  return {
    tenantId: doc.tenantId,
    code: doc.code,
    name: doc.name,
    currency: doc.currency,
    granularity: doc.granularity ?? inferGranularity(periods),
    periods,
  };
}
