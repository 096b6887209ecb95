import { findActivity } from './activities';
import type { ActorContext } from './actor';
import { hasRole } from './actor';
import { addBusinessDays, paymentCycle } from './business-days';
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
import type { Clock } from './clock';
import { ClaimChangedError, DomainError } from './errors';
import { formatMoney, parseAmount } from './money';
import { addDays, isoDate, isValidDate } from './period';
import type { ClaimRepository, Page } from './ports';
import { checkMove, STATUS_LABEL, type ClaimMove, type ClaimStatus } from './status';

/** domain.md: disputed claims are re-reviewed within five business days. */
export const DISPUTE_REVIEW_BUSINESS_DAYS = 5;
/** Our rule: a rejected claim can be disputed within 30 days. */
export const DISPUTE_WINDOW_DAYS = 30;
export const MAX_REASON = 2000;
/** Per-item feedback is short: each is shown (and editable) on the review card, which must stay < 28 KB. */
export const MAX_FEEDBACK = 1000;

export interface TenantSettingsRepository {
  getReviewChannel(tenantId: string): Promise<ConversationRef | undefined>;
  setReviewChannel(tenantId: string, ref: ConversationRef, by: Person): Promise<void>;
}

export interface FeedbackInput {
  readonly key: string;
  readonly verdict: Verdict | '';
  readonly comment: string;
}

/** Status moves after submit: pick up, feedback, request info, approve, reject, dispute, paid. */
export class ReviewService {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly settings: TenantSettingsRepository,
    private readonly clock: Clock,
  ) {}

  async setReviewChannel(actor: ActorContext, ref: ConversationRef): Promise<void> {
    if (!hasRole(actor, 'admin'))
      throw new DomainError('AUTH.FORBIDDEN', 'Only an incentives admin can choose the review channel.');
    if (ref.conversationType !== 'channel')
      throw new DomainError(
        'INPUT.INVALID',
        'Run `review channel here` in a Teams channel: reviews are posted to a channel.',
      );
    await this.settings.setReviewChannel(actor.tenantId, ref, actor.person);
  }

  reviewChannel(tenantId: string): Promise<ConversationRef | undefined> {
    return this.settings.getReviewChannel(tenantId);
  }

  /** Claims waiting for a reviewer, oldest first. */
  queue(actor: ActorContext): Promise<Page<Claim>> {
    return this.claims.queue(actor.tenantId, ['Submitted', 'InReview', 'Disputed'], { skip: 0, limit: 20 });
  }

  /** Why this person may not review this claim, or undefined when they may. */
  conflict(actor: ActorContext, claim: Claim): string | undefined {
    if (!hasRole(actor, 'reviewer'))
      return 'Only reviewers can review claims. An incentives admin grants the role with `reviewer @person`.';
    if (claim.createdBy.id === actor.person.id) return `You created ${claim.number}, so you can't review it.`;
    if ((claim.contributors ?? []).includes(actor.person.id))
      return `You contributed to ${claim.number} (edited, uploaded to or commented on it), so you can't review it.`;
    return undefined;
  }

  async pickUp(actor: ActorContext, claimId: string, version: number): Promise<Claim> {
    const claim = await this.reviewable(actor, claimId, version, 'pickUp');
    const now = this.clock.now();
    return this.move(claim, actor, 'pickUp', 'claim.pickedUp', {}, { reviewer: actor.person, pickedUpAt: now });
  }

  async feedback(
    actor: ActorContext,
    claimId: string,
    version: number,
    items: readonly FeedbackInput[],
  ): Promise<Claim> {
    const claim = await this.load(actor, claimId, version);
    this.requireReviewer(actor, claim);
    if (claim.status !== 'InReview' && claim.status !== 'Disputed') throw badStatus(claim.status, 'give feedback on');
    const poe = findActivity(claim.activityCode)?.poe ?? [];
    const now = this.clock.now();
    const feedback: Record<string, ItemFeedback> = { ...(claim.review?.feedback ?? {}) };
    const changed: Record<string, { verdict: Verdict; comment: string }> = {};
    for (const item of items) {
      const req = poe.find((p) => p.key === item.key);
      if (!req || !item.verdict) continue;
      const comment = item.comment.trim();
      if (comment.length > MAX_FEEDBACK)
        throw new DomainError('INPUT.INVALID', `Feedback on "${req.label}" can be at most ${MAX_FEEDBACK} characters.`);
      if (item.verdict === 'needsChange' && !comment)
        throw new DomainError('INPUT.INVALID', `Say what needs to change in "${req.label}".`);
      const before = feedback[req.key];
      if (before?.verdict === item.verdict && before.comment === comment) continue;
      feedback[req.key] = { verdict: item.verdict, comment, by: actor.person, at: now };
      changed[req.key] = { verdict: item.verdict, comment };
    }
    if (Object.keys(changed).length === 0)
      throw new DomainError('INPUT.INVALID', 'Choose accept or needs change for at least one item.');
    return this.commit(claim, actor, 'claim.feedback', { items: changed }, { review: { ...claim.review, feedback } });
  }

  async requestInfo(actor: ActorContext, claimId: string, version: number, message: string): Promise<Claim> {
    const claim = await this.reviewable(actor, claimId, version, 'requestInfo');
    const text = requiredText(message, 'Say what information you need.');
    const items = Object.entries(claim.review?.feedback ?? {})
      .filter(([, f]) => f.verdict === 'needsChange')
      .map(
        ([key, f]) => `${findActivity(claim.activityCode)?.poe.find((p) => p.key === key)?.label ?? key}: ${f.comment}`,
      );
    const now = this.clock.now();
    return this.move(
      claim,
      actor,
      'requestInfo',
      'claim.infoRequested',
      { message: text, items },
      { reviewer: actor.person, infoRequest: { message: text, items, by: actor.person, at: now } },
    );
  }

  async approve(
    actor: ActorContext,
    claimId: string,
    version: number,
    amountText: string,
    reason: string,
  ): Promise<Claim> {
    const claim = await this.reviewable(actor, claimId, version, 'approve');
    const approvedMinor = amountText.trim() === '' ? claim.claimedMinor : parseAmount(amountText, claim.currency);
    if (approvedMinor === undefined || approvedMinor <= 0)
      throw new DomainError(
        'INPUT.INVALID',
        `Enter the approved amount in ${claim.currency}, e.g. ${formatMoney(claim.claimedMinor, claim.currency).split(' ')[1]}.`,
      );
    if (approvedMinor > claim.claimedMinor)
      throw new DomainError(
        'INPUT.INVALID',
        `You can approve at most the claimed ${formatMoney(claim.claimedMinor, claim.currency)}.`,
      );
    const why = reason.trim();
    if (approvedMinor < claim.claimedMinor && !why)
      throw new DomainError('INPUT.INVALID', 'A partial approval needs a reason the partner can read.');
    if (why.length > MAX_REASON)
      throw new DomainError('INPUT.INVALID', `A reason can be at most ${MAX_REASON} characters.`);
    const now = this.clock.now();
    const approval = { approvedMinor, reason: why, by: actor.person, at: now, paymentCycle: paymentCycle(now) };
    return this.move(
      claim,
      actor,
      'approve',
      'claim.approved',
      { approvedMinor, reason: why, partial: approvedMinor < claim.claimedMinor },
      { reviewer: actor.person, approval },
      { approvedMinor },
    );
  }

  async reject(actor: ActorContext, claimId: string, version: number, reasons: string): Promise<Claim> {
    const claim = await this.reviewable(actor, claimId, version, 'reject');
    const text = requiredText(reasons, 'Give the reasons for rejecting: the partner reads them.');
    const now = this.clock.now();
    const rejection = {
      reasons: text,
      by: actor.person,
      at: now,
      disputeUntil: addDays(isoDate(now.getTime()), DISPUTE_WINDOW_DAYS),
    };
    return this.move(
      claim,
      actor,
      'reject',
      'claim.rejected',
      { reasons: text },
      { reviewer: actor.person, rejection },
    );
  }

  async dispute(actor: ActorContext, claimId: string, version: number, reason: string): Promise<Claim> {
    const claim = await this.load(actor, claimId, version);
    const check = checkMove(claim.status, 'dispute', actor.roles);
    if (!check.ok) {
      if (check.reason === 'role')
        throw new DomainError('AUTH.FORBIDDEN', 'Only incentives admins and users can dispute a rejected claim.');
      throw badStatus(claim.status, 'dispute');
    }
    const until = claim.review?.rejection?.disputeUntil;
    const today = isoDate(this.clock.now().getTime());
    if (until && today > until)
      throw new DomainError(
        'CLAIM.BAD_TRANSITION',
        `The dispute window closed on ${until} (${DISPUTE_WINDOW_DAYS} days after the rejection).`,
      );
    const text = requiredText(reason, 'Say why you dispute the rejection.');
    const now = this.clock.now();
    const dispute = {
      reason: text,
      by: actor.person,
      at: now,
      dueDate: addBusinessDays(today, DISPUTE_REVIEW_BUSINESS_DAYS),
    };
    return this.move(
      claim,
      actor,
      'dispute',
      'claim.disputed',
      { reason: text, dueDate: dispute.dueDate },
      { dispute },
    );
  }

  async markPaid(
    actor: ActorContext,
    claimId: string,
    version: number,
    date: string,
    reference: string,
  ): Promise<Claim> {
    const claim = await this.load(actor, claimId, version);
    const check = checkMove(claim.status, 'pay', actor.roles);
    if (!check.ok) {
      if (check.reason === 'role')
        throw new DomainError('AUTH.FORBIDDEN', 'Only an incentives admin can mark a claim paid.');
      throw badStatus(claim.status, 'mark paid');
    }
    const day = date.trim();
    if (!isValidDate(day)) throw new DomainError('INPUT.INVALID', 'Enter the payment date as YYYY-MM-DD.');
    if (day > isoDate(this.clock.now().getTime()))
      throw new DomainError('INPUT.INVALID', 'The payment date cannot be in the future.');
    const ref = requiredText(reference, 'Enter the payment reference.').slice(0, 200);
    const payment = { date: day, reference: ref, by: actor.person, at: this.clock.now() };
    return this.move(claim, actor, 'pay', 'claim.paid', { date: day, reference: ref }, { payment });
  }

  async setReviewCard(claim: Claim, activityId: string): Promise<void> {
    await this.claims.setReviewCard(claim.tenantId, claim.id, activityId);
  }

  reviewCardOf(claim: Claim): Promise<string | undefined> {
    return this.claims.reviewCard(claim.tenantId, claim.id);
  }

  private async reviewable(actor: ActorContext, claimId: string, version: number, move: ClaimMove): Promise<Claim> {
    const claim = await this.load(actor, claimId, version);
    this.requireReviewer(actor, claim);
    const check = checkMove(claim.status, move, actor.roles);
    if (!check.ok) throw badStatus(claim.status, MOVE_WORDS[move]);
    return claim;
  }

  private requireReviewer(actor: ActorContext, claim: Claim): void {
    const why = this.conflict(actor, claim);
    if (why) throw new DomainError('AUTH.FORBIDDEN', why);
  }

  private async load(actor: ActorContext, claimId: string, version: number): Promise<Claim> {
    const claim = await this.claims.get(actor.tenantId, claimId);
    if (!claim) throw new DomainError('CLAIM.NOT_FOUND', "I can't find that claim in this organisation.");
    if (claim.version !== version) throw new ClaimChangedError(claim.id);
    return claim;
  }

  private move(
    claim: Claim,
    actor: ActorContext,
    move: ClaimMove,
    type: ClaimEventType,
    data: Record<string, unknown>,
    review: Partial<ReviewState>,
    extra: ClaimChanges = {},
  ): Promise<Claim> {
    const check = checkMove(claim.status, move, actor.roles);
    if (!check.ok) throw badStatus(claim.status, MOVE_WORDS[move]);
    return this.commit(
      claim,
      actor,
      type,
      { ...data, from: claim.status, to: check.to },
      {
        ...extra,
        status: check.to,
        overviewKey: overviewKey(claim.programCode, claim.period.code, check.to),
        review: { ...claim.review, ...review },
      },
    );
  }

  private commit(
    claim: Claim,
    actor: ActorContext,
    type: ClaimEventType,
    data: Record<string, unknown>,
    changes: ClaimChanges,
  ): Promise<Claim> {
    const now = this.clock.now();
    return this.claims.commit(
      claim,
      { type, actor: actor.person, at: now, data },
      { ...changes, participants: withParticipant(claim.participants, actor.person.id), updatedAt: now },
    );
  }
}

const MOVE_WORDS: Record<ClaimMove, string> = {
  submit: 'submit',
  pickUp: 'pick up',
  requestInfo: 'request information on',
  resubmit: 'resubmit',
  approve: 'approve',
  reject: 'reject',
  dispute: 'dispute',
  pay: 'mark paid',
  expire: 'expire',
};

function badStatus(status: ClaimStatus, what: string): DomainError {
  return new DomainError('CLAIM.BAD_TRANSITION', `This claim is ${STATUS_LABEL[status]}: you can't ${what} it now.`);
}

function requiredText(text: string, missing: string): string {
  const t = text.trim();
  if (!t) throw new DomainError('INPUT.INVALID', missing);
  if (t.length > MAX_REASON)
    throw new DomainError('INPUT.INVALID', `That text can be at most ${MAX_REASON} characters.`);
  return t;
}
