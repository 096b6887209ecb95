import type { UsagePeriod } from './period';
import type { ClaimStatus } from './status';

export interface Person {
  /** Teams user id (29:…), stable per bot. */
  readonly id: string;
  readonly aadObjectId?: string;
  readonly name: string;
}

/** The bot itself, as the actor of system moves (expiry). */
export const SYSTEM: Person = { id: 'system', name: 'Co-op Claims bot' };

/** Where the claim card lives, for proactive messages and card updates. */
export interface ConversationRef {
  readonly serviceUrl: string;
  readonly channelId: string;
  readonly conversationId: string;
  readonly conversationType?: string;
  readonly botId: string;
  readonly botName?: string;
  readonly tenantId?: string;
  /** The team a channel belongs to (Teams' channelData.team.id; the General channel's id is the team's). */
  readonly teamId?: string;
  readonly cardActivityId?: string;
}

export type MetricValue = string | number;

export type DocumentKind = 'invoice' | 'csr' | 'poe' | 'other';

/** What a document says beyond kind and amount: the fields its kind needs. */
export interface DocumentDetails {
  readonly vendor?: string;
  readonly invoiceNumber?: string;
  readonly invoiceDate?: string;
  readonly performedBy?: string;
  readonly basis?: string;
  readonly executionDate?: string;
  readonly reach?: number;
  readonly preApprovalId?: string;
  readonly title?: string;
}

/** The stored file behind a document. The blob name is generated; the file name is only shown. */
export interface StoredFile {
  readonly blobName: string;
  readonly fileName: string;
  readonly size: number;
  readonly sha256: string;
  /** Detected from the content (magic bytes), never taken from the client. */
  readonly contentType: string;
  readonly ext: string;
}

/**
 * A supporting document of a claim. The claim holds its current documents (a replaced or removed
 * one leaves the list; its event keeps it in History, and its file stays in Blob for retention).
 */
export interface ClaimDocument {
  readonly id: string;
  readonly tenantId: string;
  readonly claimId: string;
  readonly kind: DocumentKind;
  readonly name: string;
  readonly note: string;
  readonly amountMinor: number;
  readonly currency: string;
  /** The amount in the program's currency, when the document is in another currency. */
  readonly convertedMinor?: number;
  /** For PoE documents: which required PoE item of the activity this proves. */
  readonly poeKey?: string;
  /** Who actually uploaded it (the holder of the upload link, or the sender in chat). */
  readonly addedBy: Person;
  readonly addedAt: Date;
  readonly details?: DocumentDetails;
  readonly file?: StoredFile;
  /** The upload request or upload slot this document fulfilled. */
  readonly grantId?: string;
  /** The document this one replaces (the old one stays in History). */
  readonly replaces?: string;
  /** The Teams message it was filed from with "Add to claim". */
  readonly source?: MessageSource;
}

/** The Teams message a document was filed from ("Add to claim"): History links back to it. */
export interface MessageSource {
  /** Teams' id of the message. */
  readonly messageId: string;
  /** Teams' link to the message (https, on a Teams host), when it gave one. */
  readonly link?: string;
  /** Who wrote the message; who filed it is the document's addedBy. */
  readonly sender?: { readonly id?: string; readonly name: string };
  readonly sentAt?: Date;
  /** The conversation the message is in. */
  readonly conversationId?: string;
}

/** What a request or slot asks for. */
export interface Need {
  readonly kind: DocumentKind;
  readonly poeKey?: string;
}

/** An upload request as the claim holds it: a partner asked a colleague for a document. */
export interface ClaimRequest {
  readonly id: string;
  /** Short code people can type (#a1b2c3) to say which request a file is for. */
  readonly code: string;
  readonly requester: Person;
  readonly assignee: Person;
  readonly need: Need;
  /** What exactly is wanted, in the requester's words. */
  readonly text: string;
  /** Last day (UTC, YYYY-MM-DD). */
  readonly due: string;
  readonly createdAt: Date;
}

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
  /** The hash of the latest History event (kept by the store with each commit; see history-chain.ts). */
  readonly historyHash?: string;
  readonly metrics: Readonly<Record<string, MetricValue>>;
  readonly additionalInfo: string;
  /** Last day (UTC, YYYY-MM-DD) on which the claim can first be submitted. */
  readonly deadline: string;
  /**
   * The due day of what the claim waits for now, for the reminder sweep: the partner's answer to an
   * information request (Action required), the re-review of a dispute (Disputed).
   */
  readonly dueDate?: string;
  readonly createdBy: Person;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly submittedAt?: Date;
  /** The first submit: the deadline is judged by it, so a resubmission after it is never late. */
  readonly firstSubmittedAt?: Date;
  readonly home?: ConversationRef;
  /** Users who acted on the claim: the card refreshes itself for them (Teams allows at most 60). */
  readonly participants: readonly string[];
  /** `program|period|status`, a plain field the overview groups on (engines differ on compound keys). */
  readonly overviewKey: string;
  readonly commentCount: number;
  /** The claim's current documents, in the order they were added. */
  readonly documents?: readonly ClaimDocument[];
  /** Upload requests of the claim, oldest first. */
  readonly requests?: readonly ClaimRequest[];
  /** Partner-side people who created, edited, uploaded to or asked for documents: they may not review it. */
  readonly contributors?: readonly string[];
  /** People who commented: a conflict of interest only when they are not reviewers. */
  readonly commenters?: readonly string[];
  readonly review?: ReviewState;
  /** Ids of the upload requests and upload slots a document has fulfilled: each is used once. */
  readonly fulfilled?: readonly string[];
  readonly withdrawal?: { readonly reason: string; readonly by: Person; readonly at: Date };
  readonly expiredAt?: Date;
}

/**
 * A claim as a list shows it: one row of the `claims` card (stores keep these as a projection). It
 * has no version: a card action on a row first opens the claim.
 */
export interface ClaimRow {
  readonly id: string;
  readonly number: string;
  readonly status: ClaimStatus;
  readonly programCode: string;
  readonly periodCode: string;
  readonly activityCode: string;
  readonly claimedMinor: number;
  readonly currency: string;
  /** Who created it, and the conversation its card lives in: what "mine" and "here" rank on. */
  readonly createdById: string;
  readonly homeConversationId?: string;
}

export function claimRow(claim: Claim): ClaimRow {
  return {
    id: claim.id,
    number: claim.number,
    status: claim.status,
    programCode: claim.programCode,
    periodCode: claim.period.code,
    activityCode: claim.activityCode,
    claimedMinor: claim.claimedMinor,
    currency: claim.currency,
    createdById: claim.createdBy.id,
    ...(claim.home ? { homeConversationId: claim.home.conversationId } : {}),
  };
}

/** `changed`: the partner replaced the item after a reviewer asked for a change; it waits for review. */
export type Verdict = 'accepted' | 'needsChange' | 'changed';

export interface ItemFeedback {
  readonly verdict: Verdict;
  readonly comment: string;
  readonly by: Person;
  readonly at: Date;
  /** Set when the verdict became `changed`: who replaced the item, when. */
  readonly changedBy?: Person;
  readonly changedAt?: Date;
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
    /** The partner's response is due by this day (30 days after the request). */
    readonly dueDate?: string;
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

export function withCommenter(claim: Pick<Claim, 'commenters'>, userId: string): readonly string[] {
  const list = claim.commenters ?? [];
  return list.includes(userId) ? list : [...list, userId];
}

/** The fields a change may set on a claim. */
export type ClaimChanges = Partial<Omit<Claim, 'id' | 'tenantId' | 'number' | 'version' | 'createdAt' | 'createdBy'>>;

export type ClaimEventType =
  | 'claim.created'
  | 'claim.edited'
  | 'claim.commented'
  | 'claim.metrics.updated'
  | 'claim.info.updated'
  | 'claim.submitted'
  | 'claim.withdrawn'
  | 'claim.expired'
  | 'claim.pickedUp'
  | 'claim.reviewerChanged'
  | 'claim.feedback'
  | 'claim.infoRequested'
  | 'claim.approved'
  | 'claim.rejected'
  | 'claim.disputed'
  | 'claim.paid'
  | 'document.added'
  | 'document.replaced'
  | 'document.removed'
  | 'upload.requested';

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
  /** The claim fields this event removes. */
  readonly unset?: readonly string[];
  /** The hash of the event before this one (null for the first): see history-chain.ts. Absent on events recorded before chaining. */
  readonly prevHash?: string | null;
  /** This event's hash over its canonical JSON and prevHash. */
  readonly hash?: string;
}

export function overviewKey(programCode: string, periodCode: string, status: ClaimStatus): string {
  return `${programCode}|${periodCode}|${status}`;
}

export const MAX_PARTICIPANTS = 60;

export function withParticipant(participants: readonly string[], userId: string): readonly string[] {
  if (userId === SYSTEM.id || participants.includes(userId)) return participants;
  return [...participants, userId].slice(-MAX_PARTICIPANTS);
}

/** The documents a claim holds now. */
export function documentsOf(claim: Pick<Claim, 'documents'>): readonly ClaimDocument[] {
  return claim.documents ?? [];
}
