import type { Readable } from 'node:stream';
import type { DocumentRecord, StoredFile } from './document';
import type { FileType } from './file-rules';
import type { PostedCard, UploadGrant, UploadRequest, UploadToken } from './upload-request';
import type { Claim, ClaimChanges, ClaimDocument, ClaimEvent, ClaimEventType, Person } from './claim';
import type { UsagePeriod } from './period';
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

export interface FundsUse {
  /** Sum over the other claims of the program and period that hold funds (pending or approved). */
  readonly allMinor: number;
  /** The same for claims of one activity. */
  readonly activityMinor: number;
}

export interface ClaimRepository {
  /**
   * Stores a new claim through its `claim.created` event (version 1), giving it the tenant's next
   * number — CLM-000001, CLM-000002… — without repeats or gaps, also under concurrency.
   */
  create(claim: Omit<Claim, 'version' | 'number'>, event: NewEvent): Promise<Claim>;
  get(tenantId: string, claimId: string): Promise<Claim | undefined>;
  getByNumber(tenantId: string, number: string): Promise<Claim | undefined>;
  /**
   * Commits a change through its History event: the event takes seq = claim.version + 1 (unique),
   * then the claim moves to that version. Throws ClaimChangedError when `claim` is not current.
   */
  commit(claim: Claim, event: NewEvent, changes: ClaimChanges): Promise<Claim>;
  /** Claims in the given statuses, oldest submission first. */
  queue(tenantId: string, statuses: readonly ClaimStatus[], page: PageRequest): Promise<Page<Claim>>;
  /** Remembers the review card's message id in the review channel (not business state). */
  setReviewCard(tenantId: string, claimId: string, activityId: string): Promise<void>;
  reviewCard(tenantId: string, claimId: string): Promise<string | undefined>;
  list(
    tenantId: string,
    filter: { readonly status?: ClaimStatus; readonly createdBy?: string },
    page: PageRequest,
  ): Promise<Page<Claim>>;
  events(tenantId: string, claimId: string, page: PageRequest): Promise<Page<ClaimEvent>>;
  /** Every History event of one type, oldest first. */
  eventsOfType(tenantId: string, claimId: string, type: ClaimEventType): Promise<readonly ClaimEvent[]>;
  fundsUse(
    tenantId: string,
    programCode: string,
    periodCode: string,
    activityCode: string,
    excludeClaimId: string,
  ): Promise<FundsUse>;
  overview(tenantId: string): Promise<readonly OverviewRow[]>;
}

export interface DocumentRepository {
  listForClaim(tenantId: string, claimId: string): Promise<readonly ClaimDocument[]>;
  /** Idempotent: a document that is already stored is left as it is. */
  insert(doc: ClaimDocument): Promise<void>;
}

export interface ProgramRepository {
  list(tenantId: string): Promise<readonly Program[]>;
  get(tenantId: string, code: string): Promise<Program | undefined>;
  /** Earned funds of one program and period (one key lookup: the claim card needs only this). */
  earnedFunds(tenantId: string, code: string, periodCode: string): Promise<number | undefined>;
  /** Creates the program if needed and sets the earned funds of one period (atomic per period). */
  setEarnedFunds(
    tenantId: string,
    code: string,
    currency: string,
    period: UsagePeriod,
    earnedMinor: number,
    by: Person,
  ): Promise<Program>;
}

export interface Member {
  readonly tenantId: string;
  readonly userId: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

export interface MemberRepository {
  /** Finds the member, creating them on first contact: the tenant's first member becomes its admin. */
  ensure(tenantId: string, person: Person): Promise<Member>;
  /** Grants a role (idempotent); creates the member if they never used the bot. */
  grant(tenantId: string, person: Person, role: Role, grantedBy: string): Promise<Member>;
}

// ---- Documents and uploads (README: Documents and uploads) ---------------------------------------------------

export interface DocumentStore extends DocumentRepository {
  get(tenantId: string, documentId: string): Promise<DocumentRecord | undefined>;
}

export interface UploadRequestRepository {
  /** Idempotent: a request that is already stored is left as it is. */
  insert(request: UploadRequest): Promise<void>;
  get(tenantId: string, requestId: string): Promise<UploadRequest | undefined>;
  listForClaim(tenantId: string, claimId: string): Promise<readonly UploadRequest[]>;
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

export interface DraftSource {
  /** Across tenants: claims in Editing whose deadline is between `from` and `to` (YYYY-MM-DD). */
  draftsWithDeadline(from: string, to: string): Promise<readonly Claim[]>;
}
