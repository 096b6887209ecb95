import { findActivity } from '../domain/activities';
import type { Claim } from '../domain/claim';
import { formatMoney } from '../domain/money';
import { daysUntil } from '../domain/period';
import { plural } from './format';

const PREVIEW = 600;

function clip(text: string, max = PREVIEW): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The review side of a claim in a few lines, shown on both the claim card and the review card. */
export function reviewLines(claim: Claim, now: Date): string[] {
  const r = claim.review;
  if (!r) return [];
  const money = (minor: number) => formatMoney(minor, claim.currency);
  const poe = findActivity(claim.activityCode)?.poe ?? [];
  const lines: string[] = [];
  if (r.reviewer) lines.push(`Reviewer: ${r.reviewer.name}`);
  for (const [key, f] of Object.entries(r.feedback ?? {})) {
    const label = poe.find((p) => p.key === key)?.label ?? key;
    lines.push(
      f.verdict === 'accepted'
        ? `✔ Accepted: ${clip(label, 120)}`
        : `✖ Needs change: ${clip(label, 120)} — ${clip(f.comment, 300)}`,
    );
  }
  if (claim.status === 'ActionRequired' && r.infoRequest)
    lines.push(`Information requested by ${r.infoRequest.by.name}: ${clip(r.infoRequest.message)}`);
  if (r.approval && (claim.status === 'Approved' || claim.status === 'Paid')) {
    const partial = r.approval.approvedMinor < claim.claimedMinor;
    lines.push(
      `Approved ${money(r.approval.approvedMinor)}${partial ? ` of ${money(claim.claimedMinor)} — ${clip(r.approval.reason, 300)}` : ''} · payment cycle ${r.approval.paymentCycle}`,
    );
  }
  if (r.rejection && claim.status === 'Rejected') {
    const left = daysUntil(r.rejection.disputeUntil, now);
    lines.push(`Rejected: ${clip(r.rejection.reasons)}`);
    lines.push(
      left >= 0
        ? `You can dispute until ${r.rejection.disputeUntil} (${plural(left, 'day')} left).`
        : `The dispute window closed on ${r.rejection.disputeUntil}.`,
    );
  }
  if (r.dispute && claim.status === 'Disputed')
    lines.push(`Disputed by ${r.dispute.by.name}: ${clip(r.dispute.reason)} · re-review due ${r.dispute.dueDate}`);
  if (r.payment && claim.status === 'Paid') lines.push(`Paid on ${r.payment.date} · reference ${r.payment.reference}`);
  return lines;
}
