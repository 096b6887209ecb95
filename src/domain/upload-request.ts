/**
 * Upload requests (a partner asks a colleague for a document) and upload slots (a partner starts
 * adding a document themselves). Both are redeemed with a signed upload link; a document fulfils
 * each exactly once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Claim, ClaimRequest, ConversationRef, Need, Person } from './claim';
import type { DetailsInput } from './document';

export type { Need };

/** Where a card about the request was posted, to update it when the request is done. */
export interface PostedCard extends Omit<ConversationRef, 'cardActivityId'> {
  readonly activityId: string;
}

/** An upload request row: the claim's request plus where its cards are (a projection for lookups). */
export interface UploadRequest extends ClaimRequest {
  readonly tenantId: string;
  readonly claimId: string;
  readonly claimNumber: string;
  /** Set (as a hint for the reminder sweep) after the fulfilling document committed. */
  readonly doneAt?: Date;
  readonly cards?: { readonly thread?: PostedCard; readonly personal?: PostedCard };
}

export type RequestState = 'open' | 'done' | 'overdue';

export interface RequestLine {
  readonly request: ClaimRequest;
  readonly state: RequestState;
}

/**
 * What an upload link grants: to add one document to one claim, for one request or slot, as one
 * person. Stored with the link's hash; the link itself is never stored.
 */
export interface UploadGrant {
  /**
   * The request id, or the slot id for a partner's own upload, or a fresh id for one file filed
   * from a Teams message (`message`: nothing to fulfil, so it is never recorded as used).
   */
  readonly id: string;
  readonly type: 'request' | 'slot' | 'message';
  readonly tenantId: string;
  readonly claimId: string;
  /** Who the grant is for: the person asked (a request) or the partner who started it (a slot). */
  readonly person: Person;
  readonly need: Need;
  /** Form values to start from (a slot carries everything the partner entered in Teams). */
  readonly prefill: DetailsInput;
  readonly replaces?: string;
  /** For requests: who asked, and what (shown on the upload page). */
  readonly requester?: Person;
  readonly text?: string;
  readonly due?: string;
}

export interface UploadToken {
  readonly tokenHash: string;
  readonly grant: UploadGrant;
  /** Who the link was issued to: a document uploaded through it is added in their name. */
  readonly holder: Person;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Anything that is not exactly the shape newToken() makes is refused before any lookup. */
export function looksLikeToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function shortCode(id: string): string {
  return id.replace(/-/g, '').slice(0, 6).toLowerCase();
}

/** Key under which the claim remembers that a replacement used up a document. */
export function replacedKey(documentId: string): string {
  return `replaces:${documentId}`;
}

export function isFulfilled(claim: Pick<Claim, 'fulfilled'>, grantId: string): boolean {
  return claim.fulfilled?.includes(grantId) ?? false;
}

/** End of the due day, UTC. */
export function dueEnd(due: string): number {
  return Date.parse(`${due}T23:59:59.999Z`);
}

export function requestState(request: ClaimRequest, claim: Pick<Claim, 'fulfilled'>, now: Date): RequestState {
  if (isFulfilled(claim, request.id)) return 'done';
  return now.getTime() > dueEnd(request.due) ? 'overdue' : 'open';
}
