import { findActivity, type Activity } from './activities';
import type { ActorContext } from './actor';
import { hasRole } from './actor';
import {
  overviewKey,
  withContributor,
  withParticipant,
  type Claim,
  type ClaimDocument,
  type ClaimEvent,
  type ConversationRef,
  type MetricValue,
} from './claim';
import type { Clock } from './clock';
import { ClaimChangedError, DomainError } from './errors';
import { findLocation } from './locations';
import { isCurrency, parseAmount } from './money';
import { claimDeadline, parsePeriod, PERIOD_FORMAT_HINT } from './period';
import type { ClaimRepository, DocumentRepository, Page, ProgramRepository } from './ports';
import type { Program } from './program';
import { checkReadiness, type Readiness } from './readiness';
import { currentDocuments } from './document';
import type { RequestLine } from './upload-request';
import { checkMove, isEditable, STATUS_LABEL, type ClaimStatus } from './status';

export interface NewClaimInput {
  readonly program: string;
  readonly activity: string;
  readonly location: string;
  readonly period: string;
  readonly amount: string;
  readonly currency: string;
  readonly description: string;
}

export type FieldErrors = Partial<Record<keyof NewClaimInput, string>>;

/** Everything a claim card shows: the claim, its documents and its readiness right now. */
export interface ClaimPicture {
  readonly claim: Claim;
  readonly activity: Activity | undefined;
  readonly documents: readonly ClaimDocument[];
  readonly readiness: Readiness;
  readonly earnedMinor: number | undefined;
  readonly now: Date;
  /** Upload requests of the claim with their state (open / done / overdue), newest first. */
  readonly requests?: readonly RequestLine[];
}

/** Reads a claim's upload requests (UploadRequestService). */
export interface RequestLines {
  lines(claim: Claim): Promise<readonly RequestLine[]>;
}

export const MAX_COMMENT = 2000;
export const MAX_INFO = 2000;
export const MAX_METRIC_TEXT = 500;
export const HISTORY_PAGE = 10;

export class ClaimService {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly documents: DocumentRepository,
    private readonly programs: ProgramRepository,
    private readonly clock: Clock,
    private readonly requests?: RequestLines,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  /** Validates a new-claim form; every bad field gets its own message. */
  async validateNew(actor: ActorContext, input: NewClaimInput): Promise<{ errors: FieldErrors; program?: Program }> {
    const errors: FieldErrors = {};
    const programCode = input.program.trim().toUpperCase();
    const program = programCode ? await this.programs.get(actor.tenantId, programCode) : undefined;
    if (!programCode) errors.program = 'Choose a program.';
    else if (!program) errors.program = `There is no program ${programCode} in this organisation.`;
    const activity = findActivity(input.activity);
    if (!input.activity) errors.activity = 'Choose an activity.';
    else if (!activity) errors.activity = 'Choose an activity from the list.';
    else if (program && activity.notEligiblePrograms?.includes(program.code))
      errors.activity = `${activity.name} is not eligible in ${program.code}.`;
    if (!input.location) errors.location = 'Choose a country or region.';
    else if (!findLocation(input.location)) errors.location = 'Choose a country or region from the list.';
    const period = parsePeriod(input.period);
    if (!input.period.trim()) errors.period = `Enter ${PERIOD_FORMAT_HINT}.`;
    else if (!period)
      errors.period = `"${input.period.trim().slice(0, 20)}" is not a usage period: enter ${PERIOD_FORMAT_HINT}.`;
    const currency = input.currency.trim().toUpperCase();
    if (!isCurrency(currency)) errors.currency = 'Choose a currency (ISO code such as USD).';
    else if (program && program.currency !== currency)
      errors.currency = `${program.code} is paid in ${program.currency}; claim in ${program.currency}.`;
    if (!input.amount.trim()) errors.amount = 'Enter the amount you claim.';
    else if (isCurrency(currency)) {
      const minor = parseAmount(input.amount, currency);
      if (minor === undefined) errors.amount = 'Enter an amount such as 1250.00 (digits, at most 2 decimals).';
      else if (minor <= 0) errors.amount = 'The amount must be more than zero.';
    }
    if (!input.description.trim()) errors.description = 'Describe the activity in a sentence.';
    return { errors, program };
  }

  async create(actor: ActorContext, input: NewClaimInput, home?: ConversationRef): Promise<Claim> {
    this.requirePartner(actor);
    const { errors, program } = await this.validateNew(actor, input);
    if (Object.keys(errors).length > 0 || !program) {
      throw new DomainError('CLAIM.INVALID', 'Some fields need attention.', { fields: errors });
    }
    const period = parsePeriod(input.period)!;
    const now = this.clock.now();
    const claim: Omit<Claim, 'version' | 'number'> = {
      id: crypto.randomUUID(),
      tenantId: actor.tenantId,
      programCode: program.code,
      activityCode: input.activity,
      location: findLocation(input.location)!.code,
      period,
      description: input.description.trim(),
      claimedMinor: parseAmount(input.amount, program.currency)!,
      approvedMinor: 0,
      currency: program.currency,
      status: 'Editing',
      metrics: {},
      additionalInfo: '',
      deadline: claimDeadline(period),
      createdBy: actor.person,
      createdAt: now,
      updatedAt: now,
      home,
      participants: [actor.person.id],
      overviewKey: overviewKey(program.code, period.code, 'Editing'),
      commentCount: 0,
      documentCount: 0,
      contributors: [actor.person.id],
    };
    return this.claims.create(claim, { type: 'claim.created', actor: actor.person, at: now, data: {} });
  }

  async get(actor: ActorContext, claimId: string): Promise<Claim> {
    const claim = await this.claims.get(actor.tenantId, claimId);
    if (!claim) throw notFound();
    return claim;
  }

  async getByNumber(actor: ActorContext, number: string): Promise<Claim> {
    const claim = await this.claims.getByNumber(actor.tenantId, number.toUpperCase());
    if (!claim)
      throw new DomainError('CLAIM.NOT_FOUND', `I can't find claim ${number.toUpperCase()} in this organisation.`);
    return claim;
  }

  /** The claim with everything its card shows. */
  async picture(claim: Claim): Promise<ClaimPicture> {
    const [stored, earnedMinor, use, requests] = await Promise.all([
      this.documents.listForClaim(claim.tenantId, claim.id),
      this.programs.earnedFunds(claim.tenantId, claim.programCode, claim.period.code),
      this.claims.fundsUse(claim.tenantId, claim.programCode, claim.period.code, claim.activityCode, claim.id),
      this.requests?.lines(claim),
    ]);
    // A replaced document's old row stays (History shows it); only current documents count.
    const documents = currentDocuments(
      stored.length < (claim.documentCount ?? 0) ? await this.restoreDocuments(claim) : stored,
    );
    const now = this.clock.now();
    const readiness = checkReadiness({
      claim,
      documents,
      funds: { earnedMinor, usedByOthersMinor: use.allMinor, activityUsedByOthersMinor: use.activityMinor },
      now,
    });
    return {
      claim,
      activity: findActivity(claim.activityCode),
      documents,
      readiness,
      earnedMinor,
      now,
      ...(requests ? { requests } : {}),
    };
  }

  async comment(actor: ActorContext, claimId: string, expectedVersion: number, text: string): Promise<Claim> {
    const claim = await this.current(actor, claimId, expectedVersion);
    const body = text.trim();
    if (!body) throw new DomainError('INPUT.INVALID', 'Write a comment first.');
    if (body.length > MAX_COMMENT)
      throw new DomainError('INPUT.INVALID', `A comment can be at most ${MAX_COMMENT} characters.`);
    return this.claims.commit(
      claim,
      { type: 'claim.commented', actor: actor.person, at: this.clock.now(), data: { text: body } },
      {
        commentCount: claim.commentCount + 1,
        participants: withParticipant(claim.participants, actor.person.id),
        // Commenting on a draft makes you a contributor; a reviewer's comment during review does not.
        contributors:
          isEditable(claim.status) || !hasRole(actor, 'reviewer')
            ? withContributor(claim, actor.person.id)
            : claim.contributors,
        updatedAt: this.clock.now(),
      },
    );
  }

  async updateMetrics(
    actor: ActorContext,
    claimId: string,
    expectedVersion: number,
    values: Readonly<Record<string, string>>,
  ): Promise<Claim> {
    this.requirePartner(actor);
    const claim = await this.current(actor, claimId, expectedVersion);
    this.requireEditable(claim);
    const activity = findActivity(claim.activityCode);
    const metrics: Record<string, MetricValue> = { ...claim.metrics };
    const changed: Record<string, MetricValue | null> = {};
    const errors: Record<string, string> = {};
    for (const def of activity?.metrics ?? []) {
      const raw = values[def.key];
      if (raw === undefined) continue;
      const text = raw.trim();
      let value: MetricValue | undefined;
      if (text === '') value = undefined;
      else if (def.kind === 'integer') {
        const n = /^\d{1,12}$/.test(text.replace(/[,\s]/g, '')) ? Number(text.replace(/[,\s]/g, '')) : NaN;
        if (!Number.isSafeInteger(n)) {
          errors[def.key] = `${def.label}: enter a whole number.`;
          continue;
        }
        value = n;
      } else {
        if (text.length > MAX_METRIC_TEXT) {
          errors[def.key] = `${def.label}: at most ${MAX_METRIC_TEXT} characters.`;
          continue;
        }
        value = text;
      }
      if (value === undefined) {
        if (def.key in metrics) {
          delete metrics[def.key];
          changed[def.key] = null;
        }
      } else if (metrics[def.key] !== value) {
        metrics[def.key] = value;
        changed[def.key] = value;
      }
    }
    if (Object.keys(errors).length > 0) {
      throw new DomainError('INPUT.INVALID', Object.values(errors).join(' '), { fields: errors });
    }
    if (Object.keys(changed).length === 0)
      throw new DomainError('INPUT.INVALID', 'Nothing changed: the metrics already have these values.');
    return this.claims.commit(
      claim,
      { type: 'claim.metrics.updated', actor: actor.person, at: this.clock.now(), data: { changed } },
      {
        metrics,
        participants: withParticipant(claim.participants, actor.person.id),
        contributors: withContributor(claim, actor.person.id),
        updatedAt: this.clock.now(),
      },
    );
  }

  async updateAdditionalInfo(
    actor: ActorContext,
    claimId: string,
    expectedVersion: number,
    text: string,
  ): Promise<Claim> {
    this.requirePartner(actor);
    const claim = await this.current(actor, claimId, expectedVersion);
    this.requireEditable(claim);
    const info = text.trim();
    if (info.length > MAX_INFO)
      throw new DomainError('INPUT.INVALID', `Additional information can be at most ${MAX_INFO} characters.`);
    if (info === claim.additionalInfo)
      throw new DomainError('INPUT.INVALID', 'Nothing changed: the additional information is the same.');
    return this.claims.commit(
      claim,
      { type: 'claim.info.updated', actor: actor.person, at: this.clock.now(), data: { text: info } },
      {
        additionalInfo: info,
        participants: withParticipant(claim.participants, actor.person.id),
        contributors: withContributor(claim, actor.person.id),
        updatedAt: this.clock.now(),
      },
    );
  }

  /** Runs the readiness check; submits only when every item passes. */
  async submit(actor: ActorContext, claimId: string, expectedVersion: number): Promise<Claim> {
    const claim = await this.current(actor, claimId, expectedVersion);
    const move = claim.status === 'ActionRequired' ? 'resubmit' : 'submit';
    const check = checkMove(claim.status, move, actor.roles);
    if (!check.ok) {
      if (check.reason === 'role')
        throw new DomainError('AUTH.FORBIDDEN', 'Only incentives admins and users can submit a claim.');
      throw notEditable(claim.status);
    }
    const { readiness } = await this.picture(claim);
    if (!readiness.ready) {
      throw new DomainError(
        'CLAIM.NOT_READY',
        `${claim.number} can't be submitted yet: ${readiness.failing.length} item(s) need attention.`,
        {
          failing: readiness.failing,
        },
      );
    }
    const now = this.clock.now();
    return this.claims.commit(
      claim,
      {
        type: 'claim.submitted',
        actor: actor.person,
        at: now,
        data: { from: claim.status, to: check.to, claimedMinor: claim.claimedMinor },
      },
      {
        status: check.to,
        submittedAt: now,
        overviewKey: overviewKey(claim.programCode, claim.period.code, check.to),
        participants: withParticipant(claim.participants, actor.person.id),
        contributors: withContributor(claim, actor.person.id),
        updatedAt: now,
      },
    );
  }

  /** Records a supporting document (invoice, CSR, PoE) through its History event. */
  async addDocument(
    actor: ActorContext,
    claimId: string,
    expectedVersion: number,
    doc: Omit<ClaimDocument, 'id' | 'tenantId' | 'claimId' | 'addedBy' | 'addedAt'>,
  ): Promise<{ claim: Claim; document: ClaimDocument }> {
    this.requirePartner(actor);
    const claim = await this.current(actor, claimId, expectedVersion);
    this.requireEditable(claim);
    const now = this.clock.now();
    const document: ClaimDocument = {
      ...doc,
      id: crypto.randomUUID(),
      tenantId: claim.tenantId,
      claimId: claim.id,
      addedBy: actor.person,
      addedAt: now,
    };
    const updated = await this.claims.commit(
      claim,
      { type: 'document.added', actor: actor.person, at: now, data: { document } },
      {
        documentCount: (claim.documentCount ?? 0) + 1,
        participants: withParticipant(claim.participants, actor.person.id),
        contributors: withContributor(claim, actor.person.id),
        updatedAt: now,
      },
    );
    // The event is the commit; the row is its projection (restored from History if a crash drops it).
    await this.documents.insert(document);
    return { claim: updated, document };
  }

  async history(
    actor: ActorContext,
    claimId: string,
    page: number,
  ): Promise<{ claim: Claim; events: Page<ClaimEvent>; page: number; pages: number }> {
    const claim = await this.get(actor, claimId);
    const safePage = Math.max(0, page);
    const events = await this.claims.events(actor.tenantId, claimId, {
      skip: safePage * HISTORY_PAGE,
      limit: HISTORY_PAGE,
    });
    return { claim, events, page: safePage, pages: Math.max(1, Math.ceil(events.total / HISTORY_PAGE)) };
  }

  list(
    actor: ActorContext,
    filter: { status?: ClaimStatus; mine?: boolean },
    page: number,
    pageSize: number,
  ): Promise<Page<Claim>> {
    return this.claims.list(
      actor.tenantId,
      { status: filter.status, createdBy: filter.mine ? actor.person.id : undefined },
      { skip: Math.max(0, page) * pageSize, limit: pageSize },
    );
  }

  /** Re-inserts document rows whose `document.added` event committed but whose row never landed. */
  private async restoreDocuments(claim: Claim): Promise<readonly ClaimDocument[]> {
    const events = [
      ...(await this.claims.eventsOfType(claim.tenantId, claim.id, 'document.added')),
      ...(await this.claims.eventsOfType(claim.tenantId, claim.id, 'document.replaced')),
    ];
    for (const e of events) await this.documents.insert(e.data.document as ClaimDocument);
    return this.documents.listForClaim(claim.tenantId, claim.id);
  }

  /** Loads the claim and refuses if the card the user acted on is not the current version. */
  private async current(actor: ActorContext, claimId: string, expectedVersion: number): Promise<Claim> {
    const claim = await this.get(actor, claimId);
    if (claim.version !== expectedVersion) throw new ClaimChangedError(claim.id);
    return claim;
  }

  private requireEditable(claim: Claim): void {
    if (!isEditable(claim.status)) throw notEditable(claim.status);
  }

  private requirePartner(actor: ActorContext): void {
    if (!hasRole(actor, 'admin', 'user'))
      throw new DomainError('AUTH.FORBIDDEN', 'Only incentives admins and users can do that.');
  }
}

function notFound(): DomainError {
  return new DomainError('CLAIM.NOT_FOUND', "I can't find that claim in this organisation.");
}

function notEditable(status: ClaimStatus): DomainError {
  return new DomainError(
    'CLAIM.NOT_EDITABLE',
    `This claim is ${STATUS_LABEL[status]}: it can't be changed now. A reviewer can ask for more information, which opens it for edits again.`,
  );
}
