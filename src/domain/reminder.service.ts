import type { Claim } from './claim';
import type { ClaimService } from './claim.service';
import type { Clock } from './clock';
import { addDays, daysUntil, isoDate } from './period';
import type { ClaimRepository, ReminderLedger, UploadRequestRepository } from './ports';
import { isEditable } from './status';
import { dueEnd, isFulfilled, type UploadRequest } from './upload-request';

export type RequestReminder = 'due-soon' | 'overdue';

/** Delivers reminders and notices (the bot layer: 1:1 cards, messages in the claim's thread, the review channel). */
export interface ReminderSender {
  request(request: UploadRequest, claim: Claim, kind: RequestReminder): Promise<void>;
  deadline(claim: Claim, daysLeft: number): Promise<void>;
  /** The draft expired: its thread is told. */
  expired(claim: Claim): Promise<void>;
  /** A reviewer asked for information: the partner's response is due (negative days: overdue). */
  responseDue(claim: Claim, daysLeft: number): Promise<void>;
  /** A dispute is past its re-review date: the review channel is reminded. */
  disputeOverdue(claim: Claim, daysOver: number): Promise<void>;
}

export interface SweepResult {
  readonly sent: number;
  /** Reminders another sweeper (or an earlier sweep) already owns. */
  readonly skipped: number;
  readonly failed: number;
  /** Drafts that expired in this sweep. */
  readonly expired: number;
}

/** Drafts (and information requests) are reminded when their due day is this close (days), once per band. */
export const DRAFT_WINDOW_DAYS = 7;
const BANDS = [0, 1, 3, 7] as const;
const DAY_MS = 86_400_000;
const BATCH = 5000;

/**
 * Reminders and the system's own moves: open upload requests due within 24 h and overdue ones
 * (once a day); drafts whose claim deadline is within 7 days (once per band: 7, 3, 1, 0 days left)
 * and drafts whose deadline passed, which expire; information requests whose response is due
 * (bands, then once overdue); disputes past their re-review date (the review channel, once a day).
 * Each reminder has a key; the sweep inserts the key (unique) before sending, so however many bot
 * instances sweep at once, each reminder is sent once. A failed send gives its key back.
 */
export class ReminderService {
  constructor(
    private readonly requests: UploadRequestRepository,
    private readonly claims: ClaimRepository,
    private readonly claimService: ClaimService,
    private readonly ledger: ReminderLedger,
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  /** The timer's entry point: one sweep per interval window across all instances (a lease in the store). */
  async runScheduled(sender: ReminderSender): Promise<SweepResult | undefined> {
    const now = this.clock.now();
    const window = Math.floor(now.getTime() / Math.max(this.intervalMs, 1000));
    if (!(await this.ledger.lease(`reminder-sweep:${this.intervalMs}:${window}`, now))) return undefined;
    await this.ledger.prune(new Date(now.getTime() - 90 * DAY_MS));
    return this.sweep(sender);
  }

  /** One pass over everything due; safe to run concurrently (each reminder is claimed by a unique insert). */
  async sweep(sender: ReminderSender): Promise<SweepResult> {
    const now = this.clock.now();
    const today = isoDate(now.getTime());
    let sent = 0;
    let skipped = 0;
    let failed = 0;
    let expired = 0;
    const deliver = async (key: string, send: () => Promise<void>) => {
      if (!(await this.ledger.mark(key, now))) {
        skipped++;
        return;
      }
      try {
        await send();
        sent++;
      } catch {
        failed++;
        await this.ledger.unmark(key);
      }
    };

    // Drafts past their deadline expire first (a system move with its History event; their thread is
    // told once), so nothing below reminds anyone about a claim that can no longer take documents.
    for (const draft of await this.claims.dueBefore('Editing', today, BATCH)) {
      const current = await this.claims.get(draft.tenantId, draft.id);
      if (!current || current.status !== 'Editing' || daysUntil(current.deadline, now) >= 0) continue;
      const updated = await this.claimService.expire(current);
      if (!updated) continue;
      expired++;
      await deliver(`${updated.id}:expired`, () => sender.expired(updated));
    }

    // Requests due today or tomorrow may fall within 24 h of now; later ones cannot.
    for (const request of await this.requests.notDoneDueBy(addDays(today, 1))) {
      const left = dueEnd(request.due) - now.getTime();
      if (left > DAY_MS) continue;
      const claim = await this.claims.get(request.tenantId, request.claimId);
      if (
        !claim ||
        !isEditable(claim.status) ||
        isFulfilled(claim, request.id) ||
        !claim.requests?.some((r) => r.id === request.id)
      )
        continue;
      const kind: RequestReminder = left < 0 ? 'overdue' : 'due-soon';
      const key = kind === 'overdue' ? `${request.id}:overdue:${today}` : `${request.id}:due-soon`;
      await deliver(key, () => sender.request(request, claim, kind));
    }

    for (const claim of await this.claims.dueBetween('Editing', today, addDays(today, DRAFT_WINDOW_DAYS), BATCH)) {
      const days = daysUntil(claim.deadline, now);
      if (claim.status !== 'Editing' || days < 0 || days > DRAFT_WINDOW_DAYS) continue;
      const band = BANDS.find((b) => days <= b)!;
      await deliver(`${claim.id}:deadline:${band}`, () => sender.deadline(claim, days));
    }

    for (const claim of await this.claims.dueBetween(
      'ActionRequired',
      '0000-01-01',
      addDays(today, DRAFT_WINDOW_DAYS),
      BATCH,
    )) {
      if (claim.status !== 'ActionRequired' || !claim.dueDate) continue;
      const days = daysUntil(claim.dueDate, now);
      const band = days < 0 ? 'overdue' : String(BANDS.find((b) => days <= b));
      await deliver(`${claim.id}:response:${claim.review?.infoRequest?.at.getTime() ?? 0}:${band}`, () =>
        sender.responseDue(claim, days),
      );
    }

    for (const claim of await this.claims.dueBefore('Disputed', today, BATCH)) {
      if (claim.status !== 'Disputed' || !claim.dueDate) continue;
      await deliver(`${claim.id}:dispute-overdue:${today}`, () =>
        sender.disputeOverdue(claim, -daysUntil(claim.dueDate!, now)),
      );
    }
    return { sent, skipped, failed, expired };
  }
}
