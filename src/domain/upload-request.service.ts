import { findActivity } from './activities';
import { hasRole, type ActorContext } from './actor';
import { withContributor, withParticipant, type Claim, type Person } from './claim';
import type { Clock } from './clock';
import { isDocumentKind } from './document';
import { ClaimChangedError, DomainError } from './errors';
import { addDays, isoDate, isValidDate } from './period';
import type { ClaimRepository, UploadRequestRepository, UploadTokenRepository } from './ports';
import { isEditable, STATUS_LABEL } from './status';
import {
  hashToken,
  isFulfilled,
  looksLikeToken,
  newToken,
  requestState,
  shortCode,
  type Need,
  type PostedCard,
  type RequestLine,
  type UploadGrant,
  type UploadRequest,
} from './upload-request';

export interface RequestInput {
  readonly assignee: Person;
  /** `invoice`, `csr`, `other` or `poe:<key>`. */
  readonly need: string;
  readonly text: string;
  /** YYYY-MM-DD */
  readonly due: string;
}

export type RequestFieldErrors = Partial<Record<'assignee' | 'need' | 'text' | 'due', string>>;

export interface MintedLink {
  readonly token: string;
  readonly expiresAt: Date;
}

/** Something that issues upload links (DocumentService uses it for a partner's own uploads). */
export interface UploadLinks {
  mint(grant: UploadGrant): Promise<MintedLink>;
}

export const MAX_REQUEST_TEXT = 500;

/**
 * Requests for documents: a partner asks a colleague for a PoE item, an invoice…, by a due date.
 * A request commits through its `upload.requested` History event; a document fulfils it once.
 */
export class UploadRequestService implements UploadLinks {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly requests: UploadRequestRepository,
    private readonly tokens: UploadTokenRepository,
    private readonly clock: Clock,
    private readonly options: { readonly tokenDays: number },
  ) {}

  /** Validates a request form: every bad field gets its own message. */
  validate(claim: Claim, actor: ActorContext, input: RequestInput): { errors: RequestFieldErrors; need?: Need } {
    const errors: RequestFieldErrors = {};
    const activity = findActivity(claim.activityCode);
    let need: Need | undefined;
    const [kind, poeKey] = input.need.trim().split(':', 2);
    if (!input.need.trim()) errors.need = 'Say what you need: an invoice, a CSR, a proof item or another document.';
    else if (!isDocumentKind(kind) || (kind === 'poe') !== !!poeKey)
      errors.need = 'Choose what you need from the list.';
    else if (kind === 'poe' && !activity?.poe.some((p) => p.key === poeKey))
      errors.need = `${activity?.name ?? 'This activity'} does not ask for that proof; choose one from the list.`;
    else need = kind === 'poe' ? { kind, poeKey } : { kind };
    const text = input.text.trim();
    if (text.length > MAX_REQUEST_TEXT) errors.text = `Say it in at most ${MAX_REQUEST_TEXT} characters.`;
    const today = isoDate(this.clock.now().getTime());
    const due = input.due.trim();
    if (!due) errors.due = 'Choose a due date.';
    else if (!isValidDate(due)) errors.due = `"${due.slice(0, 20)}" is not a date; use YYYY-MM-DD.`;
    else if (due < today) errors.due = 'The due date is in the past.';
    else if (due > claim.deadline) errors.due = `Choose a day on or before the claim deadline (${claim.deadline}).`;
    if (input.assignee.id === actor.person.id)
      errors.assignee = 'Pick a colleague. To upload a file yourself, use Add document.';
    return { errors, need };
  }

  async request(
    actor: ActorContext,
    claimId: string,
    expectedVersion: number,
    input: RequestInput,
  ): Promise<{ claim: Claim; request: UploadRequest; link: MintedLink }> {
    requirePartner(actor);
    const claim = await this.current(actor, claimId, expectedVersion);
    if (!isEditable(claim.status)) throw notEditable(claim);
    const { errors, need } = this.validate(claim, actor, input);
    if (Object.keys(errors).length > 0 || !need)
      throw new DomainError('INPUT.INVALID', Object.values(errors).join(' '), { fields: errors });
    const now = this.clock.now();
    const id = crypto.randomUUID();
    const request: UploadRequest = {
      id,
      tenantId: claim.tenantId,
      claimId: claim.id,
      claimNumber: claim.number,
      code: shortCode(id),
      requester: actor.person,
      assignee: input.assignee,
      need,
      text: input.text.trim(),
      due: input.due.trim(),
      createdAt: now,
    };
    const updated = await this.claims.commit(
      claim,
      { type: 'upload.requested', actor: actor.person, at: now, data: { request } },
      {
        requestCount: (claim.requestCount ?? 0) + 1,
        participants: withParticipant(withParticipant(claim.participants, actor.person.id), input.assignee.id),
        contributors: withContributor(claim, actor.person.id),
        updatedAt: now,
      },
    );
    // The event is the commit; the row is its projection (restored from History by lines()).
    await this.requests.insert(request);
    return { claim: updated, request, link: await this.mint(grantOf(request)) };
  }

  /** Issues a new upload link: only its sha256 is stored. */
  async mint(grant: UploadGrant): Promise<MintedLink> {
    const token = newToken();
    const createdAt = this.clock.now();
    const expiresAt = new Date(createdAt.getTime() + this.options.tokenDays * 86_400_000);
    await this.tokens.insert({ tokenHash: hashToken(token), grant, createdAt, expiresAt });
    return { token, expiresAt };
  }

  /** A fresh upload link for a request, for the person asked (or a partner uploading for them). */
  async link(
    actor: ActorContext,
    requestId: string,
  ): Promise<{ request: UploadRequest; claim: Claim; link: MintedLink }> {
    const request = await this.requests.get(actor.tenantId, requestId);
    if (!request) throw new DomainError('REQUEST.NOT_FOUND', "I can't find that upload request in this organisation.");
    const claim = await this.claims.get(actor.tenantId, request.claimId);
    if (!claim) throw new DomainError('CLAIM.NOT_FOUND', "I can't find that claim in this organisation.");
    if (!isAssignee(request, actor.person) && !hasRole(actor, 'admin', 'user')) {
      throw new DomainError(
        'AUTH.FORBIDDEN',
        `This request is for ${request.assignee.name}. Only they or an incentives user can upload for it.`,
      );
    }
    if (isFulfilled(claim, request.id))
      throw new DomainError('UPLOAD.TOKEN_USED', 'This request is already done: its document was uploaded.');
    if (!isEditable(claim.status)) throw notEditable(claim);
    return { request, claim, link: await this.mint(grantOf(request)) };
  }

  /**
   * What an upload link grants, if it is still good: it exists, has not expired, its request or
   * slot has not been fulfilled, and the claim still takes documents.
   */
  async redeem(token: string): Promise<{ grant: UploadGrant; claim: Claim; expiresAt: Date }> {
    if (!looksLikeToken(token)) throw invalidLink();
    const stored = await this.tokens.find(hashToken(token));
    if (!stored) throw invalidLink();
    if (this.clock.now().getTime() >= stored.expiresAt.getTime()) {
      throw new DomainError(
        'UPLOAD.TOKEN_EXPIRED',
        `This upload link expired on ${stored.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. Open the request in Teams to get a new one.`,
      );
    }
    const claim = await this.claims.get(stored.grant.tenantId, stored.grant.claimId);
    if (!claim) throw invalidLink();
    if (isFulfilled(claim, stored.grant.id))
      throw new DomainError(
        'UPLOAD.TOKEN_USED',
        `This upload link was already used: its document is on ${claim.number}. To change the document, use Replace in the claim's documents in Teams.`,
      );
    if (!isEditable(claim.status)) throw notEditable(claim);
    return { grant: stored.grant, claim, expiresAt: stored.expiresAt };
  }

  async get(actor: ActorContext, requestId: string): Promise<{ request: UploadRequest; claim: Claim }> {
    const request = await this.requests.get(actor.tenantId, requestId);
    if (!request) throw new DomainError('REQUEST.NOT_FOUND', "I can't find that upload request in this organisation.");
    const claim = await this.claims.get(actor.tenantId, request.claimId);
    if (!claim) throw new DomainError('CLAIM.NOT_FOUND', "I can't find that claim in this organisation.");
    return { request, claim };
  }

  /** The claim's requests with their state (open / done / overdue), newest first. */
  async lines(claim: Claim): Promise<readonly RequestLine[]> {
    let rows = await this.requests.listForClaim(claim.tenantId, claim.id);
    if (rows.length < (claim.requestCount ?? 0)) {
      // A crash after the event committed lost the row: restore it from History.
      for (const e of await this.claims.eventsOfType(claim.tenantId, claim.id, 'upload.requested'))
        await this.requests.insert(e.data.request as UploadRequest);
      rows = await this.requests.listForClaim(claim.tenantId, claim.id);
    }
    const now = this.clock.now();
    return [...rows]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((request) => ({ request, state: requestState(request, claim, now) }));
  }

  /** Open requests of the person, each with its claim (still open, claim still editable). */
  async openFor(tenantId: string, person: Person): Promise<ReadonlyArray<{ request: UploadRequest; claim: Claim }>> {
    const out: Array<{ request: UploadRequest; claim: Claim }> = [];
    for (const request of await this.requests.openForAssignee(tenantId, person)) {
      const claim = await this.claims.get(tenantId, request.claimId);
      if (claim && isEditable(claim.status) && !isFulfilled(claim, request.id)) out.push({ request, claim });
    }
    return out;
  }

  find(tenantId: string, requestId: string): Promise<UploadRequest | undefined> {
    return this.requests.get(tenantId, requestId);
  }

  /**
   * What a file sent in a 1:1 chat can be for: the person's open requests and the uploads they
   * started with Add document, each with its claim (still taking documents).
   */
  async openGrantsFor(
    tenantId: string,
    person: Person,
  ): Promise<ReadonlyArray<{ grant: UploadGrant; claim: Claim; request?: UploadRequest }>> {
    const out: Array<{ grant: UploadGrant; claim: Claim; request?: UploadRequest }> = (
      await this.openFor(tenantId, person)
    ).map(({ request, claim }) => ({ grant: grantOf(request), claim, request }));
    for (const grant of await this.tokens.openSlotsOf(tenantId, person.id, this.clock.now())) {
      const claim = await this.claims.get(tenantId, grant.claimId);
      if (claim && isEditable(claim.status) && !isFulfilled(claim, grant.id)) out.push({ grant, claim });
    }
    return out;
  }

  /** Hint for the reminder sweep, after the fulfilling document committed. */
  async markDone(tenantId: string, requestId: string): Promise<void> {
    await this.requests.markDone(tenantId, requestId, this.clock.now());
  }

  async setCard(request: UploadRequest, which: 'thread' | 'personal', card: PostedCard): Promise<void> {
    await this.requests.setCard(request.tenantId, request.id, which, card);
  }

  private async current(actor: ActorContext, claimId: string, expectedVersion: number): Promise<Claim> {
    const claim = await this.claims.get(actor.tenantId, claimId);
    if (!claim) throw new DomainError('CLAIM.NOT_FOUND', "I can't find that claim in this organisation.");
    if (claim.version !== expectedVersion) throw new ClaimChangedError(claim.id);
    return claim;
  }
}

export function grantOf(request: UploadRequest): UploadGrant {
  return {
    id: request.id,
    type: 'request',
    tenantId: request.tenantId,
    claimId: request.claimId,
    person: request.assignee,
    need: request.need,
    prefill: { kind: request.need.kind, poeKey: request.need.poeKey },
    requester: request.requester,
    text: request.text,
    due: request.due,
  };
}

export function isAssignee(request: UploadRequest, person: Person): boolean {
  return (
    request.assignee.id === person.id || (!!person.aadObjectId && request.assignee.aadObjectId === person.aadObjectId)
  );
}

/** Default due date offered on the request form: in three days, but never after the claim deadline. */
export function defaultDue(claim: Claim, now: Date): string {
  const inThree = addDays(isoDate(now.getTime()), 3);
  return inThree > claim.deadline ? claim.deadline : inThree;
}

export function requirePartner(actor: ActorContext): void {
  if (!hasRole(actor, 'admin', 'user'))
    throw new DomainError('AUTH.FORBIDDEN', 'Only incentives admins and users can do that.');
}

export function notEditable(claim: Claim): DomainError {
  return new DomainError(
    'CLAIM.NOT_EDITABLE',
    `${claim.number} is ${STATUS_LABEL[claim.status]}: documents can't be added or replaced now. A reviewer can ask for more information, which opens it for edits again.`,
  );
}

function invalidLink(): DomainError {
  return new DomainError(
    'UPLOAD.TOKEN_INVALID',
    'This upload link is not valid. Open the request in Teams and use its Upload button to get a working link.',
  );
}
