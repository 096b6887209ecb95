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
  list(tenantId: string, filter: { readonly status?: ClaimStatus; readonly createdBy?: string }, page: PageRequest): Promise<Page<Claim>>;
  events(tenantId: string, claimId: string, page: PageRequest): Promise<Page<ClaimEvent>>;
  /** Every History event of one type, oldest first. */
  eventsOfType(tenantId: string, claimId: string, type: ClaimEventType): Promise<readonly ClaimEvent[]>;
  fundsUse(tenantId: string, programCode: string, periodCode: string, activityCode: string, excludeClaimId: string): Promise<FundsUse>;
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
  /** Creates the program if needed and sets the earned funds of one period (atomic per period). */
  setEarnedFunds(tenantId: string, code: string, currency: string, period: UsagePeriod, earnedMinor: number, by: Person): Promise<Program>;
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
