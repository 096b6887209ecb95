import type { Claim } from './claim';
import type { Clock } from './clock';
import { addDays, daysUntil, isoDate } from './period';
import type { ClaimRepository, DraftSource, ReminderLedger, UploadRequestRepository } from './ports';
import { isEditable } from './status';
import { dueEnd, isFulfilled, type UploadRequest } from './upload-request';

export type RequestReminder = 'due-soon' | 'overdue';

/** Delivers reminders (the bot layer: 1:1 cards, messages in the claim's thread). */
export interface ReminderSender {
  request(request: UploadRequest, claim: Claim, kind: RequestReminder): Promise<void>;
  deadline(claim: Claim, daysLeft: number): Promise<void>;
}

export interface SweepResult {
  readonly sent: number;
  /** Reminders another sweeper (or an earlier sweep) already owns. */
  readonly skipped: number;
  readonly failed: number;
}

/** Drafts are reminded when their deadline is this close (days), once per band. */
export const DRAFT_WINDOW_DAYS = 7;
const DRAFT_BANDS = [0, 1, 3, 7] as const;
const DAY_MS = 86_400_000;

/**
 * Reminders: open requests due within 24 h, overdue requests (once a day), and drafts whose claim
 * deadline is within 7 days (once per band: 7, 3, 1 and 0 days left). Each reminder has a key; the
 * sweep inserts the key (unique) before sending, so however many bot instances sweep at once, each
 * reminder is sent once. A failed send gives its key back for the next sweep.
 */
export class ReminderService {
  constructor(
    private readonly requests: UploadRequestRepository,
    private readonly drafts: DraftSource,
    private readonly claims: ClaimRepository,
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

    // Requests due today or tomorrow may fall within 24 h of now; later ones cannot.
    for (const request of await this.requests.notDoneDueBy(addDays(today, 1))) {
      const left = dueEnd(request.due) - now.getTime();
      if (left > DAY_MS) continue;
      const claim = await this.claims.get(request.tenantId, request.claimId);
      if (!claim || !isEditable(claim.status) || isFulfilled(claim, request.id)) continue;
      const kind: RequestReminder = left < 0 ? 'overdue' : 'due-soon';
      const key = kind === 'overdue' ? `${request.id}:overdue:${today}` : `${request.id}:due-soon`;
      await deliver(key, () => sender.request(request, claim, kind));
    }

    for (const claim of await this.drafts.draftsWithDeadline(today, addDays(today, DRAFT_WINDOW_DAYS))) {
      if (claim.status !== 'Editing') continue;
      const days = daysUntil(claim.deadline, now);
      if (days < 0 || days > DRAFT_WINDOW_DAYS) continue;
      const band = DRAFT_BANDS.find((b) => days <= b)!;
      await deliver(`${claim.id}:deadline:${band}`, () => sender.deadline(claim, days));
    }
    return { sent, skipped, failed };
  }
}
