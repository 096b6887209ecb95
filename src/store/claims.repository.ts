import { MongoServerError, type Collection, type Db } from 'mongodb';
import type { Claim, ClaimChanges, ClaimEvent } from '../domain/claim';
import { ClaimChangedError } from '../domain/errors';
import { chainHead, eventHash } from '../domain/history-chain';
import type { ClaimFilter, ClaimRepository, NewEvent, OverviewRow, Page, PageRequest } from '../domain/ports';
import { HOLDS_FUNDS, type ClaimStatus } from '../domain/status';
import { COLLECTIONS, ensureIndexes, insertOrReplace, isDuplicateKey } from './mongo';

type ClaimDoc = Omit<Claim, 'id'> & { _id: string };
/** An event as stored: `unset` names the fields the event removes (a $set cannot say that). */
type EventDoc = ClaimEvent & { _id: string };
interface CounterDoc {
  _id: string;
  seq: number;
}

const MAX_NUMBER_ATTEMPTS = 1000;

/** A change to any of these fields changes the overview of the claim's program and period. */
const OVERVIEW_FIELDS: readonly (keyof ClaimChanges)[] = ['status', 'overviewKey', 'claimedMinor', 'approvedMinor'];

/** Claims of one program and period, counted and summed by status. */
interface OverviewRowDoc {
  _id: string;
  tenantId: string;
  programCode: string;
  periodCode: string;
  rows: Array<{ status: ClaimStatus; count: number; claimedMinor: number; approvedMinor: number }>;
  computedAt: Date;
}

function formatNumber(n: number): string {
  return `CLM-${String(n).padStart(6, '0')}`;
}

function toClaim(doc: ClaimDoc): Claim {
  const { _id, ...rest } = doc;
  return { ...rest, id: _id };
}

function toEvent(doc: EventDoc): ClaimEvent {
  const { _id, ...rest } = doc;
  return rest;
}

/** Splits a change into the fields it sets and those it removes (set to undefined). */
function split(changes: ClaimChanges): { set: Record<string, unknown>; unset: string[] } {
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) unset.push(key);
    else set[key] = value;
  }
  return { set, unset };
}

/** The fields a claim list or sweep needs: not the documents, requests or review texts. */
const SUMMARY = {
  documents: 0,
  requests: 0,
  'review.feedback': 0,
  contributors: 0,
  commenters: 0,
  participants: 0,
  fulfilled: 0,
} as const;

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
  private readonly overviewRows: Collection<OverviewRowDoc>;

  constructor(private readonly db: Db) {
    this.claims = db.collection<ClaimDoc>(COLLECTIONS.claims);
    this.eventLog = db.collection<EventDoc>(COLLECTIONS.events);
    this.counters = db.collection<CounterDoc>(COLLECTIONS.counters);
    this.overviewRows = db.collection<OverviewRowDoc>(COLLECTIONS.overviewRows);
  }

  async create(claim: Omit<Claim, 'version' | 'number'>, event: NewEvent): Promise<Claim> {
    // Numbers are taken by inserting the claim under the unique (tenantId, number) index: exactly one
    // writer gets each number, on every engine (atomic $inc is not available everywhere). The counter
    // document is only a hint of the last number used, so a lagging hint costs a retry, never a repeat.
    // Version 0 has no overviewKey and stays invisible until its created event commits.
    const { id, overviewKey, ...rest } = claim;
    const counterId = `claim-number:${claim.tenantId}`;
    const hint = await this.counters.findOne({ _id: counterId });
    // No hint: the tenant's first claim — or a database that came back empty, and with it without
    // the index the numbers rely on. Creating the indexes again costs nothing when they exist.
    if (!hint) await this.reensureIndexes();
    let candidate = (hint?.seq ?? 0) + 1;
    for (let attempt = 0; ; attempt++) {
      const number = formatNumber(candidate);
      try {
        await this.claims.insertOne({ ...rest, _id: id, number, version: 0 } as ClaimDoc);
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= MAX_NUMBER_ATTEMPTS) throw err;
        const latest = (await this.counters.findOne({ _id: counterId }))?.seq ?? 0;
        candidate = Math.max(candidate + 1, latest + 1);
        continue;
      }
      if (!(await this.holdsAlone(claim.tenantId, id, number))) {
        if (attempt >= MAX_NUMBER_ATTEMPTS) throw new Error(`no free claim number for ${claim.tenantId}`);
        continue; // the same number again: now that the index is back, it decides who gets it
      }
      await this.advanceCounter(counterId, candidate);
      return this.commit(
        { ...claim, number, version: 0 },
        { ...event, data: { ...event.data, number } },
        { overviewKey },
      );
    }
  }

  /**
   * True when the claim just inserted is the only one with its number. With the unique index in
   * place it always is. Without it (a database restored or recreated without its indexes) two
   * inserts of one number can both succeed; then every writer that sees another holder steps back
   * (removes its own claim) and the indexes are created again. A writer that saw itself alone
   * checked after its insert, so a later writer of that number sees it and steps back: at most
   * one claim ever carries a number past this point.
   */
  private async holdsAlone(tenantId: string, id: string, number: string): Promise<boolean> {
    const holders = await this.claims.find({ tenantId, number }, { projection: { _id: 1 }, limit: 2 }).toArray();
    if (holders.length <= 1) return true;
    await this.claims.deleteOne({ _id: id, tenantId, version: 0 });
    await this.reensureIndexes();
    return false;
  }

  /**
   * Creates the indexes again (idempotent). While other writers still hold duplicate numbers the
   * unique index cannot be built yet (the engine refuses it); the next attempt builds it, and
   * holdsAlone keeps the numbers unique meanwhile.
   */
  private async reensureIndexes(): Promise<void> {
    try {
      await ensureIndexes(this.db);
    } catch (err) {
      if (!(err instanceof MongoServerError)) throw err;
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

  async getForChange(tenantId: string, claimId: string): Promise<Claim | undefined> {
    const doc = await this.claims.findOne({ _id: claimId, tenantId });
    return doc && doc.version >= 1 ? toClaim(doc) : undefined;
  }

  async eventAt(tenantId: string, claimId: string, seq: number): Promise<ClaimEvent | undefined> {
    const doc = await this.eventLog.findOne({ _id: `${claimId}:${seq}`, tenantId });
    return doc ? toEvent(doc) : undefined;
  }

  async commit(claim: Claim, event: NewEvent, changes: ClaimChanges): Promise<Claim> {
    const seq = claim.version + 1;
    const { set, unset } = split(changes);
    const stored = {
      claimId: claim.id,
      tenantId: claim.tenantId,
      seq,
      ...event,
      set: set as ClaimChanges,
      ...(unset.length > 0 ? { unset } : {}),
    };
    const prevHash = seq === 1 ? null : (claim.historyHash ?? (await this.headOf(claim)));
    const hash = eventHash(stored, prevHash);
    try {
      await this.eventLog.insertOne({ _id: `${claim.id}:${seq}`, ...stored, prevHash, hash });
    } catch (err) {
      if (isDuplicateKey(err)) throw new ClaimChangedError(claim.id);
      throw err;
    }
    // The event is the commit point; this update only materialises it. If it matches nothing, a
    // reader has already rolled the claim forward with the same fields.
    await this.claims.updateOne(
      { _id: claim.id, tenantId: claim.tenantId, version: claim.version },
      {
        $set: { ...set, version: seq, historyHash: hash },
        ...(unset.length > 0 ? { $unset: Object.fromEntries(unset.map((k) => [k, ''])) } : {}),
      },
    );
    if (OVERVIEW_FIELDS.some((f) => f in changes)) {
      await this.refreshOverviewRow(claim.tenantId, claim.programCode, claim.period.code);
      const period = (set.period as Claim['period'] | undefined)?.code;
      if (period && period !== claim.period.code)
        await this.refreshOverviewRow(claim.tenantId, claim.programCode, period);
    }
    const next: Record<string, unknown> = { ...claim, ...set, version: seq, historyHash: hash };
    for (const key of unset) delete next[key];
    return next as unknown as Claim;
  }

  /** The hash a claim's next event follows when the claim does not carry it (History from before chaining). */
  private async headOf(claim: Claim): Promise<string | null> {
    const docs = await this.eventLog
      .find({ tenantId: claim.tenantId, claimId: claim.id, seq: { $lte: claim.version } })
      .sort({ seq: 1 })
      .toArray();
    return chainHead(docs);
  }

  async queue(tenantId: string, statuses: readonly ClaimStatus[], page: PageRequest): Promise<Page<Claim>> {
    const query = { tenantId, status: { $in: [...statuses] } };
    const [docs, total] = await Promise.all([
      this.claims.find(query).sort({ submittedAt: 1 }).skip(page.skip).limit(page.limit).toArray(),
      this.claims.countDocuments(query),
    ]);
    return { items: docs.map(toClaim), total };
  }

  async list(tenantId: string, filter: ClaimFilter, page: PageRequest): Promise<Page<Claim>> {
    const query = {
      tenantId,
      version: { $gte: 1 },
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.programCode ? { programCode: filter.programCode } : {}),
      ...(filter.periodCode ? { 'period.code': filter.periodCode } : {}),
      ...(filter.createdBy ? { 'createdBy.id': filter.createdBy } : {}),
      ...(filter.homeConversationId !== undefined ? { 'home.conversationId': filter.homeConversationId } : {}),
    };
    const [docs, total] = await Promise.all([
      this.claims
        .find(query, { projection: SUMMARY })
        .sort({ createdAt: -1 })
        .skip(page.skip)
        .limit(page.limit)
        .toArray(),
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

  async allEvents(tenantId: string, claimId: string): Promise<readonly ClaimEvent[]> {
    const docs = await this.eventLog.find({ tenantId, claimId }).sort({ seq: 1 }).toArray();
    return docs.map(toEvent);
  }

  async holders(tenantId: string, programCode: string, periodCode: string): Promise<readonly Claim[]> {
    const docs = await this.claims
      .find(
        { tenantId, programCode, 'period.code': periodCode, status: { $in: [...HOLDS_FUNDS] } },
        {
          projection: {
            _id: 1,
            tenantId: 1,
            status: 1,
            activityCode: 1,
            claimedMinor: 1,
            approvedMinor: 1,
            programCode: 1,
            period: 1,
            version: 1,
          },
        },
      )
      .toArray();
    return docs.filter((d) => d.version >= 1).map(toClaim);
  }

  async dueBefore(status: ClaimStatus, day: string, limit: number): Promise<readonly Claim[]> {
    const field = status === 'Editing' ? 'deadline' : 'dueDate';
    const docs = await this.claims
      .find({ status, [field]: { $lt: day }, version: { $gte: 1 } }, { projection: SUMMARY })
      .limit(limit)
      .toArray();
    return docs.map(toClaim);
  }

  async dueBetween(status: ClaimStatus, from: string, to: string, limit: number): Promise<readonly Claim[]> {
    const field = status === 'Editing' ? 'deadline' : 'dueDate';
    const docs = await this.claims
      .find({ status, [field]: { $gte: from, $lte: to }, version: { $gte: 1 } }, { projection: SUMMARY })
      .limit(limit)
      .toArray();
    return docs.map(toClaim);
  }

  /**
   * The overview reads one small row per program and period (≤ programs × periods documents),
   * never the tenant's claims: see refreshOverviewRow. A tenant whose rows were never built (data
   * from before the rows existed) gets them built once, here.
   */
  async overview(tenantId: string): Promise<readonly OverviewRow[]> {
    let rows = await this.overviewRows.find({ tenantId }).toArray();
    if (
      rows.length === 0 &&
      (await this.claims.findOne({ tenantId, version: { $gte: 1 } }, { projection: { _id: 1 } }))
    ) {
      const buckets = await this.claims
        .find({ tenantId, version: { $gte: 1 } }, { projection: { programCode: 1, 'period.code': 1 } })
        .toArray();
      const keys = new Map(buckets.map((b) => [`${b.programCode}|${b.period.code}`, b]));
      for (const b of keys.values()) await this.refreshOverviewRow(tenantId, b.programCode, b.period.code);
      rows = await this.overviewRows.find({ tenantId }).toArray();
    }
    return rows.flatMap((r) => r.rows.map((s) => ({ programCode: r.programCode, periodCode: r.periodCode, ...s })));
  }

  /**
   * Recomputes one program-and-period overview row from its claims (a few hundred at most) and
   * stores it if no later computation is stored already. A whole recomputation, never an $inc:
   * a write lost to a crash or a race is corrected by the next change in that program and period.
   */
  private async refreshOverviewRow(tenantId: string, programCode: string, periodCode: string): Promise<void> {
    const computedAt = new Date();
    const claims = await this.claims
      .find(
        { tenantId, programCode, 'period.code': periodCode, version: { $gte: 1 } },
        { projection: { status: 1, claimedMinor: 1, approvedMinor: 1 } },
      )
      .toArray();
    const byStatus = new Map<
      ClaimStatus,
      { status: ClaimStatus; count: number; claimedMinor: number; approvedMinor: number }
    >();
    for (const c of claims) {
      const row = byStatus.get(c.status) ?? { status: c.status, count: 0, claimedMinor: 0, approvedMinor: 0 };
      row.count += 1;
      row.claimedMinor += c.claimedMinor;
      row.approvedMinor += c.approvedMinor;
      byStatus.set(c.status, row);
    }
    const doc: OverviewRowDoc = {
      _id: `${tenantId}|${programCode}|${periodCode}`,
      tenantId,
      programCode,
      periodCode,
      rows: [...byStatus.values()],
      computedAt,
    };
    // The latest-started computation wins: it read after every change committed before it.
    await insertOrReplace(this.overviewRows, doc, { computedAt: { $lte: computedAt } });
  }

  /** Applies committed events the claim document has not caught up with yet (crash recovery). */
  private async rollForward(doc: ClaimDoc): Promise<Claim | undefined> {
    const pending = await this.eventLog
      .find({ tenantId: doc.tenantId, claimId: doc._id, seq: { $gt: doc.version } })
      .sort({ seq: 1 })
      .toArray();
    if (pending.length === 0) return doc.version >= 1 ? toClaim(doc) : undefined;
    let rolled: ClaimDoc = doc;
    const removed = new Set<string>();
    for (const e of pending) {
      if (e.seq !== rolled.version + 1) break;
      const next: Record<string, unknown> = { ...rolled, ...e.set, version: e.seq };
      if (e.hash) next.historyHash = e.hash;
      for (const key of Object.keys(e.set)) removed.delete(key);
      for (const key of e.unset ?? []) {
        delete next[key];
        removed.add(key);
      }
      rolled = next as unknown as ClaimDoc;
    }
    const { _id, ...fields } = rolled;
    await this.claims.updateOne(
      { _id, tenantId: doc.tenantId, version: doc.version },
      { $set: fields, ...(removed.size > 0 ? { $unset: Object.fromEntries([...removed].map((k) => [k, ''])) } : {}) },
    );
    if (pending.some((e) => OVERVIEW_FIELDS.some((f) => f in e.set)))
      await this.refreshOverviewRow(doc.tenantId, doc.programCode, doc.period.code);
    return rolled.version >= 1 ? toClaim(rolled) : undefined;
  }
}
