import { addDays, claimDeadline, daysUntil, deadlinePassed, isValidDate, parsePeriod } from '../../src/domain/period';

describe('parsePeriod', () => {
  it.each<[string, string, string, string]>([
    ['2026', '2026', '2026-01-01', '2026-12-31'],
    ['2026-H1', '2026-H1', '2026-01-01', '2026-06-30'],
    ['2026-H2', '2026-H2', '2026-07-01', '2026-12-31'],
    ['2026-Q1', '2026-Q1', '2026-01-01', '2026-03-31'],
    ['2026-Q2', '2026-Q2', '2026-04-01', '2026-06-30'],
    ['2026-Q3', '2026-Q3', '2026-07-01', '2026-09-30'],
    ['2026-Q4', '2026-Q4', '2026-10-01', '2026-12-31'],
    ['2026-01', '2026-01', '2026-01-01', '2026-01-31'],
    ['2026-02', '2026-02', '2026-02-01', '2026-02-28'],
    ['2028-02', '2028-02', '2028-02-01', '2028-02-29'],
    ['2000-02', '2000-02', '2000-02-01', '2000-02-29'],
    ['2100-02', '2100-02', '2100-02-01', '2100-02-28'],
    ['2024-Q1', '2024-Q1', '2024-01-01', '2024-03-31'],
    ['2026-04', '2026-04', '2026-04-01', '2026-04-30'],
    ['2026-12', '2026-12', '2026-12-01', '2026-12-31'],
    ['2026-q3', '2026-Q3', '2026-07-01', '2026-09-30'],
    [' 2026-h2 ', '2026-H2', '2026-07-01', '2026-12-31'],
  ])('when "%s" is given then the period is %s from %s to %s', (input, code, start, end) => {
    expect(parsePeriod(input)).toEqual({ code, start, end });
  });

  it.each([
    '',
    '  ',
    'abc',
    '26-Q3',
    '2026-Q0',
    '2026-Q5',
    '2026-H0',
    '2026-H3',
    '2026-00',
    '2026-13',
    '2026-7',
    '2026/07',
    '2026-Q3x',
    '2026 Q3',
    '1999',
    '2101-Q1',
    '20260',
  ])('when "%s" is given then it is not a usage period', (input) => {
    expect(parsePeriod(input)).toBeUndefined();
  });
});

describe('claimDeadline', () => {
  it.each<[string, string]>([
    ['2026-Q3', '2026-11-14'],
    ['2026-Q4', '2027-02-14'],
    ['2026-12', '2027-02-14'],
    ['2026', '2027-02-14'],
    ['2026-H1', '2026-08-14'],
    ['2028-01', '2028-03-16'],
    ['2027-01', '2027-03-17'],
    ['2026-02', '2026-04-14'],
  ])('when the period is %s then the claim deadline is %s (end + 45 days)', (code, deadline) => {
    expect(claimDeadline(parsePeriod(code)!)).toBe(deadline);
  });

  it('when adding days then month and year boundaries are crossed in UTC', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('daysUntil and deadlinePassed', () => {
  const deadline = '2026-11-14';

  it.each<[string, number, boolean]>([
    ['2026-10-15T12:00:00Z', 30, false],
    ['2026-11-13T00:00:00Z', 1, false],
    ['2026-11-13T23:59:59.999Z', 1, false],
    ['2026-11-14T00:00:00Z', 0, false],
    ['2026-11-14T12:00:00Z', 0, false],
    ['2026-11-14T23:59:59.999Z', 0, false],
    ['2026-11-15T00:00:00Z', -1, true],
    ['2026-11-15T23:59:59Z', -1, true],
    ['2026-12-14T08:00:00Z', -30, true],
  ])('when it is %s then %i day(s) are left and passed is %s', (now, days, passed) => {
    expect(daysUntil(deadline, new Date(now))).toBe(days);
    expect(deadlinePassed(deadline, new Date(now))).toBe(passed);
  });

  it('when the deadline spans a leap day then the count includes Feb 29', () => {
    expect(daysUntil('2028-03-01', new Date('2028-02-28T10:00:00Z'))).toBe(2);
  });
});

describe('isValidDate', () => {
  it.each<[string, boolean]>([
    ['2026-11-14', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-04-31', false],
    // A month or day no calendar has: the predicate must answer false, not throw.
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-02-32', false],
    ['2026-1-01', false],
    ['yesterday', false],
  ])('when the date is "%s" then valid is %s', (date, ok) => {
    expect(isValidDate(date)).toBe(ok);
  });
});
