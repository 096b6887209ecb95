import { findActivity, isSurfaceProgram, type Activity, type CapRule } from './activities';
import type { Claim, ClaimDocument } from './claim';
import { formatMoney, percentOf, sum, usdToMinor, type UsdRate } from './money';
import { daysUntil, isoDate } from './period';

export interface ReadinessItem {
  readonly key: string;
  readonly label: string;
  readonly ok: boolean;
  /** What is wrong (or the figures behind a passing check). */
  readonly detail: string;
}

export interface FundsPicture {
  /** Earned funds of the claim's program and period; undefined when an admin has not set them. */
  readonly earnedMinor: number | undefined;
  /** Funds the tenant's *other* claims of the same program and period hold (pending or approved). */
  readonly usedByOthersMinor: number;
  /** The same, restricted to claims of the same activity (for per-activity caps). */
  readonly activityUsedByOthersMinor: number;
  /** 1 USD in the program's currency, when an admin set it (USD caps convert through it). */
  readonly usdRate?: UsdRate;
}

export interface ReadinessInput {
  readonly claim: Claim;
  readonly documents: readonly ClaimDocument[];
  readonly funds: FundsPicture;
  readonly now: Date;
}

export interface Readiness {
  readonly ready: boolean;
  readonly items: readonly ReadinessItem[];
  readonly failing: readonly ReadinessItem[];
}

/** Readiness items about money: a refusal on one of these is worth re-checking against the claims. */
export const MONEY_ITEMS: readonly string[] = ['funds', 'cap'];

/** A document's amount in the claim's currency: its own, or the converted amount it states. */
export function amountInClaimCurrency(doc: ClaimDocument, currency: string): number | undefined {
  return doc.currency === currency ? doc.amountMinor : doc.convertedMinor;
}

/** domain.md "Readiness before submit": every check, item by item. */
export function checkReadiness(input: ReadinessInput): Readiness {
  const { claim, documents, funds, now } = input;
  const activity = findActivity(claim.activityCode);
  const money = (minor: number) => formatMoney(minor, claim.currency);
  const items: ReadinessItem[] = [];

  const financial = documents.filter((d) => d.kind === 'invoice' || d.kind === 'csr');
  items.push({
    key: 'invoices',
    label: 'At least one invoice or CSR',
    ok: financial.length > 0,
    detail: financial.length > 0 ? `${financial.length} attached` : 'Add a vendor invoice or a CSR for in-house work',
  });

  for (const poe of activity?.poe ?? []) {
    const found = documents.filter((d) => d.kind === 'poe' && d.poeKey === poe.key);
    items.push({
      key: `poe:${poe.key}`,
      label: `Proof: ${poe.label}`,
      ok: found.length > 0,
      detail: found.length > 0 ? `${found.length} attached` : 'Missing',
    });
  }

  for (const metric of activity?.metrics ?? []) {
    const value = claim.metrics[metric.key];
    const present = value !== undefined && String(value).trim() !== '';
    items.push({
      key: `metric:${metric.key}`,
      label: `Metric: ${metric.label}`,
      ok: present,
      detail: present ? (typeof value === 'number' ? value.toLocaleString('en-US') : String(value)) : 'No value yet',
    });
  }

  const unconverted = financial.filter((d) => amountInClaimCurrency(d, claim.currency) === undefined);
  const invoiced = sum(financial.map((d) => amountInClaimCurrency(d, claim.currency) ?? 0));
  items.push({
    key: 'amount',
    label: 'Claimed amount equals the invoices and CSRs',
    ok: unconverted.length === 0 && invoiced === claim.claimedMinor,
    detail:
      unconverted.length > 0
        ? `${unconverted.length} document(s) in another currency state no amount in ${claim.currency}: replace them with the converted amount`
        : `Claimed ${money(claim.claimedMinor)}, invoices and CSRs ${money(invoiced)}`,
  });

  if (activity?.notEligiblePrograms?.includes(claim.programCode)) {
    items.push({
      key: 'eligibility',
      label: `${activity.name} is eligible in ${claim.programCode}`,
      ok: false,
      detail: `${activity.name} cannot be claimed in ${claim.programCode}`,
    });
  }

  if (activity?.cap) items.push(capItem(activity, activity.cap, claim, funds));

  if (funds.earnedMinor === undefined) {
    items.push({
      key: 'funds',
      label: `Within earned funds of ${claim.programCode} ${claim.period.code}`,
      ok: false,
      detail: `No earned funds are recorded for ${claim.programCode} ${claim.period.code}; an admin sets them with \`funds\``,
    });
  } else {
    const remaining = funds.earnedMinor - funds.usedByOthersMinor;
    items.push({
      key: 'funds',
      label: `Within earned funds of ${claim.programCode} ${claim.period.code}`,
      ok: claim.claimedMinor <= remaining,
      detail: `Available ${money(Math.max(0, remaining))} of ${money(funds.earnedMinor)} earned`,
    });
  }

  items.push(deadlineItem(claim, now));

  const failing = items.filter((i) => !i.ok);
  return { ready: failing.length === 0, items, failing };
}

/** The deadline applies to the first submit: a claim first submitted in time is never late again. */
function deadlineItem(claim: Claim, now: Date): ReadinessItem {
  const label = `Submitted by the deadline (${claim.deadline})`;
  if (claim.firstSubmittedAt) {
    const first = isoDate(claim.firstSubmittedAt.getTime());
    return { key: 'deadline', label, ok: first <= claim.deadline, detail: `First submitted on ${first}` };
  }
  const days = daysUntil(claim.deadline, now);
  return {
    key: 'deadline',
    label,
    ok: days >= 0,
    detail: days >= 0 ? `${days} day(s) left` : `The deadline passed ${-days} day(s) ago`,
  };
}

/**
 * The most an activity may hold in a program and period under its cap, in the claim currency
 * (undefined: no USD rate for a USD cap; Infinity: no limit). The budget answer and the readiness
 * check both use this, so they never disagree.
 */
export function capLimit(
  cap: CapRule,
  programCode: string,
  currency: string,
  earnedMinor: number | undefined,
  rate: UsdRate | undefined,
): number | undefined {
  const earned = earnedMinor ?? 0;
  const surface = isSurfaceProgram(programCode);
  switch (cap.kind) {
    case 'fixed':
      return usdToMinor(cap.units, currency, rate);
    case 'percentOfEarned':
      return percentOf(earned, surface ? cap.surfacePercent : cap.percent);
    case 'greaterOf': {
      if (surface && cap.surfaceUnlimited) return Infinity;
      const fixed = usdToMinor(cap.units, currency, rate);
      return fixed === undefined ? undefined : Math.max(percentOf(earned, cap.percent), fixed);
    }
    case 'conferenceTravel':
      return usdToMinor(cap.perPeriodUnits, currency, rate);
  }
}

function capItem(activity: Activity, cap: CapRule, claim: Claim, funds: FundsPicture): ReadinessItem {
  const label = `Within the ${activity.name} cap`;
  const key = 'cap';
  const money = (minor: number) => formatMoney(minor, claim.currency);
  const total = funds.activityUsedByOthersMinor + claim.claimedMinor;
  const earned = funds.earnedMinor ?? 0;
  const rate = funds.usdRate;
  /** How a USD cap reads in the claim's currency, with the rate and the day it was set. */
  const usd = (units: number, minor: number) =>
    claim.currency === 'USD' || !rate
      ? money(minor)
      : `${money(minor)} (USD ${units.toLocaleString('en-US')} at the rate of ${rate.setOn})`;
  const noRate: ReadinessItem = {
    key,
    label,
    ok: false,
    detail: `The cap is set in USD and no USD → ${claim.currency} exchange rate is set: an incentives admin sets one with \`rate ${claim.currency} <${claim.currency} per 1 USD>\``,
  };
  const limit = capLimit(cap, claim.programCode, claim.currency, funds.earnedMinor, rate);
  if (limit === undefined) return noRate;
  const within = (what: string): ReadinessItem => ({
    key,
    label,
    ok: total <= limit,
    detail: `${what}; this period ${money(total)} including this claim`,
  });
  switch (cap.kind) {
    case 'fixed':
      return within(`Cap per usage period: ${usd(cap.units, limit)}`);
    case 'percentOfEarned': {
      const percent = isSurfaceProgram(claim.programCode) ? cap.surfacePercent : cap.percent;
      return within(`${percent}% of earned funds: ${money(limit)}`);
    }
    case 'greaterOf': {
      if (limit === Infinity) return { key, label, ok: true, detail: `No limit for ${claim.programCode}` };
      const fixed = usdToMinor(cap.units, claim.currency, rate)!;
      return within(
        `Greater of ${cap.percent}% of earned funds (${money(percentOf(earned, cap.percent))}) or ${usd(cap.units, fixed)}`,
      );
    }
    case 'conferenceTravel': {
      const attendees = Number(claim.metrics[cap.attendeesMetric] ?? 0);
      if (attendees > cap.maxAttendees) {
        return {
          key,
          label,
          ok: false,
          detail: `At most ${cap.maxAttendees} attendees per conference (${attendees} given)`,
        };
      }
      const perPerson = usdToMinor(cap.perPersonUnits, claim.currency, rate);
      if (perPerson === undefined) return noRate;
      const people = Math.max(attendees, 1);
      const perConference = perPerson * people;
      if (claim.claimedMinor > perConference) {
        return {
          key,
          label,
          ok: false,
          detail: `Travel is capped at ${usd(cap.perPersonUnits, perPerson)} per person (${money(perConference)} for ${people})`,
        };
      }
      return within(`Travel cap per period and program: ${usd(cap.perPeriodUnits, limit)}`);
    }
  }
}
