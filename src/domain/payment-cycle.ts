/**
 * domain.md: claims approved before the 14th of a month are paid in that month's payment cycle; our
 * rule fixes the cut-off at 11:59 pm Pacific time on the 13th (daylight saving included). Later
 * approvals go to the next month's cycle.
 */
const PACIFIC = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date (YYYY-MM-DD) in Pacific time at `at`. */
export function pacificDate(at: Date): string {
  const parts = Object.fromEntries(PACIFIC.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The payment cycle (`YYYY-MM`) of a claim approved at `approvedAt`. */
export function paymentCycle(approvedAt: Date): string {
  const local = pacificDate(approvedAt);
  const year = Number(local.slice(0, 4));
  const month = Number(local.slice(5, 7));
  const day = Number(local.slice(8, 10));
  if (day <= 13) return local.slice(0, 7);
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}
