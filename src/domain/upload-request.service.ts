import { safe } from './text';
import { isPartner, requirePartner } from './access';
import { findActivity } from './activities';
import type { ActorContext, Who } from './actor';
import { withContributor, withParticipant, type Claim, type ClaimRequest, type Person } from './claim';
import type { ClaimService } from './claim.service';
import type { MemberService } from './member.service';
import { notEditable } from './claim.service';
import type { Clock } from './clock';
import { isDocumentKind } from './document';
import {
  ClaimChangedError,
  ClaimNotFoundError,
  ForbiddenError,
  InvalidInputError,
  RequestNotFoundError,
  UploadTokenError,
} from './errors';
import { addDays, isoDate, isValidDate } from './period';
import type { ClaimPicture } from './picture';
import type { ClaimRepository, UploadRequestRepository, UploadTokenRepository } from './ports';
import { isEditable } from './status';
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
import { charLength } from './text-length';

export interface RequestInput {
  readonly assignee: Person;
  /** `invoice`, `csr`, `other` or `poe:<key>`. */
  readonly need: string;
  readonly text: string;
  /** YYYY-MM-DD */
  readonly due: string;
}

export type RequestField = 'assignee' | 'need' | 'text' | 'due';
export type RequestFieldErrors = Partial<Record<RequestField, string>>;

export interface MintedLink {
  readonly token: string;
  readonly expiresAt: Date;
}

/** Something that issues upload links (DocumentService uses it for a partner's own uploads). */
export interface UploadLinks {
  mint(grant: UploadGrant, holder: Person): Promise<MintedLink>;
}

export const MAX_REQUEST_TEXT = 500;

/**
 * Requests for documents: a partner asks a colleague for a PoE item, an invoice…, by a due date.
 * A request commits through its `upload.requested` History event (the claim holds it); only the
 * person asked gets upload links for it, and a document fulfils it once.
 */
export class UploadRequestService implements UploadLinks {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly claimService: ClaimService,
    private readonly requests: UploadRequestRepository,
    private readonly tokens: UploadTokenRepository,
    private readonly clock: Clock,
    private readonly options: { readonly tokenDays: number },
    /** A partner's own Add document link works only while they are still a partner. */
    private readonly members: Pick<MemberService, 'actor'>,
  ) {}

  /** Validates a request form: every bad field gets its own message. */
  validate(claim: Claim, actor: Who, input: RequestInput): { errors: RequestFieldErrors; need?: Need } {
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
    if (charLength(text) > MAX_REQUEST_TEXT) errors.text = `Say it in at most ${MAX_REQUEST_TEXT} characters.`;
    const today = isoDate(this.clock.now().getTime());
    const due = input.due.trim();
    if (!due) errors.due = 'Choose a due date.';
    else if (!isValidDate(due)) errors.due = safe`"${due.slice(0, 20)}" is not a date; use YYYY-MM-DD.`;
    else if (due < today) errors.due = 'The due date is in the past.';
    else if (due > claim.deadline && !claim.firstSubmittedAt)
      errors.due = `Choose a day on or before the claim deadline (${claim.deadline}).`;
    else if (claim.dueDate && claim.status === 'ActionRequired' && due > claim.dueDate)
      errors.due = `Choose a day on or before the response due date (${claim.dueDate}).`;
    if (input.assignee.id === actor.person.id)
      errors.assignee = 'Pick a colleague. To upload a file yourself, use Add document.';
    return { errors, need };
  }

  /** The form's checks without committing (the bot looks the colleague up first). */
  async request(
    actor: ActorContext,
    claimId: string,
    expectedVersion: number,
    input: RequestInput,
  ): Promise<{ picture: ClaimPicture; request: UploadRequest; link: MintedLink }> {
    requirePartner(actor, 'ask colleagues for documents');
    const claim = await this.claims.get(actor.tenantId, claimId);
    if (!claim) throw new ClaimNotFoundError();
    if (claim.version !== expectedVersion)
      throw new ClaimChangedError(claim.id).about(await this.claimService.picture(claim));
    if (!isEditable(claim.status)) throw notEditable(claim.status).about(await this.claimService.picture(claim));
    const { errors, need } = this.validate(claim, actor, input);
    if (Object.keys(errors).length > 0 || !need)
      throw new InvalidInputError<RequestField>(Object.values(errors).join(' '), errors);
    const now = this.clock.now();
    const id = crypto.randomUUID();
    const asked: ClaimRequest = {
      id,
      code: shortCode(id),
      requester: actor.person,
      assignee: input.assignee,
      need,
      text: input.text.trim(),
      due: input.due.trim(),
      createdAt: now,
    };
    const request: UploadRequest = { ...asked, tenantId: claim.tenantId, claimId: claim.id, claimNumber: claim.number };
    // The row is a projection for lookups by the person asked; the claim decides what is a request
    // (a row whose event never committed is never matched), so the row can go first.
    await this.requests.insert(request);
    const updated = await this.claimService.commitChange(
      claim,
      { type: 'upload.requested', actor: actor.person, at: now, data: { request: asked } },
      {
        requests: [...(claim.requests ?? []), asked],
        participants: withParticipant(withParticipant(claim.participants, actor.person.id), input.assignee.id),
        contributors: withContributor(claim, actor.person.id),
        updatedAt: now,
      },
    );
    return {
      picture: await this.claimService.pictureAfterCommit(updated),
      request,
      link: await this.mint(grantOf(request), input.assignee),
    };
  }

  /** Issues a new upload link for `holder`: only its sha256 is stored. */
  async mint(grant: UploadGrant, holder: Person): Promise<MintedLink> {
    const token = newToken();
    const createdAt = this.clock.now();
    const expiresAt = new Date(createdAt.getTime() + this.options.tokenDays * 86_400_000);
    await this.tokens.insert({ tokenHash: hashToken(token), grant, holder, createdAt, expiresAt });
    return { token, expiresAt };
  }

  /** A fresh upload link for a request — only for the person asked. */
  async link(who: Who, requestId: string): Promise<{ request: UploadRequest; claim: Claim; link: MintedLink }> {
    const { request, claim } = await this.find(who, requestId);
    if (!isAssignee(request, who.person)) {
      throw new ForbiddenError(
        safe`This request is for ${request.assignee.name}: only they get an upload link for it. To add the document yourself, use Add document on the claim card.`,
      );
    }
    if (isFulfilled(claim, request.id))
      throw new UploadTokenError('UPLOAD.TOKEN_USED', 'This request is already done: its document was uploaded.');
    if (!isEditable(claim.status)) throw notEditable(claim.status);
    return { request, claim, link: await this.mint(grantOf(request), who.person) };
  }

  /**
   * What an upload link grants and to whom, if it is still good: it exists, has not expired, its
   * request or slot has not been fulfilled, and the claim still takes documents.
   */
  async redeem(token: string): Promise<{ grant: UploadGrant; holder: Person; claim: Claim; expiresAt: Date }> {
    if (!looksLikeToken(token)) throw invalidLink();
    const stored = await this.tokens.find(hashToken(token));
    if (!stored) throw invalidLink();
    if (this.clock.now().getTime() >= stored.expiresAt.getTime()) {
      throw new UploadTokenError(
        'UPLOAD.TOKEN_EXPIRED',
        `This upload link expired on ${stored.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. Open the request in Teams to get a new one.`,
      );
    }
    const claim = await this.claims.get(stored.grant.tenantId, stored.grant.claimId);
    if (!claim || (stored.grant.type === 'request' && !claim.requests?.some((r) => r.id === stored.grant.id)))
      throw invalidLink();
    if (isFulfilled(claim, stored.grant.id)) {
      throw new UploadTokenError(
        'UPLOAD.TOKEN_USED',
        `This upload link was already used: its document is on ${claim.number}. To change the document, use Replace in the claim's documents in Teams.`,
      );
    }
    if (!isEditable(claim.status)) throw notEditable(claim.status);
    const holder = stored.holder ?? stored.grant.person;
    // A link of a partner's own slot is a partner's right: it ends when an admin takes the role back.
    if (stored.grant.type === 'slot')
      requirePartner(await this.members.actor({ tenantId: stored.grant.tenantId, person: holder }), 'add documents');
    return { grant: stored.grant, holder, claim, expiresAt: stored.expiresAt };
  }

  /** A request and its claim (the claim must hold the request). */
  async find(who: Who, requestId: string): Promise<{ request: UploadRequest; claim: Claim }> {
    const request = await this.requests.get(who.tenantId, requestId);
    if (!request) throw new RequestNotFoundError();
    const claim = await this.claims.get(who.tenantId, request.claimId);
    if (!claim || !claim.requests?.some((r) => r.id === request.id)) throw new RequestNotFoundError();
    return { request, claim };
  }

  /** The claim's requests with their state (open / done / overdue), newest first. */
  lines(claim: Claim): readonly RequestLine[] {
    const now = this.clock.now();
    return [...(claim.requests ?? [])]
      .reverse()
      .map((request) => ({ request, state: requestState(request, claim, now) }));
  }

  /** Open requests of the person, each with its claim (still open, claim still editable). */
  async openFor(tenantId: string, person: Person): Promise<ReadonlyArray<{ request: UploadRequest; claim: Claim }>> {
    const out: Array<{ request: UploadRequest; claim: Claim }> = [];
    for (const request of await this.requests.openForAssignee(tenantId, person)) {
      const claim = await this.claims.get(tenantId, request.claimId);
      if (
        claim &&
        claim.requests?.some((r) => r.id === request.id) &&
        isEditable(claim.status) &&
        !isFulfilled(claim, request.id)
      )
        out.push({ request, claim });
    }
    return out;
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
    ).map(({ request, claim }) => ({
      grant: grantOf(request),
      claim,
      request,
    }));
    const slots = await this.tokens.openSlotsOf(tenantId, person.id, this.clock.now());
    // Their own Add document slots count only while they are still a partner (see redeem).
    if (slots.length > 0 && !isPartner(await this.members.actor({ tenantId, person }))) return out;
    for (const grant of slots) {
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

  row(tenantId: string, requestId: string): Promise<UploadRequest | undefined> {
    return this.requests.get(tenantId, requestId);
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

export function isAssignee(request: Pick<ClaimRequest, 'assignee'>, person: Person): boolean {
  return (
    request.assignee.id === person.id || (!!person.aadObjectId && request.assignee.aadObjectId === person.aadObjectId)
  );
}

/** Default due date offered on the request form: in three days, but never after the claim's due date. */
export function defaultDue(claim: Claim, now: Date): string {
  const inThree = addDays(isoDate(now.getTime()), 3);
  const limit =
    claim.status === 'ActionRequired' && claim.dueDate
      ? claim.dueDate
      : claim.firstSubmittedAt
        ? undefined
        : claim.deadline;
  return limit && inThree > limit ? limit : inThree;
}

function invalidLink(): UploadTokenError {
  return new UploadTokenError(
    'UPLOAD.TOKEN_INVALID',
    'This upload link is not valid. Open the request in Teams and use its Upload button to get a working link.',
  );
}
