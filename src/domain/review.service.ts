import { safe } from './text';
import { requireAdmin, requireReviewSide } from './access';
import { findActivity } from './activities';
import type { ActorContext } from './actor';
import { hasRole } from './actor';
import { addBusinessDays } from './business-days';
import {
  overviewKey,
  withParticipant,
  type Claim,
  type ClaimChanges,
  type ClaimEventType,
  type ConversationRef,
  type ItemFeedback,
  type Person,
  type ReviewState,
  type Verdict,
} from './claim';
import type { ClaimService } from './claim.service';
import type { Clock } from './clock';
import {
  afterCommit,
  AfterCommitError,
  BadTransitionError,
  ClaimChangedError,
  ClaimNotFoundError,
  ClaimNotReadyError,
  ForbiddenError,
  InvalidInputError,
} from './errors';
import type { FundsService } from './funds.service';
import { formatMoney, parseAmount } from './money';
import { paymentCycle } from './payment-cycle';
import { addDays, daysUntil, isoDate, isValidDate } from './period';
import { pictureOf, type ClaimPicture } from './picture';
import type { ClaimRepository, Page, ReviewCardRepository, TenantSettingsRepository } from './ports';
import { checkReadiness, MONEY_ITEMS, type Readiness } from './readiness';
import { canDispute, DISPUTE_REVIEW_BUSINESS_DAYS, DISPUTE_WINDOW_DAYS, INFO_RESPONSE_DAYS } from './review-rules';
import { checkMove, REVIEWABLE, STATUS_LABEL, type ClaimMove, type ClaimStatus } from './status';
import { charLength } from './text-length';

export const MAX_REASON = 2000;
/** Per-item feedback is short: each is shown (and editable) on the review card, which must stay < 28 KB. */
export const MAX_FEEDBACK = 1000;

export interface FeedbackInput {
  readonly key: string;
  readonly verdict: Verdict | '';
  readonly comment: string;
}

/** A change on the review side: the claim now, and what its cards need. */
export interface ReviewChange {
  readonly picture: ClaimPicture;
}

/**
 * Status moves after submit: pick up, take over, feedback, request info, approve, reject, dispute,
 * paid. Once a reviewer picks a claim up, only they, an incentives admin, or a reviewer who takes it
 * over (with a reason, in History) decide it (domain.md, Decisions: Review work).
 */
export const QUEUE_PAGE_SIZE = 20;

export class ReviewService {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly claimService: ClaimService,
    private readonly funds: FundsService,
    private readonly settings: TenantSettingsRepository,
    private readonly reviewCards: ReviewCardRepository,
    private readonly clock: Clock,
  ) {}

  /** Makes a channel the review channel; returns the claims waiting for review (their cards go there now). */
  async setReviewChannel(actor: ActorContext, ref: ConversationRef): Promise<readonly Claim[]> {
    requireAdmin(actor, 'choose the review channel');
    if (ref.conversationType !== 'channel')
      throw new InvalidInputError('Run `review channel here` in a Teams channel: reviews are posted to a channel.');
    await this.settings.setReviewChannel(actor.tenantId, ref, actor.person);
    return (await this.claims.queue(actor.tenantId, REVIEWABLE, { skip: 0, limit: 200 })).items;
  }

  /**
   * The bot was removed from a team (or a channel's conversation): if the review channel is in it,
   * the bot forgets it, so claims wait for an admin's next `review channel here` (which posts their
   * cards) instead of being posted where nobody can see them. Returns the channel forgotten.
   */
  async botRemoved(
    tenantId: string,
    where: { readonly teamId?: string; readonly conversationId: string },
  ): Promise<ConversationRef | undefined> {
    const channel = await this.settings.getReviewChannel(tenantId);
    if (!channel) return undefined;
    const inIt =
      channel.conversationId === where.conversationId ||
      (where.teamId !== undefined && (channel.teamId === where.teamId || channel.conversationId === where.teamId));
    if (!inIt) return undefined;
    return (await this.settings.clearReviewChannel(tenantId, channel.conversationId)) ? channel : undefined;
  }

  reviewChannel(tenantId: string): Promise<ConversationRef | undefined> {
    return this.settings.getReviewChannel(tenantId);
  }

  /** Claims waiting for a reviewer, oldest first, a page of QUEUE_PAGE_SIZE at a time. */
  queue(actor: ActorContext, page = 0): Promise<Page<Claim>> {
    requireReviewSide(actor, 'see the review queue');
    return this.claims.queue(actor.tenantId, REVIEWABLE, { skip: page * QUEUE_PAGE_SIZE, limit: QUEUE_PAGE_SIZE });
  }

  /** A claim for the review side (`review CLM-000123`). */
  async forReview(actor: ActorContext, number: string): Promise<ClaimPicture> {
    requireReviewSide(actor, 'open review cards');
    return this.claimService.picture(await this.claimService.getByNumber(actor, number));
  }

  /** Why this person may not review this claim at all, or undefined when they may. */
  conflict(actor: ActorContext, claim: Claim): string | undefined {
    if (!hasRole(actor, 'reviewer', 'admin'))
      return 'Only reviewers can review claims. An incentives admin grants the role with `reviewer @person`.';
    const id = actor.person.id;
    if (claim.createdBy.id === id) return `You created ${claim.number}, so you can't review it.`;
    if ((claim.contributors ?? []).includes(id))
      return `You contributed to ${claim.number} (edited, uploaded to or asked for its documents), so you can't review it.`;
    if ((claim.commenters ?? []).includes(id) && !hasRole(actor, 'reviewer'))
      return `You commented on ${claim.number} as a partner, so you can't review it.`;
    return undefined;
  }

  /** Why this person may not decide the claim now (it is someone else's), or undefined. */
  holdsElsewhere(actor: ActorContext, claim: Claim): string | undefined {
    const reviewer = claim.review?.reviewer;
    if (!reviewer || reviewer.id === actor.person.id || hasRole(actor, 'admin')) return undefined;
    return safe`${reviewer.name} is reviewing ${claim.number}. Only they or an incentives admin decide it — or press Take over (with a reason) to review it yourself.`;
  }

  async pickUp(actor: ActorContext, claimId: string, version: number): Promise<ClaimPicture> {
    const claim = await this.load(actor, claimId, version);
    if (!hasRole(actor, 'reviewer'))
      throw await this.refuse(new ForbiddenError('Only reviewers can pick up claims.'), claim);
    await this.requireNoConflict(actor, claim);
    const holder = claim.review?.reviewer;
    if (claim.status === 'InReview' && holder && holder.id !== actor.person.id) {
      throw await this.refuse(
        new BadTransitionError(
          safe`${holder.name} already picked ${claim.number} up. Press Take over (with a reason) to review it yourself.`,
        ),
        claim,
      );
    }
    const now = this.clock.now();
    return this.move(claim, actor, 'pickUp', 'claim.pickedUp', {}, { reviewer: actor.person, pickedUpAt: now });
  }

  /** Another reviewer takes a claim over from the one who picked it up; the reason goes into History. */
  async takeOver(
    actor: ActorContext,
    claimId: string,
    version: number,
    reason: string,
  ): Promise<{ picture: ClaimPicture; from?: Person }> {
    const claim = await this.load(actor, claimId, version);
    if (!hasRole(actor, 'reviewer'))
      throw await this.refuse(new ForbiddenError('Only reviewers can take a claim over.'), claim);
    await this.requireNoConflict(actor, claim);
    if (claim.status !== 'InReview' && claim.status !== 'Disputed')
      throw await this.refuse(badStatus(claim.status, 'take it over'), claim);
    const from = claim.review?.reviewer;
    if (from?.id === actor.person.id)
      throw await this.refuse(new InvalidInputError(`You are already reviewing ${claim.number}.`), claim);
    const why = await this.requiredText(reason, 'Say why you take the claim over: it goes into History.', claim);
    const now = this.clock.now();
    const picture = await this.commit(
      claim,
      actor,
      'claim.reviewerChanged',
      { from: from ?? null, to: actor.person, reason: why },
      { review: { ...claim.review, reviewer: actor.person, pickedUpAt: now } },
    );
    return { picture, ...(from ? { from } : {}) };
  }

  async feedback(
    actor: ActorContext,
    claimId: string,
    version: number,
    items: readonly FeedbackInput[],
  ): Promise<ClaimPicture> {
    const claim = await this.decidable(actor, claimId, version);
    if (claim.status !== 'InReview' && claim.status !== 'Disputed')
      throw await this.refuse(badStatus(claim.status, 'give feedback on it'), claim);
    const poe = findActivity(claim.activityCode)?.poe ?? [];
    const now = this.clock.now();
    const feedback: Record<string, ItemFeedback> = { ...(claim.review?.feedback ?? {}) };
    const changed: Record<string, { verdict: Verdict; comment: string }> = {};
    for (const item of items) {
      const req = poe.find((p) => p.key === item.key);
      if (!req || !item.verdict) continue;
      const comment = item.comment.trim();
      if (charLength(comment) > MAX_FEEDBACK)
        throw await this.refuse(
          new InvalidInputError(`Feedback on "${req.label}" can be at most ${MAX_FEEDBACK} characters.`),
          claim,
        );
      if (item.verdict === 'needsChange' && !comment)
        throw await this.refuse(new InvalidInputError(`Say what needs to change in "${req.label}".`), claim);
      if (item.verdict === 'changed') continue;
      const before = feedback[req.key];
      if (before?.verdict === item.verdict && before.comment === comment) continue;
      feedback[req.key] = { verdict: item.verdict, comment, by: actor.person, at: now };
      changed[req.key] = { verdict: item.verdict, comment };
    }
    if (Object.keys(changed).length === 0)
      throw await this.refuse(new InvalidInputError('Choose accept or needs change for at least one item.'), claim);
    return this.commit(claim, actor, 'claim.feedback', { items: changed }, { review: { ...claim.review, feedback } });
  }

  async requestInfo(actor: ActorContext, claimId: string, version: number, message: string): Promise<ClaimPicture> {
    const claim = await this.decidable(actor, claimId, version, 'requestInfo');
    const text = await this.requiredText(message, 'Say what information you need.', claim);
    const poe = findActivity(claim.activityCode)?.poe ?? [];
    const items = Object.entries(claim.review?.feedback ?? {})
      .filter(([, f]) => f.verdict === 'needsChange')
      .map(([key, f]) => `${poe.find((p) => p.key === key)?.label ?? key}: ${f.comment}`);
    const now = this.clock.now();
    const dueDate = addDays(isoDate(now.getTime()), INFO_RESPONSE_DAYS);
    return this.move(
      claim,
      actor,
      'requestInfo',
      'claim.infoRequested',
      { message: text, items, dueDate },
      {
        reviewer: claim.review?.reviewer ?? actor.person,
        infoRequest: { message: text, items, by: actor.person, at: now, dueDate },
      },
      { dueDate },
    );
  }

  async approve(
    actor: ActorContext,
    claimId: string,
    version: number,
    amountText: string,
    reason: string,
  ): Promise<ClaimPicture> {
    const claim = await this.decidable(actor, claimId, version, 'approve');
    const approvedMinor = amountText.trim() === '' ? claim.claimedMinor : parseAmount(amountText, claim.currency);
    if (approvedMinor === undefined || approvedMinor <= 0) {
      throw await this.refuse(
        new InvalidInputError(
          `Enter the approved amount in ${claim.currency}, e.g. ${formatMoney(claim.claimedMinor, claim.currency).split(' ')[1]}.`,
        ),
        claim,
      );
    }
    if (approvedMinor > claim.claimedMinor)
      throw await this.refuse(
        new InvalidInputError(
          `You can approve at most the claimed ${formatMoney(claim.claimedMinor, claim.currency)}.`,
        ),
        claim,
      );
    const why = reason.trim();
    if (approvedMinor < claim.claimedMinor && !why)
      throw await this.refuse(new InvalidInputError('A partial approval needs a reason the partner can read.'), claim);
    if (charLength(why) > MAX_REASON)
      throw await this.refuse(new InvalidInputError(`A reason can be at most ${MAX_REASON} characters.`), claim);
    const now = this.clock.now();
    const approval = { approvedMinor, reason: why, by: actor.person, at: now, paymentCycle: paymentCycle(now) };
    const picture = await this.move(
      claim,
      actor,
      'approve',
      'claim.approved',
      { approvedMinor, reason: why, partial: approvedMinor < claim.claimedMinor, paymentCycle: approval.paymentCycle },
      { reviewer: claim.review?.reviewer ?? actor.person, approval },
      { approvedMinor, dueDate: undefined },
    );
    return this.settled(picture, actor);
  }

  async reject(actor: ActorContext, claimId: string, version: number, reasons: string): Promise<ClaimPicture> {
    const claim = await this.decidable(actor, claimId, version, 'reject');
    const text = await this.requiredText(reasons, 'Give the reasons for rejecting: the partner reads them.', claim);
    const now = this.clock.now();
    const rejection = {
      reasons: text,
      by: actor.person,
      at: now,
      disputeUntil: addDays(isoDate(now.getTime()), DISPUTE_WINDOW_DAYS),
    };
    const picture = await this.move(
      claim,
      actor,
      'reject',
      'claim.rejected',
      { reasons: text },
      { reviewer: claim.review?.reviewer ?? actor.person, rejection },
      { dueDate: undefined },
    );
    return this.settled(picture, actor);
  }

  /**
   * Dispute a rejection (within the dispute window). The claim holds its funds again, so it must
   * still fit in what is left of its program and period.
   */
  async dispute(actor: ActorContext, claimId: string, version: number, reason: string): Promise<ClaimPicture> {
    const claim = await this.load(actor, claimId, version);
    const check = checkMove(claim.status, 'dispute', actor.roles);
    if (!check.ok) {
      if (check.reason === 'role')
        throw await this.refuse(
          new ForbiddenError('Only incentives admins and users can dispute a rejected claim.'),
          claim,
        );
      throw await this.refuse(badStatus(claim.status, 'dispute it'), claim);
    }
    const now = this.clock.now();
    if (!canDispute(claim, now)) {
      throw await this.refuse(
        new BadTransitionError(
          `The dispute window closed on ${claim.review?.rejection?.disputeUntil} (${DISPUTE_WINDOW_DAYS} days after the rejection).`,
        ),
        claim,
      );
    }
    const text = await this.requiredText(reason, 'Say why you dispute the rejection.', claim);
    const today = isoDate(now.getTime());
    const dueDate = addBusinessDays(today, DISPUTE_REVIEW_BUSINESS_DAYS);
    const dispute = { reason: text, by: actor.person, at: now, dueDate };
    const reserved = await this.funds.reserve<Readiness>(
      claim,
      { minor: claim.claimedMinor, activity: claim.activityCode, approved: false },
      claim.version + 1,
      actor.person,
      (funds) => {
        const readiness = checkReadiness({ claim, documents: claim.documents ?? [], funds, now });
        const failing = readiness.failing.filter((i) => MONEY_ITEMS.includes(i.key));
        return failing.length === 0 ? undefined : { ...readiness, failing };
      },
    );
    if (!reserved.ok) {
      throw new ClaimNotReadyError(
        `${claim.number} can't be disputed now: it no longer fits in the funds of ${claim.programCode} ${claim.period.code}. Ask your incentives admin.`,
        reserved.refusal.failing,
      ).about(pictureOf(claim, reserved.funds, now));
    }
    try {
      const updated = await this.claims.commit(
        claim,
        {
          type: 'claim.disputed',
          actor: actor.person,
          at: now,
          data: { reason: text, dueDate, from: claim.status, to: check.to, fundsSeq: reserved.entry.seq },
        },
        this.changes(claim, actor, check.to, { review: { ...claim.review, dispute }, dueDate }),
      );
      return pictureOf(updated, this.funds.picture(reserved.entry, updated, reserved.funds.usdRate), now);
    } catch (err) {
      if (err instanceof AfterCommitError) throw err;
      await this.funds.release(claim, claim.version + 1, actor.person);
      throw await this.current(err, actor, claimId);
    }
  }

  async markPaid(
    actor: ActorContext,
    claimId: string,
    version: number,
    date: string,
    reference: string,
  ): Promise<ClaimPicture> {
    const claim = await this.load(actor, claimId, version);
    const check = checkMove(claim.status, 'pay', actor.roles);
    if (!check.ok) {
      if (check.reason === 'role')
        throw await this.refuse(new ForbiddenError('Only an incentives admin can mark a claim paid.'), claim);
      throw await this.refuse(badStatus(claim.status, 'mark it paid'), claim);
    }
    const day = date.trim();
    if (!isValidDate(day))
      throw await this.refuse(new InvalidInputError('Enter the payment date as YYYY-MM-DD.'), claim);
    if (day > isoDate(this.clock.now().getTime()))
      throw await this.refuse(new InvalidInputError('The payment date cannot be in the future.'), claim);
    const approvedOn = claim.review?.approval ? isoDate(claim.review.approval.at.getTime()) : undefined;
    // A day of slack: the approval's UTC day can be the day after the admin's own.
    if (approvedOn && day < addDays(approvedOn, -1))
      throw await this.refuse(
        new InvalidInputError(`The payment date cannot be before the claim was approved on ${approvedOn}.`),
        claim,
      );
    const ref = (await this.requiredText(reference, 'Enter the payment reference.', claim)).slice(0, 200);
    const payment = { date: day, reference: ref, by: actor.person, at: this.clock.now() };
    return this.move(claim, actor, 'pay', 'claim.paid', { date: day, reference: ref }, { payment });
  }

  async setReviewCard(claim: Claim, channel: ConversationRef, activityId: string): Promise<void> {
    await this.reviewCards.set(claim.tenantId, claim.id, activityId, channel.conversationId);
  }

  /** The claim's review card in `channel`: none when the review channel moved since it was posted. */
  reviewCardOf(claim: Claim, channel: ConversationRef): Promise<string | undefined> {
    return this.reviewCards.get(claim.tenantId, claim.id, channel.conversationId);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** The claim, if the person may make a decision on it now (reviewer or admin, no conflict, theirs to decide). */
  private async decidable(actor: ActorContext, claimId: string, version: number, move?: ClaimMove): Promise<Claim> {
    const claim = await this.load(actor, claimId, version);
    await this.requireNoConflict(actor, claim);
    const elsewhere = this.holdsElsewhere(actor, claim);
    if (elsewhere) throw await this.refuse(new ForbiddenError(elsewhere), claim);
    if (move) {
      const check = checkMove(claim.status, move, actor.roles);
      if (!check.ok) throw await this.refuse(badStatus(claim.status, MOVE_WORDS[move]), claim);
    }
    return claim;
  }

  private async requireNoConflict(actor: ActorContext, claim: Claim): Promise<void> {
    const why = this.conflict(actor, claim);
    if (why) throw await this.refuse(new ForbiddenError(why), claim);
  }

  private async load(actor: ActorContext, claimId: string, version: number): Promise<Claim> {
    const claim = await this.claims.get(actor.tenantId, claimId);
    if (!claim) throw new ClaimNotFoundError();
    if (claim.version !== version) throw await this.refuse(new ClaimChangedError(claim.id), claim);
    return claim;
  }

  private async refuse<E extends Error & { about(p: ClaimPicture): E }>(err: E, claim: Claim): Promise<E> {
    return err.about(await this.claimService.picture(claim));
  }

  private async requiredText(text: string, missing: string, claim: Claim): Promise<string> {
    const t = text.trim();
    if (!t) throw await this.refuse(new InvalidInputError(missing), claim);
    if (charLength(t) > MAX_REASON)
      throw await this.refuse(new InvalidInputError(`That text can be at most ${MAX_REASON} characters.`), claim);
    return t;
  }

  private async move(
    claim: Claim,
    actor: ActorContext,
    move: ClaimMove,
    type: ClaimEventType,
    data: Record<string, unknown>,
    review: Partial<ReviewState>,
    extra: ClaimChanges = {},
  ): Promise<ClaimPicture> {
    const check = checkMove(claim.status, move, actor.roles);
    if (!check.ok) throw await this.refuse(badStatus(claim.status, MOVE_WORDS[move]), claim);
    return this.commit(
      claim,
      actor,
      type,
      { ...data, from: claim.status, to: check.to },
      { ...extra, review: { ...claim.review, ...review } },
      check.to,
    );
  }

  private changes(claim: Claim, actor: ActorContext, to: ClaimStatus | undefined, changes: ClaimChanges): ClaimChanges {
    return {
      ...changes,
      ...(to ? { status: to, overviewKey: overviewKey(claim.programCode, claim.period.code, to) } : {}),
      participants: withParticipant(claim.participants, actor.person.id),
      updatedAt: this.clock.now(),
    };
  }

  private async commit(
    claim: Claim,
    actor: ActorContext,
    type: ClaimEventType,
    data: Record<string, unknown>,
    changes: ClaimChanges,
    to?: ClaimStatus,
  ): Promise<ClaimPicture> {
    try {
      const updated = await this.claims.commit(
        claim,
        { type, actor: actor.person, at: this.clock.now(), data },
        this.changes(claim, actor, to, changes),
      );
      return await this.claimService.pictureAfterCommit(updated);
    } catch (err) {
      throw await this.current(err, actor, claim.id);
    }
  }

  /** A move that holds less: the ledger gives back what the claim no longer holds; the card shows the result. */
  private async settled(picture: ClaimPicture, actor: ActorContext): Promise<ClaimPicture> {
    const entry = await afterCommit('updating the funds budget', () => this.funds.settle(picture.claim, actor.person));
    return entry
      ? pictureOf(picture.claim, this.funds.picture(entry, picture.claim, picture.funds.usdRate), picture.now)
      : picture;
  }

  private async current(err: unknown, actor: ActorContext, claimId: string): Promise<unknown> {
    if (!(err instanceof ClaimChangedError)) return err;
    const now = await this.claims.get(actor.tenantId, claimId);
    return now ? err.about(await this.claimService.picture(now)) : err;
  }
}

const MOVE_WORDS: Record<ClaimMove, string> = {
  submit: 'submit it',
  pickUp: 'pick it up',
  requestInfo: 'request information on it',
  resubmit: 'resubmit it',
  approve: 'approve it',
  reject: 'reject it',
  dispute: 'dispute it',
  pay: 'mark it paid',
  expire: 'expire it',
  withdraw: 'withdraw it',
};

function badStatus(status: ClaimStatus, what: string): BadTransitionError {
  return new BadTransitionError(`This claim is ${STATUS_LABEL[status]}: you can't ${what} now.`);
}

/** Days a claim has waited for review (since submit, or since its dispute). */
export function daysWaiting(claim: Claim, now: Date): number {
  const since =
    claim.status === 'Disputed' && claim.review?.dispute
      ? claim.review.dispute.at
      : (claim.submittedAt ?? claim.createdAt);
  return Math.max(0, -daysUntil(isoDate(since.getTime()), now));
}

/** A dispute past its 5-business-day re-review date. */
export function disputeOverdue(claim: Claim, now: Date): boolean {
  return claim.status === 'Disputed' && !!claim.review?.dispute && daysUntil(claim.review.dispute.dueDate, now) < 0;
}
