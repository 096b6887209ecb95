import { findActivity } from '../domain/activities';
import type { Claim } from '../domain/claim';
import { formatMoney } from '../domain/money';
import { daysUntil } from '../domain/period';
import { plural, userText } from './format';

const PREVIEW = 600;

/** The review side of a claim in a few lines, shown on both the claim card and the review card. */
export function reviewLines(claim: Claim, now: Date): string[] {
  const r = claim.review;
  if (!r) return [];
  const money = (minor: number) => formatMoney(minor, claim.currency);
  const poe = findActivity(claim.activityCode)?.poe ?? [];
  const lines: string[] = [];
  if (r.reviewer) lines.push(`Reviewer: ${userText(r.reviewer.name, 100)}`);
  for (const [key, f] of Object.entries(r.feedback ?? {})) {
    const label = userText(poe.find((p) => p.key === key)?.label ?? key, 120);
    if (f.verdict === 'accepted') lines.push(`✔ Accepted: ${label}`);
    else if (f.verdict === 'changed')
      lines.push(`↻ Changed — waiting for review: ${label} (asked: ${userText(f.comment, 200)})`);
    else lines.push(`✖ Needs change: ${label} — ${userText(f.comment, 300)}`);
  }
  if (claim.status === 'ActionRequired' && r.infoRequest) {
    const due = r.infoRequest.dueDate;
    const left = due ? daysUntil(due, now) : undefined;
    const when =
      due === undefined
        ? ''
        : ` · respond by ${due} (${left! >= 0 ? `${plural(left!, 'day')} left` : `overdue by ${plural(-left!, 'day')}`})`;
    lines.push(
      `Information requested by ${userText(r.infoRequest.by.name, 100)}: ${userText(r.infoRequest.message, PREVIEW)}${when}`,
    );
  }
  if (r.approval && (claim.status === 'Approved' || claim.status === 'Paid')) {
    const partial = r.approval.approvedMinor < claim.claimedMinor;
    lines.push(
      `Approved ${money(r.approval.approvedMinor)}${partial ? ` of ${money(claim.claimedMinor)} — ${userText(r.approval.reason, 300)}` : ''} · payment cycle ${r.approval.paymentCycle}`,
    );
  }
  if (r.rejection && claim.status === 'Rejected') {
    const left = daysUntil(r.rejection.disputeUntil, now);
    lines.push(`Rejected: ${userText(r.rejection.reasons, PREVIEW)}`);
    lines.push(
      left >= 0
        ? `You can dispute until ${r.rejection.disputeUntil} (${plural(left, 'day')} left).`
        : `The dispute window closed on ${r.rejection.disputeUntil}.`,
    );
  }
  if (r.dispute && claim.status === 'Disputed') {
    const over = -daysUntil(r.dispute.dueDate, now);
    lines.push(
      `Disputed by ${userText(r.dispute.by.name, 100)}: ${userText(r.dispute.reason, PREVIEW)} · re-review due ${r.dispute.dueDate}${over > 0 ? ` — ⚠ OVERDUE by ${plural(over, 'day')}` : ''}`,
    );
  }
  if (r.payment && claim.status === 'Paid')
    lines.push(`Paid on ${r.payment.date} · reference ${userText(r.payment.reference, 200)}`);
  return lines;
}
