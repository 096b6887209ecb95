import type { Collection, Db } from 'mongodb';
import type { Claim, ClaimChanges, ClaimEvent, ClaimEventType } from '../domain/claim';
import { ClaimChangedError } from '../domain/errors';
import type { ClaimRepository, FundsUse, NewEvent, OverviewRow, Page, PageRequest } from '../domain/ports';
import { APPROVED, PENDING, type ClaimStatus } from '../domain/status';
import { COLLECTIONS, isDuplicateKey } from './mongo';

type ClaimDoc = Omit<Claim, 'id'> & { _id: string };
type EventDoc = ClaimEvent & { _id: string };
interface CounterDoc {
  _id: string;
  seq: number;
}

const MAX_NUMBER_ATTEMPTS = 1000;

function formatNumber(n: number): string {
  return `CLM-${String(n).padStart(6, '0')}`;
}

const HOLDS_FUNDS: readonly ClaimStatus[] = [...PENDING, ...APPROVED];

function toClaim(doc: ClaimDoc): Claim {
  const { _id, ...rest } = doc;
  return { ...rest, id: _id };
}

function toEvent(doc: EventDoc): ClaimEvent {
  const { _id, ...rest } = doc;
  return rest;
}

/**
 * Claims and their History. Every change commits through its event (docs/STORAGE.md):
 * 1. insert the event with seq = version + 1 — the unique (claimId, seq) index lets one writer win;
 * 2. move the claim from `version` to `seq` with the event's fields.
 * A reader that finds events beyond the claim's version applies them, so a crash between 1 and 2
 * loses nothing.
 */
export class MongoClaimRepository implements ClaimRepository {
  private readonly claims: Collection<ClaimDoc>;
  private readonly eventLog: Collection<EventDoc>;
  private readonly counters: Collection<CounterDoc>;
  private readonly reviewCards: Collection<{ _id: string; tenantId: string; activityId: string; at: Date }>;

  constructor(db: Db) {
    this.claims = db.collection<ClaimDoc>(COLLECTIONS.claims);
    this.eventLog = db.collection<EventDoc>(COLLECTIONS.events);
    this.counters = db.collection<CounterDoc>(COLLECTIONS.counters);
    this.reviewCards = db.collection(COLLECTIONS.reviewCards);
  }

  async create(claim: Omit<Claim, 'version' | 'number'>, event: NewEvent): Promise<Claim> {
    // Numbers are taken by inserting the claim under the unique (tenantId, number) index: exactly one
    // writer gets each number, on every engine (atomic $inc is not available everywhere). The counter
    // document is only a hint of the last number used, so a lagging hint costs a retry, never a repeat.
    // Version 0 has no overviewKey and stays invisible until its created event commits.
    const { id, overviewKey, ...rest } = claim;
    const counterId = `claim-number:${claim.tenantId}`;
    let candidate = ((await this.counters.findOne({ _id: counterId }))?.seq ?? 0) + 1;
    for (let attempt = 0; ; attempt++) {
      const number = formatNumber(candidate);
      try {
        await this.claims.insertOne({ ...rest, _id: id, number, version: 0 } as ClaimDoc);
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= MAX_NUMBER_ATTEMPTS) throw err;
        const hint = (await this.counters.findOne({ _id: counterId }))?.seq ?? 0;
        candidate = Math.max(candidate + 1, hint + 1);
        continue;
      }
      await this.advanceCounter(counterId, candidate);
      return this.commit({ ...claim, number, version: 0 }, { ...event, data: { ...event.data, number } }, { overviewKey });
    }
  }

  private async advanceCounter(counterId: string, seq: number): Promise<void> {
    try {
      await this.counters.updateOne({ _id: counterId, seq: { $lt: seq } }, { $set: { seq } }, { upsert: true });
    } catch (err) {
      // A concurrent writer created or advanced the counter first: the hint is already at least as high.
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async get(tenantId: string, claimId: string): Promise<Claim | undefined> {
    const doc = await this.claims.findOne({ _id: claimId, tenantId });
    return doc ? this.rollForward(doc) : undefined;
  }

  async getByNumber(tenantId: string, number: string): Promise<Claim | undefined> {
    const doc = await this.claims.findOne({ tenantId, number });
    return doc ? this.rollForward(doc) : undefined;
  }

  async commit(claim: Claim, event: NewEvent, changes: ClaimChanges): Promise<Claim> {
    const seq = claim.version + 1;
    try {
      await this.eventLog.insertOne({ _id: `${claim.id}:${seq}`, claimId: claim.id, tenantId: claim.tenantId, seq, ...event, set: changes });
    } catch (err) {
      if (isDuplicateKey(err)) throw new ClaimChangedError(claim.id);
      throw err;
    }
    // The event is the commit point; this update only materialises it. If it matches nothing, a
    // reader has already rolled the claim forward with the same fields.
    await this.claims.updateOne({ _id: claim.id, tenantId: claim.tenantId, version: claim.version }, { $set: { ...changes, version: seq } });
    return { ...claim, ...changes, version: seq };
  }

  async queue(tenantId: string, statuses: readonly ClaimStatus[], page: PageRequest): Promise<Page<Claim>> {
    const query = { tenantId, status: { $in: [...statuses] } };
    const [docs, total] = await Promise.all([
      this.claims.find(query).sort({ submittedAt: 1 }).skip(page.skip).limit(page.limit).toArray(),
      this.claims.countDocuments(query),
    ]);
    return { items: docs.map(toClaim), total };
  }

  async setReviewCard(tenantId: string, claimId: string, activityId: string): Promise<void> {
    // Its own document: a claim update (a whole-document rewrite on some engines) can never drop it.
    const doc = { _id: claimId, tenantId, activityId, at: new Date() };
    try {
      await this.reviewCards.insertOne(doc);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await this.reviewCards.replaceOne({ _id: claimId, tenantId }, doc);
    }
  }

  async reviewCard(tenantId: string, claimId: string): Promise<string | undefined> {
    return (await this.reviewCards.findOne({ _id: claimId, tenantId }))?.activityId;
  }

  async list(tenantId: string, filter: { status?: ClaimStatus; createdBy?: string }, page: PageRequest): Promise<Page<Claim>> {
    const query = {
      tenantId,
      version: { $gte: 1 },
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.createdBy ? { 'createdBy.id': filter.createdBy } : {}),
    };
    const [docs, total] = await Promise.all([
      this.claims.find(query).sort({ createdAt: -1 }).skip(page.skip).limit(page.limit).toArray(),
      this.claims.countDocuments(query),
    ]);
    return { items: docs.map(toClaim), total };
  }

  async events(tenantId: string, claimId: string, page: PageRequest): Promise<Page<ClaimEvent>> {
    const query = { tenantId, claimId };
    const [docs, total] = await Promise.all([
      this.eventLog.find(query).sort({ seq: -1 }).skip(page.skip).limit(page.limit).toArray(),
      this.eventLog.countDocuments(query),
    ]);
    return { items: docs.map(toEvent), total };
  }

  async eventsOfType(tenantId: string, claimId: string, type: ClaimEventType): Promise<readonly ClaimEvent[]> {
    const docs = await this.eventLog.find({ tenantId, claimId, type }).sort({ seq: 1 }).toArray();
    return docs.map(toEvent);
  }

  async fundsUse(tenantId: string, programCode: string, periodCode: string, activityCode: string, excludeClaimId: string): Promise<FundsUse> {
    const docs = await this.claims
      .find(
        { tenantId, programCode, 'period.code': periodCode, status: { $in: [...HOLDS_FUNDS] } },
        { projection: { _id: 1, status: 1, activityCode: 1, claimedMinor: 1, approvedMinor: 1 } },
      )
      .toArray();
    let allMinor = 0;
    let activityMinor = 0;
    for (const d of docs) {
      if (d._id === excludeClaimId) continue;
      const held = APPROVED.includes(d.status) ? d.approvedMinor : d.claimedMinor;
      allMinor += held;
      if (d.activityCode === activityCode) activityMinor += held;
    }
    return { allMinor, activityMinor };
  }

  async overview(tenantId: string): Promise<readonly OverviewRow[]> {
    // Grouped on one precomputed plain field, one accumulator per $group: engines disagree on
    // compound and expression keys, and FerretDB 1.24 computes only the first accumulator.
    const group = (sum: 1 | '$claimedMinor' | '$approvedMinor') =>
      this.claims.aggregate<{ _id: string | null; v: number }>([{ $match: { tenantId } }, { $group: { _id: '$overviewKey', v: { $sum: sum } } }]).toArray();
    const [counts, claimed, approved] = await Promise.all([group(1), group('$claimedMinor'), group('$approvedMinor')]);
    const sums = (rows: { _id: string | null; v: number }[]) => new Map(rows.map((r) => [r._id, r.v]));
    const claimedBy = sums(claimed);
    const approvedBy = sums(approved);
    return counts.flatMap((r) => {
      const [programCode, periodCode, status] = (r._id ?? '').split('|');
      if (!programCode || !periodCode || !status) return [];
      return [{ programCode, periodCode, status: status as ClaimStatus, count: r.v, claimedMinor: claimedBy.get(r._id) ?? 0, approvedMinor: approvedBy.get(r._id) ?? 0 }];
    });
  }

  /** Applies committed events the claim document has not caught up with yet (crash recovery). */
  private async rollForward(doc: ClaimDoc): Promise<Claim | undefined> {
    const pending = await this.eventLog.find({ claimId: doc._id, seq: { $gt: doc.version } }).sort({ seq: 1 }).toArray();
    if (pending.length === 0) return doc.version >= 1 ? toClaim(doc) : undefined;
    let rolled: ClaimDoc = doc;
    for (const e of pending) {
      if (e.seq !== rolled.version + 1) break;
      rolled = { ...rolled, ...e.set, version: e.seq } as ClaimDoc;
    }
    const { _id, ...fields } = rolled;
    await this.claims.updateOne({ _id, version: doc.version }, { $set: fields });
    return rolled.version >= 1 ? toClaim(rolled) : undefined;
  }
}
