import { ACTIVITIES, findActivity, type Activity } from './activities';
import type { Claim, ClaimEvent, Person } from './claim';
import type { Clock } from './clock';
import { ClaimChangedError } from './errors';
import {
  fundsKeyOf,
  heldBy,
  holdsFunds,
  PENDING_CHECK_MS,
  PENDING_STALE_MS,
  sameKey,
  totals,
  usedByOthers,
  withHold,
  type FundsEntry,
  type FundsKey,
  type Hold,
} from './funds';
import type { UsdRate } from './money';
import type { ClaimRepository, FundsLedgerRepository, ProgramRepository, RateRepository } from './ports';
import { earnedFor } from './program';
import { capLimit, type FundsPicture } from './readiness';
import { SYSTEM } from './claim';

/** "What can we still claim?" for one program and period: the ledger's figures and each cap's headroom. */
export interface Budget {
  readonly key: FundsKey;
  readonly currency: string;
  readonly earnedMinor: number | undefined;
  readonly approvedMinor: number;
  readonly pendingMinor: number;
  /** earned − approved − pending (undefined without earned funds). */
  readonly remainingMinor: number | undefined;
  readonly caps: ReadonlyArray<{
    readonly activity: Activity;
    /** Undefined: a USD cap without a rate for the program currency. */
    readonly limitMinor: number | undefined;
    readonly usedMinor: number;
    /** What a new claim of this activity could still take: the lower of the cap's and the funds' room. */
    readonly headroomMinor: number | undefined;
  }>;
  readonly usdRate?: UsdRate;
}

/** Attempts at appending to one ledger before the caller is told to try again (20 racing submits fit). */
const MAX_ATTEMPTS = 60;
/** Every this many entries, older ones are pruned (only the newest is read). */
const PRUNE_EVERY = 10;

export type ReserveOutcome<R> =
  | { readonly ok: true; readonly entry: FundsEntry; readonly funds: FundsPicture }
  | { readonly ok: false; readonly refusal: R; readonly funds: FundsPicture };

/**
 * The earned-funds ledger of each program and usage period (see funds.ts for the model): what a
 * claim card shows of the funds, and every change to what claims hold.
 */
export class FundsService {
  constructor(
    private readonly ledger: FundsLedgerRepository,
    private readonly claims: ClaimRepository,
    private readonly programs: ProgramRepository,
    private readonly rates: RateRepository,
    private readonly clock: Clock,
  ) {}

  /** The funds a claim's card shows: one read of its ledger (and of the USD rate when a USD cap needs it). */
  async pictureFor(claim: Claim): Promise<FundsPicture> {
    const [entry, usdRate] = await Promise.all([this.ledger.latest(fundsKeyOf(claim)), this.rateFor(claim)]);
    const base = entry ?? (await this.startingPoint(fundsKeyOf(claim)));
    return this.picture(base, claim, usdRate);
  }

  /** The budget of a program and period, computed by the same rules the readiness check applies. */
  async budget(key: FundsKey, currency: string): Promise<Budget> {
    const [entry, usdRate] = await Promise.all([
      this.ledger.latest(key),
      currency === 'USD' ? Promise.resolve(undefined) : this.rates.get(key.tenantId, currency),
    ]);
    const base = entry ?? (await this.startingPoint(key));
    const { pendingMinor, approvedMinor } = totals(base);
    const remainingMinor = base.earnedMinor === undefined ? undefined : base.earnedMinor - approvedMinor - pendingMinor;
    const caps = ACTIVITIES.filter((a) => a.cap && !a.notEligiblePrograms?.includes(key.programCode)).map(
      (activity) => {
        const limitMinor = capLimit(activity.cap!, key.programCode, currency, base.earnedMinor, usdRate);
        const usedMinor = usedByOthers(base, '', activity.code).activityUsedByOthersMinor;
        const capRoom = limitMinor === undefined ? undefined : limitMinor - usedMinor;
        const headroomMinor = capRoom === undefined ? undefined : Math.max(0, Math.min(capRoom, remainingMinor ?? 0));
        return { activity, limitMinor, usedMinor, headroomMinor };
      },
    );
    return {
      key,
      currency,
      earnedMinor: base.earnedMinor,
      approvedMinor,
      pendingMinor,
      remainingMinor,
      caps,
      ...(usdRate ? { usdRate } : {}),
    };
  }

  /** The same picture from an entry the caller already holds (after its own write: no read). */
  picture(entry: Pick<FundsEntry, 'holds' | 'earnedMinor'> | undefined, claim: Claim, usdRate?: UsdRate): FundsPicture {
    return {
      earnedMinor: entry?.earnedMinor,
      ...usedByOthers(entry, claim.id, claim.activityCode),
      ...(usdRate ? { usdRate } : {}),
    };
  }

  /** The rate a claim's USD cap converts through (none needed for USD programs or uncapped activities). */
  async rateFor(claim: Claim): Promise<UsdRate | undefined> {
    if (claim.currency === 'USD' || !usesUsdCap(claim.activityCode)) return undefined;
    return this.rates.get(claim.tenantId, claim.currency);
  }

  /**
   * Reserves `hold` for `claim` before the claim commits its version `claimSeq` (submit, resubmit,
   * dispute). `evaluate` judges the funds picture (readiness); when it refuses, every hold is first
   * re-checked against its claim (a crash may have left funds held) and the claim judged again.
   */
  async reserve<R>(
    claim: Claim,
    hold: Omit<Hold, 'pending'>,
    claimSeq: number,
    by: Person,
    evaluate: (funds: FundsPicture) => R | undefined,
  ): Promise<ReserveOutcome<R>> {
    const key = fundsKeyOf(claim);
    const usdRate = await this.rateFor(claim);
    let reconciled = false;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const latest = await this.latestOrStart(key);
      let holds = await this.tidy(latest);
      let funds = this.picture({ ...latest, holds }, claim, usdRate);
      let refusal = evaluate(funds);
      if (refusal !== undefined && !reconciled) {
        reconciled = true;
        holds = await this.reconcile(key, holds);
        funds = this.picture({ ...latest, holds }, claim, usdRate);
        refusal = evaluate(funds);
      }
      if (refusal !== undefined) return { ok: false, refusal, funds };
      const previous = latest.holds[claim.id];
      const next: FundsEntry = {
        ...key,
        seq: latest.seq + 1,
        ...(latest.earnedMinor === undefined ? {} : { earnedMinor: latest.earnedMinor }),
        holds: withHold(holds, claim.id, {
          ...hold,
          pending: { claimSeq, at: this.clock.now(), ...previousOf(previous) },
        }),
        at: this.clock.now(),
        by,
        why: `${claim.number}: reserve ${hold.minor}`,
      };
      if (await this.append(next)) return { ok: true, entry: next, funds };
    }
    throw new ClaimChangedError(claim.id);
  }

  /**
   * Settles a reservation whose press did not commit: another change won the claim's version
   * `claimSeq`. `claim` is the claim as both presses read it, `key` the ledger the reservation was
   * made in. The claim now holds what the winning event made it hold — never more than is reserved:
   * when two people press Submit at the same moment the winner's submit keeps the funds; after a
   * comment or a withdrawal won, the hold returns to what it was (or goes).
   */
  async release(claim: Claim, claimSeq: number, by: Person, key: FundsKey = fundsKeyOf(claim)): Promise<void> {
    const winner = await this.claims.eventAt(claim.tenantId, claim.id, claimSeq);
    const after = winner ? afterEvent(claim, winner) : undefined;
    const wanted = after && sameKey(fundsKeyOf(after), key) ? heldBy(after) : undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const latest = await this.ledger.latest(key);
      const hold = latest?.holds[claim.id];
      if (!latest || !hold?.pending || hold.pending.claimSeq !== claimSeq) return;
      const next = !after
        ? restored(hold)
        : wanted
          ? { ...wanted, minor: Math.min(wanted.minor, hold.minor) }
          : undefined;
      const entry = this.entryAfter(latest, withHold(latest.holds, claim.id, next), by, `${claim.number}: release`);
      if (await this.append(entry)) return;
    }
  }

  /**
   * After a committed move that holds less (approve for less, reject, withdraw, expire), or to
   * confirm one that holds the same: the ledger holds what the claim holds now, never more than
   * before. Returns the entry that is current afterwards.
   */
  settle(claim: Claim, by: Person): Promise<FundsEntry | undefined> {
    return this.settleAt(fundsKeyOf(claim), claim, by);
  }

  /** The same for the ledger of `key`, which the claim may have left (an edit moved it to another period). */
  async settleAt(key: FundsKey, claim: Claim, by: Person): Promise<FundsEntry | undefined> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const latest = await this.ledger.latest(key);
      if (!latest) return undefined;
      const current = latest.holds[claim.id];
      const wanted = sameKey(key, fundsKeyOf(claim)) ? heldBy(claim) : undefined;
      const next = wanted && current ? { ...wanted, minor: Math.min(wanted.minor, current.minor) } : undefined;
      if (sameHold(current, next)) return latest;
      const entry = this.entryAfter(latest, withHold(latest.holds, claim.id, next), by, `${claim.number}: settle`);
      if (await this.append(entry)) return entry;
    }
    return undefined;
  }

  /** Sets the earned funds of a program and period (an admin's `funds`); returns the ledger entry's seq. */
  async setEarned(key: FundsKey, earnedMinor: number, by: Person): Promise<number> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const latest = await this.ledger.latest(key);
      const base: FundsEntry = latest ?? { ...(await this.startingPoint(key)), seq: 0 };
      const next: FundsEntry = {
        ...base,
        seq: base.seq + 1,
        earnedMinor,
        at: this.clock.now(),
        by,
        why: `earned ${earnedMinor}`,
      };
      if (await this.append(next)) return next.seq;
    }
    throw new Error('the funds ledger is too busy; try again');
  }

  /** The newest entry, or the first one built from the claims when the ledger has none yet. */
  private async latestOrStart(key: FundsKey): Promise<FundsEntry> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const latest = await this.ledger.latest(key);
      if (latest) return latest;
      const first: FundsEntry = { ...(await this.startingPoint(key)), seq: 1 };
      if (await this.ledger.append(first)) return first;
    }
    throw new Error('the funds ledger could not be started');
  }

  /** What the ledger would say if it started now: earned funds from the program, holds from the claims. */
  private async startingPoint(key: FundsKey): Promise<FundsEntry> {
    const [program, holders] = await Promise.all([
      this.programs.get(key.tenantId, key.programCode),
      this.claims.holders(key.tenantId, key.programCode, key.periodCode),
    ]);
    let holds: Record<string, Hold> = {};
    for (const c of holders) holds = withHold(holds, c.id, heldBy(c));
    const earnedMinor = program ? earnedFor(program, key.periodCode) : undefined;
    return {
      ...key,
      seq: 0,
      ...(earnedMinor === undefined ? {} : { earnedMinor }),
      holds,
      at: this.clock.now(),
      by: SYSTEM,
      why: 'start',
    };
  }

  /**
   * Confirms pending holds whose claim committed the move (its History has the version), and gives
   * back those whose claim lost that version or never committed it (a crash).
   */
  private async tidy(entry: FundsEntry): Promise<Record<string, Hold>> {
    let holds: Record<string, Hold> = { ...entry.holds };
    const now = this.clock.now().getTime();
    for (const [claimId, hold] of Object.entries(entry.holds)) {
      if (!hold.pending || now - hold.pending.at.getTime() < PENDING_CHECK_MS) continue;
      const event = await this.claims.eventAt(entry.tenantId, claimId, hold.pending.claimSeq);
      if (event) {
        const status = event.set.status;
        holds = withHold(holds, claimId, status && holdsFunds(status) ? confirmed(hold) : restored(hold));
      } else if (now - hold.pending.at.getTime() > PENDING_STALE_MS) {
        holds = withHold(holds, claimId, restored(hold));
      }
    }
    return holds;
  }

  /** Re-checks every settled hold against its claim: a hold only ever shrinks here. */
  private async reconcile(key: FundsKey, holds: Record<string, Hold>): Promise<Record<string, Hold>> {
    let next = { ...holds };
    for (const [claimId, hold] of Object.entries(holds)) {
      if (hold.pending) continue;
      const claim = await this.claims.get(key.tenantId, claimId);
      const wanted = claim && sameKey(fundsKeyOf(claim), key) ? heldBy(claim) : undefined;
      const kept = wanted ? { ...wanted, minor: Math.min(wanted.minor, hold.minor) } : undefined;
      if (!sameHold(hold, kept)) next = withHold(next, claimId, kept);
    }
    return next;
  }

  private entryAfter(latest: FundsEntry, holds: Record<string, Hold>, by: Person, why: string): FundsEntry {
    return { ...latest, seq: latest.seq + 1, holds, at: this.clock.now(), by, why };
  }

  private async append(entry: FundsEntry): Promise<boolean> {
    const ok = await this.ledger.append(entry);
    if (ok && entry.seq % PRUNE_EVERY === 0) await this.ledger.prune(entry, entry.seq - PRUNE_EVERY);
    return ok;
  }
}

/** What a new reservation restores if it fails: the settled hold before it (through any reservation in flight). */
function previousOf(hold: Hold | undefined): { previousMinor?: number } {
  const minor = hold?.pending ? hold.pending.previousMinor : hold?.minor;
  return minor === undefined ? {} : { previousMinor: minor };
}

function confirmed(hold: Hold): Hold {
  const { pending: _pending, ...rest } = hold;
  return rest;
}

/** What a reservation replaced: the claim's earlier hold, or nothing. */
function restored(hold: Hold): Hold | undefined {
  const previous = hold.pending?.previousMinor;
  return previous === undefined ? undefined : { ...confirmed(hold), minor: previous };
}

/** The claim as `event` left it (the fields it sets and removes). */
function afterEvent(claim: Claim, event: ClaimEvent): Claim {
  const next: Record<string, unknown> = { ...claim, ...event.set };
  for (const field of event.unset ?? []) delete next[field];
  return next as unknown as Claim;
}

function sameHold(a: Hold | undefined, b: Hold | undefined): boolean {
  if (!a || !b) return a === b;
  return a.minor === b.minor && a.activity === b.activity && a.approved === b.approved && !a.pending && !b.pending;
}

function usesUsdCap(activityCode: string): boolean {
  const cap = findActivity(activityCode)?.cap;
  return !!cap && cap.kind !== 'percentOfEarned';
}
