import { findActivity } from '../domain/activities';
import type { Claim } from '../domain/claim';
import type { ReminderSender, RequestReminder, SweepResult } from '../domain/reminder.service';
import type { UploadRequest } from '../domain/upload-request';
import { grantOf } from '../domain/upload-request.service';
import type { Logger } from '../logger';
import { requestCard } from '../views/documents.view';
import type { Services } from './turn';
import { uploadUrl } from './uploads';

/**
 * Delivers reminders: the person asked gets their request card again in their 1:1 chat, with a
 * fresh upload link; a draft near its deadline gets a message in its claim's thread.
 */
export class ReminderCards implements ReminderSender {
  constructor(private readonly services: Services) {}

  async request(request: UploadRequest, claim: Claim, kind: RequestReminder): Promise<void> {
    const via = claim.home ?? request.cards?.thread ?? request.cards?.personal;
    if (!via) throw new Error('no known Teams service for this claim');
    const { token } = await this.services.uploads.requests.mint(grantOf(request));
    const banner =
      kind === 'overdue'
        ? `Reminder: this was due on ${request.due} and is overdue.`
        : `Reminder: this is due by the end of ${request.due}.`;
    const card = requestCard(this.services.cards, {
      request,
      claim,
      activity: findActivity(claim.activityCode),
      state: kind === 'overdue' ? 'overdue' : 'open',
      uploadUrl: uploadUrl(this.services, token),
      banner,
      bannerStyle: kind === 'overdue' ? 'attention' : 'warning',
      hint: 'Press Upload file, or send the file to me here in this chat.',
    });
    await this.services.uploads.direct.sendCard(claim.tenantId, request.assignee, card, via);
  }

  async deadline(claim: Claim, daysLeft: number): Promise<void> {
    if (!claim.home) throw new Error('the claim has no thread to remind in');
    const when = daysLeft === 0 ? 'today' : daysLeft === 1 ? 'tomorrow' : `in ${daysLeft} days (${claim.deadline})`;
    await this.services.messenger.sendText(
      claim.home,
      `Reminder for ${claim.createdBy.name}: **${claim.number}** is still a draft and must be submitted ${when}. After the deadline it expires. Type \`claim ${claim.number}\` to see what is missing.`,
    );
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
    private readonly services: Services,
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
      const result: SweepResult | undefined = await this.services.uploads.reminders.runScheduled(
        new ReminderCards(this.services),
      );
      if (result && (result.sent > 0 || result.failed > 0)) this.log.info(result, 'reminder sweep');
      await this.services.uploads.documents.sweepStaged();
    } catch (err) {
      this.log.warn({ err }, 'reminder sweep failed; the next tick tries again');
    }
  }
}
