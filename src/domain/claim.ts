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
}

/** The fields a change may set on a claim. */
export type ClaimChanges = Partial<Omit<Claim, 'id' | 'tenantId' | 'number' | 'version' | 'createdAt' | 'createdBy'>>;

export type ClaimEventType =
  | 'claim.created'
  | 'claim.commented'
  | 'claim.metrics.updated'
  | 'claim.info.updated'
  | 'claim.submitted'
  | 'document.added'
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
