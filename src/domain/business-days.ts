import { addDays, dateToMs } from './period';

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
