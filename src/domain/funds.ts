/**
 * Earned funds of one program and usage period are a shared budget (domain.md, Decisions). Its
 * state lives in an append-only ledger: every entry is the whole state after one change — the
 * earned amount and what each claim holds — and takes the next sequence number under a unique key.
 * Two writers that start from the same entry cannot both append after it, so two claims can never
 * both take the last funds, on any engine (an insert under a unique index is the one write every
 * engine makes exclusive; docs/STORAGE.md).
 *
 * Order of writes, without transactions:
 * - a claim that starts to hold more (submit, resubmit with a higher amount, dispute, an edit
 *   while information is requested that raises the amount or changes period or activity) reserves
 *   first — the entry marks its hold *pending* with the claim version it is about to commit —
 *   and then commits its History event; a press that loses that version settles its reservation
 *   by what the winning event left the claim holding;
 * - a claim that holds less (approval of a lower amount, reject, withdraw) commits first and then
 *   settles its hold in the ledger.
 * So a crash can leave funds held that no claim needs (never funds used twice). The next writer
 * confirms or drops pending holds by the claim's History, and a refusal for lack of funds first
 * re-checks every hold against its claim (reconcile), never raising one.
 */
import type { Claim, Person } from './claim';
import { APPROVED, HOLDS_FUNDS, type ClaimStatus } from './status';

export interface Hold {
  readonly minor: number;
  readonly activity: string;
  /** Approved (or paid) funds rather than a pending claim. */
  readonly approved: boolean;
  /**
   * Set until the claim's History shows the move this hold was reserved for; `previousMinor` is
   * what the claim held before (restored if the move never commits).
   */
  readonly pending?: { readonly claimSeq: number; readonly at: Date; readonly previousMinor?: number };
}

export interface FundsKey {
  readonly tenantId: string;
  readonly programCode: string;
  readonly periodCode: string;
}

export interface FundsEntry extends FundsKey {
  readonly seq: number;
  /** Earned funds of the period; undefined until an admin sets them. */
  readonly earnedMinor?: number;
  readonly holds: Readonly<Record<string, Hold>>;
  readonly at: Date;
  readonly by: Person;
  /** What this entry changed, for people reading the ledger. */
  readonly why: string;
}

/** A pending hold whose claim has not committed its move within this long was left by a crash. */
export const PENDING_STALE_MS = 2 * 60_000;
/** Pending holds younger than this are in flight: nobody checks them yet. */
export const PENDING_CHECK_MS = 5_000;

export function fundsKeyOf(claim: Pick<Claim, 'tenantId' | 'programCode' | 'period'>): FundsKey {
  return { tenantId: claim.tenantId, programCode: claim.programCode, periodCode: claim.period.code };
}

export function sameKey(a: FundsKey, b: FundsKey): boolean {
  return a.tenantId === b.tenantId && a.programCode === b.programCode && a.periodCode === b.periodCode;
}

/** What a claim in `status` holds of its program and period's funds (undefined: nothing). */
export function heldBy(
  claim: Pick<Claim, 'status' | 'claimedMinor' | 'approvedMinor' | 'activityCode'>,
): Hold | undefined {
  if (!HOLDS_FUNDS.includes(claim.status)) return undefined;
  const approved = APPROVED.includes(claim.status);
  return { minor: approved ? claim.approvedMinor : claim.claimedMinor, activity: claim.activityCode, approved };
}

export function holdsFunds(status: ClaimStatus): boolean {
  return HOLDS_FUNDS.includes(status);
}

/** Funds held by claims other than `claimId`, in total and for one activity. */
export function usedByOthers(entry: Pick<FundsEntry, 'holds'> | undefined, claimId: string, activity: string) {
  let all = 0;
  let sameActivity = 0;
  for (const [id, hold] of Object.entries(entry?.holds ?? {})) {
    if (id === claimId) continue;
    all += hold.minor;
    if (hold.activity === activity) sameActivity += hold.minor;
  }
  return { usedByOthersMinor: all, activityUsedByOthersMinor: sameActivity };
}

export function totals(entry: Pick<FundsEntry, 'holds'> | undefined): { pendingMinor: number; approvedMinor: number } {
  let pendingMinor = 0;
  let approvedMinor = 0;
  for (const hold of Object.values(entry?.holds ?? {})) {
    if (hold.approved) approvedMinor += hold.minor;
    else pendingMinor += hold.minor;
  }
  return { pendingMinor, approvedMinor };
}

export function withHold(
  holds: Readonly<Record<string, Hold>>,
  claimId: string,
  hold: Hold | undefined,
): Record<string, Hold> {
  const next = { ...holds };
  if (hold && hold.minor > 0) next[claimId] = hold;
  else delete next[claimId];
  return next;
}
