import type { Readable } from 'node:stream';
import type { FileType } from './file-rules';
import type { FundsEntry, FundsKey } from './funds';
import type { PostedCard, UploadGrant, UploadRequest, UploadToken } from './upload-request';
import type {
  Claim,
  ClaimChanges,
  ClaimEvent,
  ClaimEventType,
  ClaimRow,
  ConversationRef,
  Person,
  StoredFile,
} from './claim';
import type { UsdRate } from './money';
import type { Granularity, UsagePeriod } from './period';
import type { Program } from './program';
import type { ClaimStatus, Role } from './status';

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
}

export interface PageRequest {
  readonly skip: number;
  readonly limit: number;
}

/** A new History event: the repository assigns `seq`, `claimId` and `tenantId`. */
export interface NewEvent {
  readonly type: ClaimEventType;
  readonly actor: Person;
  readonly at: Date;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface OverviewRow {
  readonly programCode: string;
  readonly periodCode: string;
  readonly status: ClaimStatus;
  readonly count: number;
  readonly claimedMinor: number;
  readonly approvedMinor: number;
}

export interface ClaimFilter {
  readonly status?: ClaimStatus;
  readonly createdBy?: string;
  readonly programCode?: string;
  readonly periodCode?: string;
  /** Only claims whose card lives in this conversation. */
  readonly homeConversationId?: string;
}

export interface ClaimRepository {
  /**
   * Stores a new claim through its `claim.created` event (version 1), giving it the tenant's next
   * number — CLM-000001, CLM-000002… — never a repeat, also under concurrency.
   */
  create(claim: Omit<Claim, 'version' | 'number'>, event: NewEvent): Promise<Claim>;
  /** The claim as of its last committed event (rolled forward if its document lags). */
  get(tenantId: string, claimId: string): Promise<Claim | undefined>;
  getByNumber(tenantId: string, number: string): Promise<Claim | undefined>;
  /**
   * The claim document as stored, without looking for newer events: for a change, whose event
   * insert at version + 1 fails if the document lags (then the caller re-reads with `get`).
   */
  getForChange(tenantId: string, claimId: string): Promise<Claim | undefined>;
  /**
   * Commits a change through its History event: the event takes seq = claim.version + 1 (unique),
   * then the claim moves to that version. Throws ClaimChangedError when `claim` is not current.
   */
  commit(claim: Claim, event: NewEvent, changes: ClaimChanges): Promise<Claim>;
  /** The History event that created version `seq`, if any. */
  eventAt(tenantId: string, claimId: string, seq: number): Promise<ClaimEvent | undefined>;
  /** Claims in the given statuses, oldest submission first. */
  queue(tenantId: string, statuses: readonly ClaimStatus[], page: PageRequest): Promise<Page<Claim>>;
  /** A page of the claims that match, newest (highest number) first, as list rows. */
  rows(tenantId: string, filter: ClaimFilter, page: PageRequest): Promise<Page<ClaimRow>>;
  /** The same page as whole claims (the export). */
  list(tenantId: string, filter: ClaimFilter, page: PageRequest): Promise<Page<Claim>>;
  events(tenantId: string, claimId: string, page: PageRequest): Promise<Page<ClaimEvent>>;
  /** Every History event of the claim, oldest first (evidence, verification). */
  allEvents(tenantId: string, claimId: string): Promise<readonly ClaimEvent[]>;
  /** Claims of one program and period that hold funds (to start or re-check its funds ledger). */
  holders(tenantId: string, programCode: string, periodCode: string): Promise<readonly Claim[]>;
  overview(tenantId: string): Promise<readonly OverviewRow[]>;
  /** Across tenants: claims in `status` whose due day (`deadline` for drafts, else `dueDate`) is before `day`. */
  dueBefore(status: ClaimStatus, day: string, limit: number): Promise<readonly Claim[]>;
  /** Across tenants: claims in `status` whose due day is between `from` and `to` (inclusive). */
  dueBetween(status: ClaimStatus, from: string, to: string, limit: number): Promise<readonly Claim[]>;
}

/** Where review cards were posted (not business state: a claim rewrite can never drop it). */
/** Where each claim's review card was posted: the activity and the review channel it was posted in. */
export interface ReviewCardRepository {
  set(tenantId: string, claimId: string, activityId: string, conversationId: string): Promise<void>;
  /** The card's activity id, if it was posted in `conversationId` (a moved review channel has none yet). */
  get(tenantId: string, claimId: string, conversationId: string): Promise<string | undefined>;
}

export interface FundsLedgerRepository {
  /** The newest entry of the ledger, if any. */
  latest(key: FundsKey): Promise<FundsEntry | undefined>;
  /** Appends an entry; false when another writer took its sequence number first. */
  append(entry: FundsEntry): Promise<boolean>;
  /** Drops entries older than `beforeSeq` (only the newest is ever read). */
  prune(key: FundsKey, beforeSeq: number): Promise<void>;
}

export interface RateRepository {
  get(tenantId: string, currency: string): Promise<UsdRate | undefined>;
  list(tenantId: string): Promise<readonly UsdRate[]>;
  set(tenantId: string, rate: UsdRate, by: Person): Promise<void>;
}

export interface ProgramRepository {
  list(tenantId: string): Promise<readonly Program[]>;
  get(tenantId: string, code: string): Promise<Program | undefined>;
  /**
   * The program, created with this currency and period length if it does not exist yet (of two
   * admins creating it at once, the first insert decides: the caller checks what it got).
   */
  ensure(
    tenantId: string,
    program: { readonly code: string; readonly currency: string; readonly granularity: Granularity },
  ): Promise<Program>;
  /**
   * Sets the earned funds of one period of a program (one document per period). With `ledgerSeq`
   * (the funds ledger entry that recorded them) an older setting never replaces a newer one.
   */
  setEarnedFunds(
    tenantId: string,
    code: string,
    period: UsagePeriod,
    earnedMinor: number,
    by: Person,
    ledgerSeq?: number,
  ): Promise<Program>;
}

export interface Member {
  readonly tenantId: string;
  readonly userId: string;
  readonly aadObjectId?: string;
  readonly name: string;
  /** Sign-in name (UPN), when Teams told us. */
  readonly upn?: string;
  readonly roles: readonly Role[];
}

export interface RoleEvent {
  readonly tenantId: string;
  readonly userId: string;
  readonly name: string;
  readonly role: Role;
  readonly action: 'grant' | 'revoke';
  readonly by: Person;
  readonly at: Date;
}

export interface MemberRepository {
  /** The member's stored roles (none: a colleague); with `withProfile`, also their sign-in name. */
  find(tenantId: string, userId: string, withProfile?: boolean): Promise<Member | undefined>;
  /** Remembers a person (name, Entra id, sign-in name); idempotent. */
  remember(tenantId: string, person: Person, upn?: string): Promise<void>;
  /** The tenant's first member (auth off only): true for the one caller whose insert decided it. */
  claimFirstAdmin(tenantId: string, userId: string): Promise<boolean>;
  /** Grants a role (idempotent); true when it was not held before. */
  grant(tenantId: string, person: Person, role: Role): Promise<boolean>;
  /** Takes a role back; true when it was held. */
  revoke(tenantId: string, userId: string, role: Role): Promise<boolean>;
  /** Everyone holding a role, by role. */
  withRole(tenantId: string, role: Role): Promise<readonly Member[]>;
  recordRoleEvent(event: RoleEvent): Promise<void>;
  roleEvents(tenantId: string, limit: number): Promise<readonly RoleEvent[]>;
}

// ---- Documents and uploads --------------------------------------------------------------------

export interface UploadRequestRepository {
  /** Idempotent: a request that is already stored is left as it is. */
  insert(request: UploadRequest): Promise<void>;
  get(tenantId: string, requestId: string): Promise<UploadRequest | undefined>;
  /** Requests assigned to the person and not marked done (a hint: the claim decides). */
  openForAssignee(tenantId: string, person: Person): Promise<readonly UploadRequest[]>;
  /** Across tenants: requests not marked done whose due day is on or before `due` (YYYY-MM-DD). */
  notDoneDueBy(due: string): Promise<readonly UploadRequest[]>;
  /** Marks the request done once its document committed (a hint for the sweep, not the truth). */
  markDone(tenantId: string, requestId: string, at: Date): Promise<void>;
  /** Remembers where a card about the request was posted (not business state). */
  setCard(tenantId: string, requestId: string, which: 'thread' | 'personal', card: PostedCard): Promise<void>;
}

export interface UploadTokenRepository {
  insert(token: UploadToken): Promise<void>;
  find(tokenHash: string): Promise<UploadToken | undefined>;
  /** Grants of unexpired links issued to the person for their own uploads (slots). */
  openSlotsOf(tenantId: string, personId: string, now: Date): Promise<readonly UploadGrant[]>;
}

/** A file that arrived in a 1:1 chat and waits for its document details. */
export interface StagedUpload {
  readonly id: string;
  readonly tenantId: string;
  readonly claimId: string;
  readonly grant: UploadGrant;
  readonly file: StoredFile;
  readonly note: string;
  readonly by: Person;
  readonly createdAt: Date;
}

export interface StagedUploadRepository {
  insert(staged: StagedUpload): Promise<void>;
  get(tenantId: string, id: string): Promise<StagedUpload | undefined>;
  /** True for the one caller that removed it. */
  delete(tenantId: string, id: string): Promise<boolean>;
  olderThan(at: Date): Promise<readonly StagedUpload[]>;
}

/** Azure Blob Storage (or Azurite) behind a port. */
export interface BlobStore {
  /**
   * Streams `source` into a new blob. The blob is committed only when the stream ends cleanly;
   * when it fails (the source errors, a check rejects the file, the store is down) no blob exists.
   */
  put(name: string, source: Readable): Promise<void>;
  /** Idempotent. */
  delete(name: string): Promise<void>;
  /**
   * The blob's content as a stream that reads only as fast as it is consumed; it errors if the
   * store fails mid-way (never ends short). `signal` aborts the read and closes its connection.
   */
  openRead(name: string, signal?: AbortSignal): Promise<Readable>;
  /**
   * A short-lived read link offering the blob as `fileName`. Its lifetime is counted on the store's
   * side of the clock (the SAS is checked by the store), so the store picks the expiry time.
   */
  readUrl(
    name: string,
    options: { readonly fileName: string; readonly contentType: string; readonly validForMs: number },
  ): Promise<{ url: string; expiresAt: Date }>;
}

export interface IncomingFile {
  readonly name: string;
  readonly stream: Readable;
}

export interface FileFacts {
  readonly size: number;
  readonly sha256: string;
  readonly type: FileType;
}

/** A pass-through that measures, hashes and type-checks a file while it streams; it errors to reject. */
export interface FileCheck {
  readonly stream: Readable;
  /** Available once `stream` has ended. */
  facts(): FileFacts;
}

export interface FileChecker {
  check(source: Readable, fileName: string, nameExt: string, maxBytes: number): FileCheck;
}

/** Unique-insert markers: a reminder or a sweep window belongs to exactly one caller. */
export interface ReminderLedger {
  mark(key: string, at: Date): Promise<boolean>;
  unmark(key: string): Promise<void>;
  lease(window: string, at: Date): Promise<boolean>;
  prune(before: Date): Promise<void>;
}

/** Personal (1:1) conversation references, for proactive 1:1 cards. */
export interface ConversationRepository {
  remember(tenantId: string, user: { id: string; aadObjectId?: string }, ref: ConversationRef, at: Date): Promise<void>;
  personal(tenantId: string, user: { id: string; aadObjectId?: string }): Promise<ConversationRef | undefined>;
  forget(tenantId: string, userId: string): Promise<void>;
}

/** Per-tenant settings. */
export interface TenantSettingsRepository {
  getReviewChannel(tenantId: string): Promise<ConversationRef | undefined>;
  setReviewChannel(tenantId: string, ref: ConversationRef, by: Person): Promise<void>;
  /** Forgets the review channel if it is still `conversationId` (a later choice is kept). */
  clearReviewChannel(tenantId: string, conversationId: string): Promise<boolean>;
}
