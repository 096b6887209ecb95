import type { UsagePeriod } from './period';
import type { ClaimStatus } from './status';

export interface Person {
  /** Teams user id (29:…), stable per bot. */
  readonly id: string;
  readonly aadObjectId?: string;
  readonly name: string;
}

/** Where the claim card lives, for proactive messages and card updates. */
export interface ConversationRef {
  readonly serviceUrl: string;
  readonly channelId: string;
  readonly conversationId: string;
  readonly conversationType?: string;
  readonly botId: string;
  readonly botName?: string;
  readonly cardActivityId?: string;
}

export type MetricValue = string | number;

export interface Claim {
  readonly id: string;
  readonly tenantId: string;
  readonly number: string;
  readonly programCode: string;
  readonly activityCode: string;
  readonly location: string;
  readonly period: UsagePeriod;
  readonly description: string;
  readonly claimedMinor: number;
  readonly approvedMinor: number;
  readonly currency: string;
  readonly status: ClaimStatus;
  readonly version: number;
  readonly metrics: Readonly<Record<string, MetricValue>>;
  readonly additionalInfo: string;
  /** Last day (UTC, YYYY-MM-DD) on which the claim can be submitted. */
  readonly deadline: string;
  readonly createdBy: Person;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly submittedAt?: Date;
  readonly home?: ConversationRef;
  /** Users who acted on the claim: the card refreshes itself for them (Teams allows at most 60). */
  readonly participants: readonly string[];
  /** `program|period|status`, a plain field the overview groups on (engines differ on compound keys). */
  readonly overviewKey: string;
  readonly commentCount: number;
  /** Documents committed through History; lets a reader restore a row lost in a crash. */
  readonly documentCount: number;
  /** Partner-side people who created, edited, uploaded to or commented on the claim: they may not review it. */
  readonly contributors?: readonly string[];
  readonly review?: ReviewState;
  /** Upload requests committed through History (lets a reader restore a request row lost in a crash). */
  readonly requestCount?: number;
  /** Ids of the upload requests and upload slots a document has fulfilled: each is used once. */
  readonly fulfilled?: readonly string[];
}

export type Verdict = 'accepted' | 'needsChange';

export interface ItemFeedback {
  readonly verdict: Verdict;
  readonly comment: string;
  readonly by: Person;
  readonly at: Date;
}

/** What the review side decided; each part is set by its own History event. */
export interface ReviewState {
  readonly reviewer?: Person;
  readonly pickedUpAt?: Date;
  /** Feedback per required PoE item (keyed by the activity's PoE key). */
  readonly feedback?: Readonly<Record<string, ItemFeedback>>;
  readonly infoRequest?: {
    readonly message: string;
    readonly items: readonly string[];
    readonly by: Person;
    readonly at: Date;
  };
  readonly approval?: {
    readonly approvedMinor: number;
    readonly reason: string;
    readonly by: Person;
    readonly at: Date;
    readonly paymentCycle: string;
  };
  readonly rejection?: {
    readonly reasons: string;
    readonly by: Person;
    readonly at: Date;
    readonly disputeUntil: string;
  };
  readonly dispute?: { readonly reason: string; readonly by: Person; readonly at: Date; readonly dueDate: string };
  readonly payment?: { readonly date: string; readonly reference: string; readonly by: Person; readonly at: Date };
}

export function withContributor(claim: Pick<Claim, 'contributors'>, userId: string): readonly string[] {
  const list = claim.contributors ?? [];
  return list.includes(userId) ? list : [...list, userId];
}

/** The fields a change may set on a claim. */
export type ClaimChanges = Partial<Omit<Claim, 'id' | 'tenantId' | 'number' | 'version' | 'createdAt' | 'createdBy'>>;

export type ClaimEventType =
  | 'claim.pickedUp'
  | 'claim.feedback'
  | 'claim.infoRequested'
  | 'claim.approved'
  | 'claim.rejected'
  | 'claim.disputed'
  | 'claim.paid'
  | 'claim.created'
  | 'claim.commented'
  | 'claim.metrics.updated'
  | 'claim.info.updated'
  | 'claim.submitted'
  | 'document.added'
  | 'document.replaced'
  | 'upload.requested'
  | 'card.posted';

/** One entry of a claim's History: append-only, `seq` = the claim version it creates. */
export interface ClaimEvent {
  readonly claimId: string;
  readonly tenantId: string;
  readonly seq: number;
  readonly type: ClaimEventType;
  readonly actor: Person;
  readonly at: Date;
  /** What happened, for people (comment text, changed metrics…). */
  readonly data: Readonly<Record<string, unknown>>;
  /** The claim fields this event sets: lets a reader roll a claim forward after a crash. */
  readonly set: ClaimChanges;
}

export type DocumentKind = 'invoice' | 'csr' | 'poe' | 'other';

export interface ClaimDocument {
  readonly id: string;
  readonly tenantId: string;
  readonly claimId: string;
  readonly kind: DocumentKind;
  readonly name: string;
  readonly note: string;
  readonly amountMinor: number;
  readonly currency: string;
  /** For PoE documents: which required PoE item of the activity this proves. */
  readonly poeKey?: string;
  readonly addedBy: Person;
  readonly addedAt: Date;
}

export function overviewKey(programCode: string, periodCode: string, status: ClaimStatus): string {
  return `${programCode}|${periodCode}|${status}`;
}

export const MAX_PARTICIPANTS = 60;

export function withParticipant(participants: readonly string[], userId: string): readonly string[] {
  if (participants.includes(userId)) return participants;
  return [...participants, userId].slice(-MAX_PARTICIPANTS);
}
