import { safe } from './text';
import { canSee, isColleague, requirePartner, requireReviewSide } from './access';
import { ACTIVITIES, findActivity } from './activities';
import type { ActorContext, Viewer, Who } from './actor';
import {
  documentsOf,
  overviewKey,
  SYSTEM,
  withCommenter,
  withContributor,
  withParticipant,
  type Claim,
  type ClaimChanges,
  type ClaimEvent,
  type ClaimEventType,
  type ClaimRow,
  type ConversationRef,
  type MetricValue,
} from './claim';
import type { Clock } from './clock';
import {
  afterCommit,
  AfterCommitError,
  BadTransitionError,
  ClaimChangedError,
  ClaimFormError,
  ClaimNotEditableError,
  ClaimNotFoundError,
  ClaimNotReadyError,
  ForbiddenError,
  InvalidInputError,
} from './errors';
import { fundsKeyOf, type FundsKey } from './funds';
import type { FundsService, ReserveOutcome } from './funds.service';
import { verifyChain, type ChainVerdict } from './history-chain';
import { findLocation } from './locations';
import { formatMoney, isCurrency, parseAmount, parseCount } from './money';
import { claimDeadline, openPeriods, parsePeriod, periodProblem, type UsagePeriod } from './period';
import { pictureOf, type ClaimPicture } from './picture';
import type { ClaimFilter, ClaimRepository, NewEvent, Page, ProgramRepository } from './ports';
import type { Program } from './program';
import { checkReadiness, MONEY_ITEMS, type FundsPicture, type Readiness } from './readiness';
import { checkMove, isEditable, STATUS_LABEL, type ClaimStatus } from './status';
import { charLength } from './text-length';

export interface NewClaimInput {
  readonly program: string;
  readonly activity: string;
  readonly location: string;
  readonly period: string;
  readonly amount: string;
  readonly currency: string;
  readonly description: string;
}

/** What Edit claim may change (the program and its currency stay). */
export type EditClaimInput = Omit<NewClaimInput, 'program' | 'currency'>;

export type ClaimField = keyof NewClaimInput;
export type FieldErrors = Partial<Record<ClaimField, string>>;

/** A program as the new-claim form offers it: with the usage periods open for claims now. */
export interface ProgramChoice {
  readonly program: Program;
  readonly periods: readonly UsagePeriod[];
}

export const MAX_COMMENT = 2000;
export const MAX_INFO = 2000;
export const MAX_DESCRIPTION = 500;
export const MAX_METRIC_TEXT = 500;
export const MAX_REASON = 2000;
export const HISTORY_PAGE = 10;

/** What an edit changed, for History: field → [from, to], in people's words. */
export type EditChanges = Partial<
  Record<'activity' | 'location' | 'period' | 'amount' | 'description', [string, string]>
>;

export class ClaimService {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly programs: ProgramRepository,
    private readonly funds: FundsService,
    private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  // ---- reading --------------------------------------------------------------------------------

  async get(who: Who, claimId: string): Promise<Claim> {
    const claim = await this.claims.get(who.tenantId, claimId);
    if (!claim) throw new ClaimNotFoundError();
    return claim;
  }

  async getByNumber(who: Who, number: string): Promise<Claim> {
    const claim = await this.claims.getByNumber(who.tenantId, number.toUpperCase());
    if (!claim) throw new ClaimNotFoundError(number.toUpperCase());
    return claim;
  }

  /**
   * The claim a person asked for by number, if they may see it here. Roles are only looked up when
   * the claim's card does not live in this conversation (`actor` is called lazily).
   */
  async findForViewer(
    who: Who,
    number: string,
    conversationId: string,
    actor: () => Promise<ActorContext>,
  ): Promise<Claim> {
    const claim = await this.getByNumber(who, number);
    if (claim.home?.conversationId === conversationId) return claim;
    if (!canSee(await actor(), claim, conversationId)) throw new ClaimNotFoundError(number.toUpperCase());
    return claim;
  }

  /**
   * The claim by id, if `viewer` may see it where they pressed: a card copied or forwarded into
   * another conversation shows a colleague nothing (the same rule as asking by number). Roles are
   * only looked up when the press does not come from the claim's own conversation.
   */
  async getForViewer(who: Who, claimId: string, viewer: Viewer): Promise<Claim> {
    const claim = await this.get(who, claimId);
    await this.requireVisible(claim, viewer);
    return claim;
  }

  /** Whether `viewer` may see the claim where they are (roles read only outside its own conversation). */
  async visibleTo(claim: Claim, viewer: Viewer): Promise<boolean> {
    return (
      claim.home?.conversationId === viewer.conversationId || canSee(await viewer.actor(), claim, viewer.conversationId)
    );
  }

  async loadForViewer(who: Who, claimId: string, viewer: Viewer): Promise<ClaimPicture> {
    return this.picture(await this.getForViewer(who, claimId, viewer));
  }

  /** Everything the claim's card shows. */
  async picture(claim: Claim): Promise<ClaimPicture> {
    return pictureOf(claim, await this.funds.pictureFor(claim), this.clock.now());
  }

  async load(who: Who, claimId: string): Promise<ClaimPicture> {
    return this.picture(await this.get(who, claimId));
  }

  async history(
    who: Who,
    claimId: string,
    page: number,
    viewer: Viewer,
  ): Promise<{ claim: Claim; events: Page<ClaimEvent>; page: number; pages: number }> {
    const claim = await this.getForViewer(who, claimId, viewer);
    const safePage = Math.max(0, page);
    const events = await this.claims.events(who.tenantId, claimId, {
      skip: safePage * HISTORY_PAGE,
      limit: HISTORY_PAGE,
    });
    return { claim, events, page: safePage, pages: Math.max(1, Math.ceil(events.total / HISTORY_PAGE)) };
  }

  /**
   * `verify CLM-…` (reviewers and admins): whether the claim's History is the one that was recorded
   * — every event's hash and the chain from the first event to the claim as it is now.
   */
  async verify(actor: ActorContext, number: string): Promise<{ claim: Claim; verdict: ChainVerdict }> {
    requireReviewSide(actor, "verify a claim's History");
    const claim = await this.getByNumber(actor, number);
    return { claim, verdict: await this.verdictOf(claim) };
  }

  /**
   * The chain verdict of a claim already read (the evidence pack reports it). `events`: its History
   * as the caller already read it, so the verdict judges exactly the events the caller shows.
   */
  async verdictOf(claim: Claim, events?: readonly ClaimEvent[]): Promise<ChainVerdict> {
    return verifyChain(
      events ?? (await this.claims.allEvents(claim.tenantId, claim.id)),
      claim.version,
      claim.historyHash,
    );
  }

  /** The organisation's claims (a colleague: only this conversation's). */
  list(
    actor: ActorContext,
    filter: ClaimFilter & { mine?: boolean },
    conversationId: string | undefined,
    page: number,
    pageSize: number,
  ): Promise<Page<ClaimRow>> {
    const { mine, ...rest } = filter;
    return this.claims.rows(
      actor.tenantId,
      {
        ...rest,
        ...(mine ? { createdBy: actor.person.id } : {}),
        ...(isColleague(actor) ? { homeConversationId: conversationId ?? '' } : {}),
      },
      { skip: Math.max(0, page) * pageSize, limit: pageSize },
    );
  }

  // ---- the claim form -------------------------------------------------------------------------

  /** The programs a new claim can be for, each with its open usage periods. */
  async choices(who: Who): Promise<readonly ProgramChoice[]> {
    const now = this.clock.now();
    return (await this.programs.list(who.tenantId)).map((program) => ({
      program,
      periods: openPeriods(program.granularity, now),
    }));
  }

  /** Validates a claim form: every bad field gets its own message. `current` allows an edit to keep its period. */
  private validate(input: NewClaimInput, program: Program | undefined, current?: Claim): FieldErrors {
    const errors: FieldErrors = {};
    const now = this.clock.now();
    const activity = findActivity(input.activity);
    if (!input.activity) errors.activity = 'Choose an activity.';
    else if (!activity) errors.activity = 'Choose an activity from the list.';
    else if (program && activity.notEligiblePrograms?.includes(program.code))
      errors.activity = `${activity.name} is not eligible in ${program.code}.`;
    if (!input.location) errors.location = 'Choose a country or region.';
    else if (!findLocation(input.location)) errors.location = 'Choose a country or region from the list.';
    const periodText = input.period.trim().toUpperCase();
    if (!periodText) errors.period = 'Choose a usage period.';
    else if (!parsePeriod(periodText))
      errors.period = safe`"${periodText.slice(0, 20)}" is not a usage period: choose one from the list.`;
    else if (program && periodText !== current?.period.code) {
      const problem = periodProblem(periodText, program.granularity, now);
      if (problem) errors.period = `${problem} Choose one of the periods in the list.`;
    }
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
    const description = input.description.trim();
    if (!description) errors.description = 'Describe the activity in a sentence.';
    else if (charLength(description) > MAX_DESCRIPTION)
      errors.description = `Say it in at most ${MAX_DESCRIPTION} characters.`;
    return errors;
  }

  async create(actor: ActorContext, input: NewClaimInput, home?: ConversationRef): Promise<ClaimPicture> {
    requirePartner(actor, 'create claims');
    const programCode = input.program.trim().toUpperCase();
    const program = programCode ? await this.programs.get(actor.tenantId, programCode) : undefined;
    const errors = this.validate(input, program);
    if (!programCode) errors.program = 'Choose a program.';
    else if (!program) errors.program = safe`There is no program ${programCode.slice(0, 24)} in this organisation.`;
    if (Object.keys(errors).length > 0 || !program) throw new ClaimFormError<ClaimField>(errors);
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
      ...(home ? { home } : {}),
      participants: [actor.person.id],
      overviewKey: overviewKey(program.code, period.code, 'Editing'),
      commentCount: 0,
      documents: [],
      requests: [],
      contributors: [actor.person.id],
    };
    const created = await this.claims.create(claim, { type: 'claim.created', actor: actor.person, at: now, data: {} });
    return this.picture(created);
  }

  /** Edit claim: the same checks as at creation; History records each change from → to. */
  async edit(
    actor: ActorContext,
    claimId: string,
    expectedVersion: number,
    input: EditClaimInput,
  ): Promise<ClaimPicture> {
    requirePartner(actor, 'edit claims');
    const claim = await this.editableAt(actor, claimId, expectedVersion);
    const program = await this.programs.get(actor.tenantId, claim.programCode);
    const errors = this.validate({ ...input, program: claim.programCode, currency: claim.currency }, program, claim);
    if (Object.keys(errors).length > 0) throw new ClaimFormError<ClaimField>(errors).about(await this.picture(claim));
    const period = parsePeriod(input.period)!;
    const next = {
      activityCode: input.activity,
      location: findLocation(input.location)!.code,
      period,
      claimedMinor: parseAmount(input.amount, claim.currency)!,
      description: input.description.trim(),
    };
    const money = (minor: number) => formatMoney(minor, claim.currency);
    const name = (code: string) => findActivity(code)?.name ?? code;
    const place = (code: string) => findLocation(code)?.name ?? code;
    const changes: EditChanges = {
      ...(next.activityCode !== claim.activityCode
        ? { activity: [name(claim.activityCode), name(next.activityCode)] }
        : {}),
      ...(next.location !== claim.location ? { location: [place(claim.location), place(next.location)] } : {}),
      ...(next.period.code !== claim.period.code ? { period: [claim.period.code, next.period.code] } : {}),
      ...(next.claimedMinor !== claim.claimedMinor
        ? { amount: [money(claim.claimedMinor), money(next.claimedMinor)] }
        : {}),
      ...(next.description !== claim.description ? { description: [claim.description, next.description] } : {}),
    };
    if (Object.keys(changes).length === 0) {
      throw new InvalidInputError('Nothing changed: the claim already has these values.').about(
        await this.picture(claim),
      );
    }
    const now = this.clock.now();
    const edited: Claim = { ...claim, ...next };
    // A claim sent back for information holds its funds. An edit that needs more of them (a higher
    // amount, another period or activity) reserves them first, as a submit does, so the ledger and
    // the overview always count what the claim says; it is refused when they no longer fit.
    const reserving =
      claim.status === 'ActionRequired' &&
      (next.claimedMinor > claim.claimedMinor ||
        next.period.code !== claim.period.code ||
        next.activityCode !== claim.activityCode);
    if (reserving) {
      const reserved = await this.reserveFor(edited, actor, (funds) => {
        const readiness = checkReadiness({ claim: edited, documents: documentsOf(edited), funds, now });
        const failing = readiness.failing.filter((i) => MONEY_ITEMS.includes(i.key));
        return failing.length === 0 ? undefined : { ...readiness, failing };
      });
      if (!reserved.ok) {
        const why = reserved.refusal.failing.map((i) => `${i.label} — ${i.detail}.`).join(' ');
        throw new ClaimFormError<ClaimField>({
          amount: `With these changes the claim no longer fits in the funds of ${edited.programCode} ${edited.period.code}: ${why}`,
        }).about(await this.picture(claim));
      }
    }
    let updated: Claim;
    try {
      updated = await this.claims.commit(
        claim,
        { type: 'claim.edited', actor: actor.person, at: now, data: { changes } },
        {
          ...next,
          // Named so the funds ledger, reading this event, sees the claim still holding its reservation.
          ...(reserving ? { status: claim.status } : {}),
          deadline: claimDeadline(period),
          overviewKey: overviewKey(claim.programCode, period.code, claim.status),
          participants: withParticipant(claim.participants, actor.person.id),
          contributors: withContributor(claim, actor.person.id),
          updatedAt: now,
        },
      );
    } catch (err) {
      if (err instanceof AfterCommitError) throw err;
      if (reserving) await this.funds.release(claim, claim.version + 1, actor.person, fundsKeyOf(edited));
      throw await this.withCurrent(err, actor, claimId);
    }
    // What the claim no longer needs goes back: a lower amount, or all of it in a period it left.
    if (claim.status === 'ActionRequired') {
      await afterCommit('updating the funds budget', () =>
        this.funds.settleAt(fundsKeyOf(claim), updated, actor.person),
      );
    }
    return this.pictureAfterCommit(updated);
  }

  /** Anyone who can see the card may comment; a reviewer's comment never makes them a contributor. */
  async comment(
    who: Who,
    claimId: string,
    expectedVersion: number,
    text: string,
    viewer: Viewer,
  ): Promise<ClaimPicture> {
    try {
      return await this.postComment(who, claimId, expectedVersion, text, viewer);
    } catch (err) {
      // The same person's same comment already made the next version (a double click, a press
      // sent twice): it was posted, so say so rather than "nothing was saved".
      if (!(err instanceof ClaimChangedError)) throw err;
      const next = await this.claims.eventAt(who.tenantId, claimId, expectedVersion + 1);
      const same =
        next?.type === 'claim.commented' && next.actor.id === who.person.id && next.data.text === text.trim();
      if (!same) throw err;
      return err.picture ?? this.picture(await this.get(who, claimId));
    }
  }

  private async postComment(
    who: Who,
    claimId: string,
    expectedVersion: number,
    text: string,
    viewer: Viewer,
  ): Promise<ClaimPicture> {
    const claim = await this.current(who, claimId, expectedVersion, viewer);
    const body = text.trim();
    if (!body) throw new InvalidInputError('Write a comment first.').about(await this.picture(claim));
    if (charLength(body) > MAX_COMMENT)
      throw new InvalidInputError(`A comment can be at most ${MAX_COMMENT} characters.`).about(
        await this.picture(claim),
      );
    const now = this.clock.now();
    const updated = await this.commitChange(
      claim,
      { type: 'claim.commented', actor: who.person, at: now, data: { text: body } },
      {
        commentCount: claim.commentCount + 1,
        participants: withParticipant(claim.participants, who.person.id),
        commenters: withCommenter(claim, who.person.id),
        updatedAt: now,
      },
    );
    return this.pictureAfterCommit(updated);
  }

  async updateMetrics(
    actor: ActorContext,
    claimId: string,
    expectedVersion: number,
    values: Readonly<Record<string, string>>,
  ): Promise<ClaimPicture> {
    try {
      return await this.saveMetrics(actor, claimId, expectedVersion, values);
    } catch (err) {
      // Saved by this person's previous press of the same values (a double click): say it is saved.
      if (!(err instanceof ClaimChangedError) || !err.picture) throw err;
      if (!(await this.pressedTwice(actor, claimId, expectedVersion, 'claim.metrics.updated'))) throw err;
      const again = metricChanges(err.picture.claim, values);
      if (Object.keys(again.errors).length > 0 || Object.keys(again.changed).length > 0) throw err;
      return err.picture;
    }
  }

  private async saveMetrics(
    actor: ActorContext,
    claimId: string,
    expectedVersion: number,
    values: Readonly<Record<string, string>>,
  ): Promise<ClaimPicture> {
    requirePartner(actor, 'change metrics');
    const claim = await this.editableAt(actor, claimId, expectedVersion);
    const { metrics, changed, errors } = metricChanges(claim, values);
    if (Object.keys(errors).length > 0)
      throw new InvalidInputError(Object.values(errors).join(' '), errors).about(await this.picture(claim));
    if (Object.keys(changed).length === 0) {
      throw new InvalidInputError('Nothing changed: the metrics already have these values.').about(
        await this.picture(claim),
      );
    }
    const now = this.clock.now();
    const updated = await this.commitChange(
      claim,
      { type: 'claim.metrics.updated', actor: actor.person, at: now, data: { changed } },
      {
        metrics,
        participants: withParticipant(claim.participants, actor.person.id),
        contributors: withContributor(claim, actor.person.id),
        updatedAt: now,
      },
    );
    return this.pictureAfterCommit(updated);
  }

  async updateAdditionalInfo(
    actor: ActorContext,
    claimId: string,
    expectedVersion: number,
    text: string,
  ): Promise<ClaimPicture> {
    try {
      return await this.saveAdditionalInfo(actor, claimId, expectedVersion, text);
    } catch (err) {
      // Saved by this person's previous press of the same text (a double click): say it is saved.
      if (!(err instanceof ClaimChangedError) || !err.picture) throw err;
      if (err.picture.claim.additionalInfo !== text.trim()) throw err;
      if (!(await this.pressedTwice(actor, claimId, expectedVersion, 'claim.info.updated'))) throw err;
      return err.picture;
    }
  }

  private async saveAdditionalInfo(
    actor: ActorContext,
    claimId: string,
    expectedVersion: number,
    text: string,
  ): Promise<ClaimPicture> {
    requirePartner(actor, 'change the additional information');
    const claim = await this.editableAt(actor, claimId, expectedVersion);
    const info = text.trim();
    if (charLength(info) > MAX_INFO)
      throw new InvalidInputError(`Additional information can be at most ${MAX_INFO} characters.`).about(
        await this.picture(claim),
      );
    if (info === claim.additionalInfo)
      throw new InvalidInputError('Nothing changed: the additional information is the same.').about(
        await this.picture(claim),
      );
    const now = this.clock.now();
    const updated = await this.commitChange(
      claim,
      { type: 'claim.info.updated', actor: actor.person, at: now, data: { text: info } },
      {
        additionalInfo: info,
        participants: withParticipant(claim.participants, actor.person.id),
        contributors: withContributor(claim, actor.person.id),
        updatedAt: now,
      },
    );
    return this.pictureAfterCommit(updated);
  }

  /**
   * Runs the readiness check and submits only when every item passes. The funds the claim will hold
   * are reserved in its program and period's ledger first, so two claims submitted at the same moment
   * can never together take more than is left.
   */
  async submit(
    actor: ActorContext,
    claimId: string,
    expectedVersion: number,
  ): Promise<{ picture: ClaimPicture; resubmitted: boolean }> {
    const claim = await this.current(actor, claimId, expectedVersion);
    const move = claim.status === 'ActionRequired' ? 'resubmit' : 'submit';
    const check = checkMove(claim.status, move, actor.roles);
    if (!check.ok) {
      if (check.reason === 'role')
        throw new ForbiddenError('Only incentives admins and users can submit a claim.').about(
          await this.picture(claim),
        );
      throw notEditable(claim.status).about(await this.picture(claim));
    }
    const now = this.clock.now();
    const documents = documentsOf(claim);
    const reserved = await this.reserveFor(claim, actor, (funds) => {
      const readiness = checkReadiness({ claim, documents, funds, now });
      return readiness.ready ? undefined : readiness;
    });
    if (!reserved.ok) {
      const { failing } = reserved.refusal;
      throw new ClaimNotReadyError(
        `${claim.number} can't be submitted yet: ${failing.length} item(s) need attention.`,
        failing,
      ).about(pictureOf(claim, reserved.funds, now));
    }
    let updated: Claim;
    try {
      updated = await this.claims.commit(
        claim,
        {
          type: 'claim.submitted',
          actor: actor.person,
          at: now,
          data: { from: claim.status, to: check.to, claimedMinor: claim.claimedMinor, fundsSeq: reserved.entry.seq },
        },
        {
          status: check.to,
          submittedAt: now,
          firstSubmittedAt: claim.firstSubmittedAt ?? now,
          dueDate: undefined,
          overviewKey: overviewKey(claim.programCode, claim.period.code, check.to),
          participants: withParticipant(claim.participants, actor.person.id),
          contributors: withContributor(claim, actor.person.id),
          updatedAt: now,
        },
      );
    } catch (err) {
      if (err instanceof AfterCommitError) throw err;
      await this.funds.release(claim, claim.version + 1, actor.person);
      throw await this.withCurrent(err, actor, claimId);
    }
    const funds = this.funds.picture(reserved.entry, updated, reserved.funds.usdRate);
    return { picture: pictureOf(updated, funds, now), resubmitted: move === 'resubmit' };
  }

  /** Withdraw (Editing or Action required): read-only from now on; its funds no longer count. */
  async withdraw(actor: ActorContext, claimId: string, expectedVersion: number, reason: string): Promise<ClaimPicture> {
    const claim = await this.current(actor, claimId, expectedVersion);
    const check = checkMove(claim.status, 'withdraw', actor.roles);
    if (!check.ok) {
      if (check.reason === 'role')
        throw new ForbiddenError('Only incentives admins and users can withdraw a claim.').about(
          await this.picture(claim),
        );
      throw new BadTransitionError(
        `${claim.number} is ${STATUS_LABEL[claim.status]}: only a claim being edited or waiting for information can be withdrawn.`,
      ).about(await this.picture(claim));
    }
    const why = reason.trim();
    if (!why)
      throw new InvalidInputError('Say why you withdraw the claim: it stays in History.').about(
        await this.picture(claim),
      );
    if (charLength(why) > MAX_REASON)
      throw new InvalidInputError(`A reason can be at most ${MAX_REASON} characters.`).about(await this.picture(claim));
    const now = this.clock.now();
    const updated = await this.commitChange(
      claim,
      {
        type: 'claim.withdrawn',
        actor: actor.person,
        at: now,
        data: { reason: why, from: claim.status, to: check.to },
      },
      {
        status: check.to,
        withdrawal: { reason: why, by: actor.person, at: now },
        dueDate: undefined,
        overviewKey: overviewKey(claim.programCode, claim.period.code, check.to),
        participants: withParticipant(claim.participants, actor.person.id),
        contributors: withContributor(claim, actor.person.id),
        updatedAt: now,
      },
    );
    if (claim.status === 'ActionRequired')
      await afterCommit('updating the funds budget', () => this.funds.settle(updated, actor.person));
    return this.pictureAfterCommit(updated);
  }

  /** The sweep's move: a draft whose deadline passed becomes Expired (read-only, counted in the overview). */
  async expire(claim: Claim): Promise<Claim | undefined> {
    const check = checkMove(claim.status, 'expire', ['system']);
    if (!check.ok) return undefined;
    const now = this.clock.now();
    try {
      return await this.claims.commit(
        claim,
        {
          type: 'claim.expired',
          actor: SYSTEM,
          at: now,
          data: { deadline: claim.deadline, from: claim.status, to: check.to },
        },
        {
          status: check.to,
          expiredAt: now,
          overviewKey: overviewKey(claim.programCode, claim.period.code, check.to),
          updatedAt: now,
        },
      );
    } catch (err) {
      // Someone changed the draft at the same moment: the next sweep looks at it again.
      if (err instanceof ClaimChangedError) return undefined;
      throw err;
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** Commits a change through its History event; on a lost race the refusal carries the claim's current picture. */
  /**
   * Whether a press on version `version` that met "this claim changed" was this person's own press
   * sent twice: the version it lost to is an event of `type` by the same person.
   */
  async pressedTwice(who: Who, claimId: string, version: number, type: ClaimEventType): Promise<boolean> {
    const next = await this.claims.eventAt(who.tenantId, claimId, version + 1);
    return next !== undefined && next.type === type && next.actor.id === who.person.id;
  }

  /** Reserves the claim's amount before it commits its next version (submit, resubmit, an edit that needs more). */
  private reserveFor(
    claim: Claim,
    actor: ActorContext,
    evaluate: (funds: FundsPicture) => Readiness | undefined,
  ): Promise<ReserveOutcome<Readiness>> {
    const hold = { minor: claim.claimedMinor, activity: claim.activityCode, approved: false };
    return this.funds.reserve<Readiness>(claim, hold, claim.version + 1, actor.person, evaluate);
  }

  /** The picture of a claim just committed: failing to read it does not undo the change. */
  pictureAfterCommit(claim: Claim): Promise<ClaimPicture> {
    return afterCommit('showing the updated card', () => this.picture(claim));
  }

  async commitChange(claim: Claim, event: NewEvent, changes: ClaimChanges): Promise<Claim> {
    try {
      return await this.claims.commit(claim, event, changes);
    } catch (err) {
      throw await this.withCurrent(err, { tenantId: claim.tenantId, person: event.actor }, claim.id);
    }
  }

  private async withCurrent(err: unknown, who: Who, claimId: string): Promise<unknown> {
    if (!(err instanceof ClaimChangedError)) return err;
    const current = await this.claims.get(who.tenantId, claimId);
    return current ? err.about(await this.picture(current)) : err;
  }

  /**
   * The claim a versioned change acts on. The stored document is trusted first (the event insert at
   * version + 1 refuses it if it lags); only when its version differs from the card's is the claim
   * rolled forward and compared again.
   */
  private async current(who: Who, claimId: string, expectedVersion: number, viewer?: Viewer): Promise<Claim> {
    let claim = await this.claims.getForChange(who.tenantId, claimId);
    if (claim && claim.version !== expectedVersion) claim = await this.claims.get(who.tenantId, claimId);
    if (!claim) throw new ClaimNotFoundError();
    // Before the version: a stale card must not show the current one to someone who may not see it.
    if (viewer) await this.requireVisible(claim, viewer);
    if (claim.version !== expectedVersion) throw new ClaimChangedError(claim.id).about(await this.picture(claim));
    return claim;
  }

  private async requireVisible(claim: Claim, viewer: Viewer): Promise<void> {
    if (!(await this.visibleTo(claim, viewer))) throw new ClaimNotFoundError();
  }

  /** The claim a change to its contents acts on: at the card's version and still editable. */
  async editableAt(who: Who, claimId: string, expectedVersion: number): Promise<Claim> {
    const claim = await this.current(who, claimId, expectedVersion);
    if (!isEditable(claim.status)) throw notEditable(claim.status).about(await this.picture(claim));
    return claim;
  }
}

export function notEditable(status: ClaimStatus): ClaimNotEditableError {
  const why =
    status === 'Expired'
      ? 'Its deadline passed before it was submitted, so it is read-only.'
      : status === 'Withdrawn'
        ? 'It was withdrawn, so it is read-only.'
        : 'A reviewer can ask for more information, which opens it for edits again.';
  return new ClaimNotEditableError(`This claim is ${STATUS_LABEL[status]}: it can't be changed now. ${why}`);
}

/** Activity choices for forms, grouped as the catalogue orders them. */
export const ACTIVITY_CHOICES = ACTIVITIES.map((a) => ({ title: `${a.name} — ${a.group}`, value: a.code }));

export type { FundsKey };

/** What saving `values` as the claim's metrics sets: the metrics after it, what changed, and what is wrong. */
function metricChanges(
  claim: Claim,
  values: Readonly<Record<string, string>>,
): {
  metrics: Record<string, MetricValue>;
  changed: Record<string, MetricValue | null>;
  errors: Record<string, string>;
} {
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
      const n = parseCount(text);
      if (n === undefined) {
        errors[def.key] = `${def.label}: enter a whole number.`;
        continue;
      }
      value = n;
    } else {
      if (charLength(text) > MAX_METRIC_TEXT) {
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
  return { metrics, changed, errors };
}
