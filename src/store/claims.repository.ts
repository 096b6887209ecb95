import { MongoBulkWriteError, MongoServerError, type Collection, type Db } from 'mongodb';
import type { Claim, ClaimChanges, ClaimEvent, ClaimRow } from '../domain/claim';
import { afterCommit, ClaimChangedError } from '../domain/errors';
import { chainHead, eventHash } from '../domain/history-chain';
import type { ClaimFilter, ClaimRepository, NewEvent, OverviewRow, Page, PageRequest } from '../domain/ports';
import { HOLDS_FUNDS, type ClaimStatus } from '../domain/status';
import { COLLECTIONS, ensureIndexes, ignoreDuplicate, isDuplicateKey } from './mongo';

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

/**
 * A change to any of these fields (or the created event) changes the claim's row in lists: what the
 * `claims` command filters, orders and counts on, and what the overview sums.
 */
export const LIST_FIELDS: readonly (keyof ClaimChanges)[] = [
  'status',
  'overviewKey',
  'period',
  'activityCode',
  'claimedMinor',
  'approvedMinor',
  'home',
];

/** Claims per list block: a list page reads the blocks of its numbers, not the tenant's claims (docs/STORAGE.md). */
export const LIST_BLOCK = 100;
/**
 * What one block query costs, in entries decoded (a round trip and PostgreSQL's look at the block's
 * 100 rows, measured ≈ 15 entries' worth on FerretDB-PG): a list reads blocks when the blocks its
 * page needs cost less than decoding every match in one query.
 */
export const LIST_BLOCK_COST = 15;
/** The `migrations` document that says every claim stored before `claim_list` existed has been listed. */
const LISTED_MARKER = 'claim_list';
/** Blocks read at once while a list page collects its entries. */
const MAX_BLOCKS_AT_ONCE = 8;

/**
 * One claim in `claim_list`: the fields lists filter, order and count on, flat so that every filter is
 * a top-level equality (the only filter FerretDB pushes down to its backend). Written with the
 * version whose fields it holds; insert-only (`_id` = `<claimId>:<version>`), older entries deleted
 * after the newer is stored, so a concurrent or crashed writer can leave an extra older entry but
 * never lose the newer one. Readers keep the newest entry per claim.
 */
export interface ListEntryDoc {
  _id: string;
  claimId: string;
  tenantId: string;
  version: number;
  /** The claim number's sequence (CLM-000123 → 123): lists are newest first by it. */
  n: number;
  /** floor((n − 1) / block size): the unit a list page reads. */
  block: number;
  number: string;
  status: ClaimStatus;
  programCode: string;
  periodCode: string;
  activityCode: string;
  claimedMinor: number;
  approvedMinor: number;
  currency: string;
  createdById: string;
  homeConversationId?: string;
}

type Listed = Pick<
  Claim,
  | 'id'
  | 'tenantId'
  | 'version'
  | 'number'
  | 'status'
  | 'programCode'
  | 'period'
  | 'activityCode'
  | 'claimedMinor'
  | 'approvedMinor'
  | 'currency'
  | 'createdBy'
  | 'home'
>;

/** The sequence of a claim number: CLM-000123 → 123. */
function numberOf(number: string): number {
  return Number(/\d+$/.exec(number)?.[0] ?? 0);
}

/** The list entry of a claim as of its version (the seed of `npm run bench:storage` writes these too). */
export function listEntryOf(claim: Listed, block = LIST_BLOCK): ListEntryDoc {
  const n = numberOf(claim.number);
  return {
    _id: `${claim.id}:${claim.version}`,
    claimId: claim.id,
    tenantId: claim.tenantId,
    version: claim.version,
    n,
    block: Math.floor((n - 1) / block),
    number: claim.number,
    status: claim.status,
    programCode: claim.programCode,
    periodCode: claim.period.code,
    activityCode: claim.activityCode,
    claimedMinor: claim.claimedMinor,
    approvedMinor: claim.approvedMinor,
    currency: claim.currency,
    createdById: claim.createdBy.id,
    ...(claim.home ? { homeConversationId: claim.home.conversationId } : {}),
  };
}

/** The newest entry of each claim among `entries`, newest claim (highest number) first. */
function newestPerClaim(entries: readonly ListEntryDoc[]): ListEntryDoc[] {
  const newest = new Map<string, ListEntryDoc>();
  for (const e of entries) {
    const seen = newest.get(e.claimId);
    if (!seen || seen.version < e.version) newest.set(e.claimId, e);
  }
  return [...newest.values()].sort((a, b) => b.n - a.n);
}

/** The overview row of one program and period, from its claims' list entries. */
export function overviewRowOf(
  tenantId: string,
  programCode: string,
  periodCode: string,
  entries: readonly ListEntryDoc[],
  computedAt: Date,
  stamp = computedAt.getTime() * 1000,
): OverviewRowDoc {
  const byStatus = new Map<ClaimStatus, OverviewRowDoc['rows'][number]>();
  for (const c of newestPerClaim(entries)) {
    const row = byStatus.get(c.status) ?? { status: c.status, count: 0, claimedMinor: 0, approvedMinor: 0 };
    row.count += 1;
    row.claimedMinor += c.claimedMinor;
    row.approvedMinor += c.approvedMinor;
    byStatus.set(c.status, row);
  }
  return {
    _id: `${tenantId}|${programCode}|${periodCode}|${stamp}`,
    tenantId,
    programCode,
    periodCode,
    rows: [...byStatus.values()],
    computedAt,
    stamp,
  };
}

/** The newest row of each program and period (a computation's row stays until a newer one prunes it). */
function newestRows(rows: readonly OverviewRowDoc[]): OverviewRowDoc[] {
  const newest = new Map<string, OverviewRowDoc>();
  for (const row of rows) {
    const key = `${row.programCode}|${row.periodCode}`;
    const seen = newest.get(key);
    if (!seen || (row.stamp ?? -1) > (seen.stamp ?? -1)) newest.set(key, row);
  }
  return [...newest.values()];
}

function rowOf(e: ListEntryDoc): ClaimRow {
  return {
    id: e.claimId,
    number: e.number,
    status: e.status,
    programCode: e.programCode,
    periodCode: e.periodCode,
    activityCode: e.activityCode,
    claimedMinor: e.claimedMinor,
    currency: e.currency,
    createdById: e.createdById,
    ...(e.homeConversationId !== undefined ? { homeConversationId: e.homeConversationId } : {}),
  };
}

function matches(claim: Claim, filter: ClaimFilter): boolean {
  return (
    (filter.status === undefined || claim.status === filter.status) &&
    (filter.programCode === undefined || claim.programCode === filter.programCode) &&
    (filter.periodCode === undefined || claim.period.code === filter.periodCode) &&
    (filter.createdBy === undefined || claim.createdBy.id === filter.createdBy) &&
    (filter.homeConversationId === undefined || claim.home?.conversationId === filter.homeConversationId)
  );
}

/** Claims of one program and period, counted and summed by status. */
export interface OverviewRowDoc {
  _id: string;
  tenantId: string;
  programCode: string;
  periodCode: string;
  rows: Array<{ status: ClaimStatus; count: number; claimedMinor: number; approvedMinor: number }>;
  computedAt: Date;
  /**
   * When the computation started, in microseconds and strictly increasing within a process: two
   * computations started in the same millisecond must still be ordered, or the one that read less
   * could overwrite the one that read more (seen with 20 submits at once). Rows from before it have none.
   */
  stamp?: number;
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
  private readonly listed: Collection<ListEntryDoc>;
  private readonly migrations: Collection<{ _id: string; at: Date; claims: number }>;
  private readonly block: number;
  private readonly blockCost: number;
  /** The last overview computation's stamp (see OverviewRowDoc.stamp). */
  private lastStamp = 0;

  /** `options` exist for tests (small blocks, small scans); the block size must match the stored entries. */
  constructor(
    private readonly db: Db,
    options: { readonly listBlock?: number; readonly listBlockCost?: number } = {},
  ) {
    this.claims = db.collection<ClaimDoc>(COLLECTIONS.claims);
    this.eventLog = db.collection<EventDoc>(COLLECTIONS.events);
    this.counters = db.collection<CounterDoc>(COLLECTIONS.counters);
    this.overviewRows = db.collection<OverviewRowDoc>(COLLECTIONS.overviewRows);
    this.listed = db.collection<ListEntryDoc>(COLLECTIONS.claimList);
    this.migrations = db.collection(COLLECTIONS.migrations);
    this.block = options.listBlock ?? LIST_BLOCK;
    this.blockCost = options.listBlockCost ?? LIST_BLOCK_COST;
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
    const next = { ...claim, ...set, version: seq, historyHash: hash } as Record<string, unknown>;
    for (const key of unset) delete next[key];
    // The event is History: from here on the change is saved whatever fails (a reader rolls the
    // claim forward from its events), and the caller must say so.
    await afterCommit('updating the claim card', async () => {
      // Listed before the claim document moves, so the list is never behind it: a crash from here on
      // leaves the claim behind its event, and the read that rolls it forward lists it again. The
      // older entries go before the overview rows are computed (one may be in another period).
      if (claim.version === 0 || LIST_FIELDS.some((f) => f in changes)) await this.listAt(next as unknown as Claim);
      const periods = [claim.period.code, (set.period as Claim['period'] | undefined)?.code];
      // The rest only materialises the event, and neither part waits for the other: the overview row
      // is computed from the list entries, not from the claim document.
      await Promise.all([
        // If it matches nothing, a reader has already rolled the claim forward with the same fields.
        this.claims.updateOne(
          { _id: claim.id, tenantId: claim.tenantId, version: claim.version },
          {
            $set: { ...set, version: seq, historyHash: hash },
            ...(unset.length > 0 ? { $unset: Object.fromEntries(unset.map((k) => [k, ''])) } : {}),
          },
        ),
        ...(OVERVIEW_FIELDS.some((f) => f in changes)
          ? [...new Set(periods.filter((p) => p !== undefined))].map((p) =>
              this.refreshOverviewRow(claim.tenantId, claim.programCode, p),
            )
          : []),
      ]);
    });
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

  /**
   * A page of list rows straight from `claim_list` (no claim is read). In a list filtered on a
   * field a claim can change (status, period) an entry left next to its claim's newer one (a writer
   * crashed before deleting it) can match where the newer does not: each row is then checked
   * against its claim's entries — a few tiny documents — and a stale one is deleted and the page
   * read again, once. Program, creator and conversation never change, and a list without such a
   * filter reads every entry of its claims, keeping the newest.
   */
  async rows(tenantId: string, filter: ClaimFilter, page: PageRequest): Promise<Page<ClaimRow>> {
    for (let attempt = 0; ; attempt++) {
      const { entries, total } = await this.listEntries(tenantId, filter, page);
      if (filter.status === undefined && filter.periodCode === undefined) return { items: entries.map(rowOf), total };
      const newest = await Promise.all(
        entries.map(async (e) => newestPerClaim(await this.listed.find({ tenantId, claimId: e.claimId }).toArray())[0]),
      );
      const stale = entries.filter((e, i) => newest[i] && newest[i].version > e.version);
      if (stale.length === 0 || attempt > 0) {
        const current = entries.filter((e) => !stale.includes(e));
        return { items: current.map(rowOf), total: total - stale.length };
      }
      for (const e of stale)
        await this.listed.deleteMany({
          tenantId,
          claimId: e.claimId,
          version: { $lt: newest[entries.indexOf(e)]!.version },
        });
    }
  }

  /**
   * The same page as whole claims (the export): the page's claims are read one by one by `_id`
   * (FerretDB does not push `$in` down), rolled forward when a document is behind its entry. A
   * claim that no longer matches the filter (its entry was stale) is listed again and the page
   * read again, once.
   */
  async list(tenantId: string, filter: ClaimFilter, page: PageRequest): Promise<Page<Claim>> {
    for (let attempt = 0; ; attempt++) {
      const { entries, total } = await this.listEntries(tenantId, filter, page);
      const claims = await Promise.all(entries.map((e) => this.listedClaim(e)));
      const stale = entries.filter((_, i) => !claims[i] || !matches(claims[i], filter));
      if (stale.length === 0 || attempt > 0) {
        const items = claims.filter((c): c is Claim => c !== undefined && matches(c, filter));
        return { items, total: total - (entries.length - items.length) };
      }
      for (const [i, e] of entries.entries()) {
        const claim = claims[i];
        if (claim && matches(claim, filter)) continue;
        if (claim) await this.listAt(claim);
        else await this.listed.deleteMany({ tenantId, claimId: e.claimId });
      }
    }
  }

  /**
   * The entries of a page, newest (highest number) first, and the total, found by top-level
   * equalities only. The whole list, or a filter on status, program or period (counted by the
   * overview rows), reads the number blocks from the top until it has the page — unless its matches
   * are so few that reading them all is cheaper; a filter on a person or a conversation reads all
   * its entries at once (its total needs them).
   */
  private async listEntries(
    tenantId: string,
    filter: ClaimFilter,
    page: PageRequest,
  ): Promise<{ entries: ListEntryDoc[]; total: number }> {
    const query = {
      tenantId,
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.programCode ? { programCode: filter.programCode } : {}),
      ...(filter.periodCode ? { periodCode: filter.periodCode } : {}),
      ...(filter.createdBy ? { createdById: filter.createdBy } : {}),
      ...(filter.homeConversationId !== undefined ? { homeConversationId: filter.homeConversationId } : {}),
    };
    const window = { from: page.skip, to: page.skip + page.limit };
    if (Object.keys(query).length === 1) {
      // The whole list: every number up to the hint was taken by a claim, and those still at
      // version 0 (being created, or whose create crashed) are not listed.
      const [hint, hidden] = await Promise.all([
        this.counters.findOne({ _id: `claim-number:${tenantId}` }),
        this.claims.find({ tenantId, version: 0 }, { projection: { number: 1 } }).toArray(),
      ]);
      const highest = hint?.seq ?? 0;
      const counted = highest - hidden.filter((c) => numberOf(c.number) <= highest).length;
      if (this.blocksPay(window, counted, highest)) {
        const { found, complete } = await this.listByBlocks(query, window, counted, highest);
        const beyondHint = found.filter((e) => e.n > highest).length;
        return {
          entries: found.slice(window.from, window.to),
          total: complete ? found.length : Math.max(counted + beyondHint, found.length),
        };
      }
    } else if (filter.createdBy === undefined && filter.homeConversationId === undefined) {
      const [counted, hint] = await Promise.all([
        this.countByRows(tenantId, filter),
        this.counters.findOne({ _id: `claim-number:${tenantId}` }),
      ]);
      if (hint && this.blocksPay(window, counted, hint.seq)) {
        const { found, complete } = await this.listByBlocks(query, window, counted, hint.seq);
        return {
          entries: found.slice(window.from, window.to),
          total: complete ? found.length : Math.max(counted, found.length),
        };
      }
    }
    const all = newestPerClaim(await this.listed.find(query).toArray());
    return { entries: all.slice(window.from, window.to), total: all.length };
  }

  /** Whether reading the page's blocks (by the matches per block) costs less than reading every match. */
  private blocksPay(window: { from: number; to: number }, counted: number, highest: number): boolean {
    const wanted = window.to + 1;
    const perBlock = (counted / Math.max(1, highest)) * this.block;
    if (perBlock <= 0) return false;
    return (Math.ceil(wanted / perBlock) + 1) * this.blockCost + wanted < counted;
  }

  /**
   * Reads blocks from the one above the counter hint (the hint may lag the newest number) down,
   * several at once (as many as the expected matches per block suggest), until the page and one
   * entry beyond it are found; `complete` when every block was read.
   */
  private async listByBlocks(
    query: Record<string, unknown>,
    window: { from: number; to: number },
    counted: number,
    highest: number,
  ): Promise<{ found: ListEntryDoc[]; complete: boolean }> {
    const wanted = window.to + 1;
    const perBlock = Math.max(1, (counted / Math.max(1, highest)) * this.block);
    const found: ListEntryDoc[] = [];
    let next = Math.floor((Math.max(1, highest) - 1) / this.block) + 1;
    while (found.length < wanted && next >= 0) {
      const count = Math.min(next + 1, MAX_BLOCKS_AT_ONCE, Math.ceil((wanted - found.length) / perBlock) + 1);
      const blocks = Array.from({ length: count }, (_, i) => next - i);
      const read = await Promise.all(blocks.map((block) => this.listed.find({ ...query, block }).toArray()));
      for (const entries of read) found.push(...newestPerClaim(entries));
      next -= count;
    }
    return { found, complete: next < 0 };
  }

  /** How many claims match a filter on status, program and period, by the overview rows. */
  private async countByRows(tenantId: string, filter: ClaimFilter): Promise<number> {
    const rows = newestRows(
      await this.overviewRows
        .find({
          tenantId,
          ...(filter.programCode ? { programCode: filter.programCode } : {}),
          ...(filter.periodCode ? { periodCode: filter.periodCode } : {}),
        })
        .toArray(),
    );
    let count = 0;
    for (const row of rows)
      for (const r of row.rows) if (!filter.status || r.status === filter.status) count += r.count;
    return count;
  }

  /** The claim of a list entry; rolled forward when its document is behind the entry. */
  private async listedClaim(entry: ListEntryDoc): Promise<Claim | undefined> {
    const doc = await this.claims.findOne({ _id: entry.claimId, tenantId: entry.tenantId });
    if (!doc) return undefined;
    if (doc.version < entry.version) return this.rollForward(doc);
    return doc.version >= 1 ? toClaim(doc) : undefined;
  }

  /** Stores the claim's list entry as of its version, then drops its older ones. */
  private async listAt(claim: Listed): Promise<void> {
    await ignoreDuplicate(this.listed.insertOne(listEntryOf(claim, this.block)));
    await this.listed.deleteMany({ tenantId: claim.tenantId, claimId: claim.id, version: { $lt: claim.version } });
  }

  /**
   * Once per database: lists the claims stored before `claim_list` existed (see relist), then
   * leaves a marker so later starts skip it. Returns how many claims it listed (undefined: done before).
   */
  async listStoredClaims(): Promise<number | undefined> {
    if (await this.migrations.findOne({ _id: LISTED_MARKER })) return undefined;
    const listed = await this.relist();
    await ignoreDuplicate(this.migrations.insertOne({ _id: LISTED_MARKER, at: new Date(), claims: listed }));
    return listed;
  }

  /**
   * Lists claims stored before `claim_list` existed: inserts the entry of every visible claim of
   * `tenantId` (or of every tenant) as its document stands. Idempotent: an entry already there is
   * kept, and an older one next to a newer is ignored by readers.
   */
  async relist(tenantId?: string): Promise<number> {
    const cursor = this.claims.find(
      { ...(tenantId ? { tenantId } : {}), version: { $gte: 1 } },
      { projection: { documents: 0, requests: 0, review: 0, participants: 0, contributors: 0, commenters: 0 } },
    );
    let batch: ListEntryDoc[] = [];
    let listed = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const docs = batch;
      batch = [];
      listed += docs.length;
      try {
        await this.listed.insertMany(docs, { ordered: false });
      } catch (err) {
        const allDuplicates =
          err instanceof MongoBulkWriteError &&
          Array.isArray(err.writeErrors) &&
          err.writeErrors.every((w) => w.code === 11000);
        if (!allDuplicates && !isDuplicateKey(err)) throw err;
      }
    };
    for await (const doc of cursor) {
      batch.push(listEntryOf(toClaim(doc), this.block));
      if (batch.length >= 500) await flush();
    }
    await flush();
    return listed;
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
   * from before the rows existed) gets its claims listed and its rows built once, here.
   */
  async overview(tenantId: string): Promise<readonly OverviewRow[]> {
    let rows = newestRows(await this.overviewRows.find({ tenantId }).toArray());
    if (
      rows.length === 0 &&
      (await this.claims.findOne({ tenantId, version: { $gte: 1 } }, { projection: { _id: 1 } }))
    ) {
      await this.relist(tenantId);
      const entries = newestPerClaim(await this.listed.find({ tenantId }).toArray());
      const keys = new Map(entries.map((e) => [`${e.programCode}|${e.periodCode}`, e]));
      for (const e of keys.values()) await this.refreshOverviewRow(tenantId, e.programCode, e.periodCode);
      rows = newestRows(await this.overviewRows.find({ tenantId }).toArray());
    }
    return rows.flatMap((r) => r.rows.map((s) => ({ programCode: r.programCode, periodCode: r.periodCode, ...s })));
  }

  /**
   * Recomputes one program-and-period overview row from its claims' list entries (a few dozen
   * small documents, found by equality) and stores it if no later computation is stored already.
   * A whole recomputation, never an $inc: a write lost to a crash or a race is corrected by the
   * next change in that program and period.
   */
  private async refreshOverviewRow(tenantId: string, programCode: string, periodCode: string): Promise<void> {
    const computedAt = new Date();
    const stamp = this.nextStamp(computedAt);
    const entries = await this.listed.find({ tenantId, programCode, periodCode }).toArray();
    const doc = overviewRowOf(tenantId, programCode, periodCode, entries, computedAt, stamp);
    // The latest-started computation wins: it read after every change committed before it. Rows are
    // insert-only (one per computation, its stamp in the `_id`) and readers take the newest, so no
    // conditional update decides it — FerretDB 1.x does not apply those atomically, and 20 submits at
    // once could leave an early row over a late one. Older rows of the key go after the insert: a
    // row is never changed, so deleting by "older than mine" can only remove rows nobody needs.
    await ignoreDuplicate(this.overviewRows.insertOne(doc));
    await this.overviewRows.deleteMany({
      tenantId,
      programCode,
      periodCode,
      $or: [{ stamp: { $lt: stamp } }, { stamp: { $exists: false } }],
    });
  }

  /** A start time for an overview computation, later than every earlier one of this repository. */
  private nextStamp(at: Date): number {
    this.lastStamp = Math.max(at.getTime() * 1000, this.lastStamp + 1);
    return this.lastStamp;
  }

  /**
   * Applies committed events the claim document has not caught up with yet (crash recovery). The
   * usual answer — nothing pending — costs one equality read of the next event (`claim_seq` on
   * MongoDB; pushed down whole on FerretDB-PostgreSQL), which finds nothing.
   */
  private async rollForward(doc: ClaimDoc): Promise<Claim | undefined> {
    const next = { tenantId: doc.tenantId, claimId: doc._id, seq: doc.version + 1 };
    if (!(await this.eventLog.findOne(next, { projection: { _id: 1 } })))
      return doc.version >= 1 ? toClaim(doc) : undefined;
    const pending = await this.eventLog
      .find({ tenantId: doc.tenantId, claimId: doc._id, seq: { $gt: doc.version } })
      .sort({ seq: 1 })
      .toArray();
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
    const applied = pending.filter((e) => e.seq <= rolled.version);
    const touches = (fields: readonly string[]) =>
      applied.some((e) => fields.some((f) => f in e.set || (e.unset ?? []).includes(f)));
    if (rolled.version >= 1 && (doc.version === 0 || touches(LIST_FIELDS))) await this.listAt(toClaim(rolled));
    const { _id, ...fields } = rolled;
    await this.claims.updateOne(
      { _id, tenantId: doc.tenantId, version: doc.version },
      { $set: fields, ...(removed.size > 0 ? { $unset: Object.fromEntries([...removed].map((k) => [k, ''])) } : {}) },
    );
    if (pending.some((e) => OVERVIEW_FIELDS.some((f) => f in e.set))) {
      await this.refreshOverviewRow(doc.tenantId, doc.programCode, doc.period.code);
      if (rolled.period.code !== doc.period.code)
        await this.refreshOverviewRow(doc.tenantId, doc.programCode, rolled.period.code);
    }
    return rolled.version >= 1 ? toClaim(rolled) : undefined;
  }
}
