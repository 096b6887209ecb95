import { claimDeadline, deadlinePassed, parsePeriod } from '../../src/domain/period';
import { suggestedPeriod } from '../../scripts/lib/suggested-period';

describe('npm run dev banner: the usage period it suggests', () => {
  it.each<[string, string]>([
    ['2026-01-10T12:00:00Z', '2025-Q4'], // Q4 2025 ended 31 Dec: its deadline is 14 Feb
    ['2026-02-14T23:59:00Z', '2025-Q4'], // the deadline day itself still counts
    ['2026-02-15T00:00:00Z', '2026-Q1'], // a day later it has passed: the running quarter
    ['2026-07-01T00:00:00Z', '2026-Q2'],
    ['2026-09-30T23:59:59Z', '2026-Q3'],
    ['2026-11-25T09:00:00Z', '2026-Q4'],
  ])('when today is %s then it suggests %s', (now, period) => {
    expect(suggestedPeriod(new Date(now))).toBe(period);
  });

  it('when run on any day of a year then the suggested period parses and its claim deadline has not passed', () => {
    for (let day = 0; day < 366 * 2; day++) {
      const now = new Date(Date.UTC(2027, 0, 1) + day * 86_400_000 + 13 * 3_600_000);
      const period = parsePeriod(suggestedPeriod(now));
      expect(period).toBeDefined();
      expect(deadlinePassed(claimDeadline(period!), now)).toBe(false);
    }
  });
});
