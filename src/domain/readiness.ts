import { findActivity, isSurfaceProgram, type Activity, type CapRule } from './activities';
import type { Claim, ClaimDocument } from './claim';
import { formatMoney, percentOf, sum, wholeUnits } from './money';
import { daysUntil } from './period';

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
  /** Claimed + approved amounts of the tenant's *other* claims in the same program and period. */
  readonly usedByOthersMinor: number;
  /** The same, restricted to claims of the same activity (for per-activity caps). */
  readonly activityUsedByOthersMinor: number;
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
      detail: present ? String(value) : 'No value yet',
    });
  }

  const invoiced = sum(financial.filter((d) => d.currency === claim.currency).map((d) => d.amountMinor));
  const otherCurrency = financial.filter((d) => d.currency !== claim.currency);
  items.push({
    key: 'amount',
    label: 'Claimed amount equals the invoices and CSRs',
    ok: otherCurrency.length === 0 && invoiced === claim.claimedMinor,
    detail:
      otherCurrency.length > 0
        ? `${otherCurrency.length} document(s) are not in ${claim.currency}`
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

  const days = daysUntil(claim.deadline, now);
  items.push({
    key: 'deadline',
    label: `Submitted by the deadline (${claim.deadline})`,
    ok: days >= 0,
    detail: days >= 0 ? `${days} day(s) left` : `The deadline passed ${-days} day(s) ago`,
  });

  const failing = items.filter((i) => !i.ok);
  return { ready: failing.length === 0, items, failing };
}

function capItem(activity: Activity, cap: CapRule, claim: Claim, funds: FundsPicture): ReadinessItem {
  const label = `Within the ${activity.name} cap`;
  const key = 'cap';
  const money = (minor: number) => formatMoney(minor, claim.currency);
  const total = funds.activityUsedByOthersMinor + claim.claimedMinor;
  const surface = isSurfaceProgram(claim.programCode);
  const earned = funds.earnedMinor ?? 0;
  const within = (limit: number, what: string): ReadinessItem => ({
    key,
    label,
    ok: total <= limit,
    detail: `${what}: ${money(limit)}; this period ${money(total)} including this claim`,
  });
  const sameCurrency = (currency: string) => currency === claim.currency;
  switch (cap.kind) {
    case 'fixed':
      if (!sameCurrency(cap.currency)) {
        return {
          key,
          label,
          ok: true,
          detail: `Cap is ${cap.currency} ${cap.units.toLocaleString('en-US')} per period; check it in ${cap.currency}`,
        };
      }
      return within(wholeUnits(cap.units, claim.currency), 'Cap per usage period');
    case 'percentOfEarned': {
      const percent = surface ? cap.surfacePercent : cap.percent;
      return within(percentOf(earned, percent), `${percent}% of earned funds`);
    }
    case 'greaterOf': {
      if (surface && cap.surfaceUnlimited) return { key, label, ok: true, detail: `No limit for ${claim.programCode}` };
      const fixed = sameCurrency(cap.currency) ? wholeUnits(cap.units, claim.currency) : 0;
      return within(
        Math.max(percentOf(earned, cap.percent), fixed),
        `Greater of ${cap.percent}% of earned funds or ${cap.currency} ${cap.units.toLocaleString('en-US')}`,
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
      if (!sameCurrency(cap.currency)) {
        return { key, label, ok: true, detail: `Travel caps are in ${cap.currency}; check them in ${cap.currency}` };
      }
      const perConference = wholeUnits(cap.perPersonUnits, claim.currency) * Math.max(attendees, 1);
      if (claim.claimedMinor > perConference) {
        return {
          key,
          label,
          ok: false,
          detail: `Travel is capped at ${money(wholeUnits(cap.perPersonUnits, claim.currency))} per person (${money(perConference)} for ${Math.max(attendees, 1)})`,
        };
      }
      return within(wholeUnits(cap.perPeriodUnits, claim.currency), 'Travel cap per period and program');
    }
  }
}
