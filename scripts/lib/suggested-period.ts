import { claimDeadline, deadlinePassed, parsePeriod } from '../../src/domain/period';

/**
 * The usage period the dev banner suggests for `funds` and `new claim`: the quarter that ended last
 * while its claim deadline is still ahead (claims are for work done), else the current quarter —
 * never one whose deadline has passed, which would make every claim in the try-out expire.
 */
export function suggestedPeriod(now: Date): string {
  const year = now.getUTCFullYear();
  const quarter = Math.floor(now.getUTCMonth() / 3) + 1;
  const previous = quarter === 1 ? `${year - 1}-Q4` : `${year}-Q${quarter - 1}`;
  const period = parsePeriod(previous);
  if (period && !deadlinePassed(claimDeadline(period), now)) return previous;
  return `${year}-Q${quarter}`;
}
