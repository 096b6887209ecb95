import { addDays, dateToMs, isoDate } from './period';

/** The date `n` business days (Mon–Fri) after `date` (YYYY-MM-DD, UTC). Public holidays are not known here. */
export function addBusinessDays(date: string, n: number): string {
  let d = date;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    const day = new Date(dateToMs(d)).getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return d;
}

/**
 * domain.md: claims approved before the 14th of a month are paid in that month's payment cycle;
 * later approvals go to the next month's. Returns `YYYY-MM`.
 */
export function paymentCycle(approvedAt: Date): string {
  const y = approvedAt.getUTCFullYear();
  const m = approvedAt.getUTCMonth();
  const cycle = approvedAt.getUTCDate() < 14 ? Date.UTC(y, m, 1) : Date.UTC(y, m + 1, 1);
  return isoDate(cycle).slice(0, 7);
}
