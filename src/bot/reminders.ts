import { safe } from '../views/format';
import { findActivity } from '../domain/activities';
import type { Claim } from '../domain/claim';
import type { ReminderSender, RequestReminder, SweepResult } from '../domain/reminder.service';
import type { UploadRequest } from '../domain/upload-request';
import { grantOf } from '../domain/upload-request.service';
import type { Logger } from '../logger';
import { claimCard } from '../views/claim.view';
import { requestCard } from '../views/documents.view';
import { syncCards } from './sync';
import type { BotDeps } from './turn';

type ReminderDeps = Pick<BotDeps, 'requests' | 'cards' | 'direct' | 'messenger' | 'review' | 'claims' | 'settings'>;

/**
 * Delivers reminders and the sweep's notices: the person asked gets their request card again in
 * their 1:1 chat with a fresh upload link; a claim's thread hears about its deadline, its expiry
 * and an information request waiting for an answer (naming the claim's creator, so Teams notifies
 * them); the review channel hears about overdue disputes (naming the reviewer).
 */
export class ReminderCards implements ReminderSender {
  constructor(
    private readonly d: ReminderDeps,
    private readonly log: Logger,
  ) {}

  async request(request: UploadRequest, claim: Claim, kind: RequestReminder): Promise<void> {
    const via = claim.home ?? request.cards?.thread ?? request.cards?.personal;
    if (!via) throw new Error('no known Teams service for this claim');
    const { token } = await this.d.requests.mint(grantOf(request), request.assignee);
    const banner =
      kind === 'overdue'
        ? `Reminder: this was due on ${request.due} and is overdue.`
        : `Reminder: this is due by the end of ${request.due}.`;
    const card = requestCard(this.d.cards, {
      request,
      claim,
      activity: findActivity(claim.activityCode),
      state: kind === 'overdue' ? 'overdue' : 'open',
      uploadUrl: `${this.d.settings.publicUrl()}/upload/${token}`,
      banner,
      bannerStyle: kind === 'overdue' ? 'attention' : 'warning',
      hint: 'Press Upload file, or send the file to me here in this chat.',
    });
    await this.d.direct.sendCard(
      claim.tenantId,
      request.assignee,
      card,
      via,
      safe`${request.assignee.name}, a reminder about ${claim.number}.`,
    );
  }

  async deadline(claim: Claim, daysLeft: number): Promise<void> {
    if (!claim.home) throw new Error('the claim has no thread to remind in');
    const when = daysLeft === 0 ? 'today' : daysLeft === 1 ? 'tomorrow' : `in ${daysLeft} days (${claim.deadline})`;
    await this.d.messenger.send(claim.home, {
      text: `reminder: **${claim.number}** is still a draft and must be submitted ${when}. After the deadline it expires. Type \`claim ${claim.number}\` to see what is missing.`,
      mention: [claim.createdBy],
    });
  }

  async expired(claim: Claim): Promise<void> {
    if (!claim.home) return;
    const picture = await this.d.claims.picture(claim);
    await syncCards(this.d, this.log, picture, { claimCard: claimCard(this.d.cards, picture) });
    await this.d.messenger.send(claim.home, {
      text: `**${claim.number} expired**: its deadline (${claim.deadline}) passed before it was submitted. It is read-only now and stays in the overview and History.`,
      mention: [claim.createdBy],
    });
  }

  async responseDue(claim: Claim, daysLeft: number): Promise<void> {
    if (!claim.home) throw new Error('the claim has no thread to remind in');
    const due = claim.dueDate ?? '';
    const when =
      daysLeft < 0
        ? `was due on ${due}`
        : daysLeft === 0
          ? 'is due today'
          : daysLeft === 1
            ? 'is due tomorrow'
            : `is due in ${daysLeft} days (${due})`;
    await this.d.messenger.send(claim.home, {
      text: `reminder: a reviewer asked for more information on **${claim.number}**; your answer ${when}. Edit the claim on its card, then submit it again.`,
      mention: [claim.createdBy],
    });
  }

  async disputeOverdue(claim: Claim, daysOver: number): Promise<void> {
    const channel = await this.d.review.reviewChannel(claim.tenantId);
    if (!channel) throw new Error('no review channel');
    const reviewer = claim.review?.reviewer;
    await this.d.messenger.send(channel, {
      text: `⚠ the dispute of **${claim.number}** is overdue by ${daysOver} day(s): its re-review was due ${claim.dueDate ?? ''}. Type \`review ${claim.number}\` to open it.`,
      mention: reviewer ? [reviewer] : [],
    });
    const picture = await this.d.claims.picture(claim);
    await syncCards(this.d, this.log, picture, { reviewSide: true });
  }
}

/**
 * Runs the reminder sweep on a timer. Each tick takes the sweep window's lease in the store, so one
 * instance sweeps per window; the reminders themselves are claimed one by one as well.
 */
export class ReminderTimer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly d: ReminderDeps & Pick<BotDeps, 'reminders' | 'documents'>,
    private readonly log: Logger,
  ) {}

  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a sweep in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.sweep().finally(() => {
      this.running = undefined;
    });
  }

  private async sweep(): Promise<void> {
    try {
      const result: SweepResult | undefined = await this.d.reminders.runScheduled(new ReminderCards(this.d, this.log));
      if (result && (result.sent > 0 || result.failed > 0 || result.expired > 0))
        this.log.info(result, 'reminder sweep');
      await this.d.documents.sweepStaged();
    } catch (err) {
      this.log.warn({ err }, 'reminder sweep failed; the next tick tries again');
    }
  }
}
