import {
  formatMoney,
  isCurrency,
  minorDigits,
  parseAmount,
  parseCount,
  percentOf,
  wholeUnits,
} from '../../src/domain/money';

describe('parseAmount', () => {
  it.each<[string, string, number]>([
    ['1,234.50', 'USD', 123_450],
    ['1234.5', 'USD', 123_450],
    ['1234.50', 'USD', 123_450],
    ['1234', 'USD', 123_400],
    ['0.05', 'USD', 5],
    ['0.5', 'EUR', 50],
    ['  12 ', 'USD', 1_200],
    ['1 234.00', 'EUR', 123_400],
    ['1_000', 'USD', 100_000],
    ['0', 'USD', 0],
    ['9999999999999', 'USD', 999_999_999_999_900],
    ['1234', 'JPY', 1_234],
    ['1,000,000', 'JPY', 1_000_000],
    ['50', 'KRW', 50],
    ['12,500', 'USD', 1_250_000],
    ['1,234,567.89', 'USD', 123_456_789],
  ])('when "%s" is typed in %s then it is %i minor units', (text, currency, minor) => {
    const parsed = parseAmount(text, currency);
    expect(parsed).toBe(minor);
    expect(Number.isSafeInteger(parsed)).toBe(true);
  });

  it.each<[string, string]>([
    ['-1', 'USD'],
    ['1.234', 'USD'],
    ['abc', 'USD'],
    ['1e5', 'USD'],
    ['', 'USD'],
    ['   ', 'USD'],
    ['.5', 'USD'],
    ['1.', 'USD'],
    ['+1', 'USD'],
    ['1.2.3', 'USD'],
    ['$100', 'USD'],
    ['0x10', 'USD'],
    ['Infinity', 'USD'],
    ['NaN', 'USD'],
    ['12.5', 'JPY'],
    ['12.', 'JPY'],
    ['99999999999999', 'USD'],
    ['9007199254740993', 'JPY'],
    ['1'.repeat(40), 'USD'],
    ['12,50', 'EUR'],
    ['12,00', 'USD'],
    ['1,2,3', 'USD'],
    ['1 250,50', 'EUR'],
    ['1,000.000', 'USD'],
    ['1234,567', 'USD'],
    ['1,000 000', 'USD'],
    // A decimal comma is not a thousands separator: refused, never read as 100 times the amount.
    ['12,50', 'USD'],
    ['1,5', 'EUR'],
    ['1234,50', 'EUR'],
    ['1.234,50', 'EUR'],
    ['12 50', 'USD'],
    ['1,2345', 'USD'],
    [',100', 'USD'],
  ])('when "%s" is typed in %s then it is rejected', (text, currency) => {
    expect(parseAmount(text, currency)).toBeUndefined();
  });
});

describe('minorDigits and wholeUnits', () => {
  it.each<[string, number]>([
    ['USD', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KRW', 0],
  ])('when the currency is %s then it has %i decimals', (currency, digits) => {
    expect(minorDigits(currency)).toBe(digits);
  });

  it('when converting whole units then the result is in the currency minor units', () => {
    expect(wholeUnits(18_750, 'USD')).toBe(1_875_000);
    expect(wholeUnits(3_000, 'JPY')).toBe(3_000);
  });
});

describe('formatMoney', () => {
  it.each<[number, string, string]>([
    [123_450, 'USD', 'USD 1,234.50'],
    [0, 'USD', 'USD 0.00'],
    [5, 'USD', 'USD 0.05'],
    [100_000_000, 'EUR', 'EUR 1,000,000.00'],
    [1_234, 'JPY', 'JPY 1,234'],
    [999_999_999_999_900, 'USD', 'USD 9,999,999,999,999.00'],
  ])('when %i minor units of %s are shown then they read "%s"', (minor, currency, text) => {
    expect(formatMoney(minor, currency)).toBe(text);
  });

  it.each<[string, string]>([
    ['1,234.50', 'USD'],
    ['7', 'EUR'],
    ['1,000,000', 'JPY'],
  ])('when "%s" %s is parsed and formatted then the amount survives the round trip', (text, currency) => {
    const minor = parseAmount(text, currency)!;
    expect(parseAmount(formatMoney(minor, currency).slice(4), currency)).toBe(minor);
  });
});

describe('percentOf', () => {
  it.each<[number, number, number]>([
    [1_000_000, 25, 250_000],
    [1_000_000, 100, 1_000_000],
    [999, 10, 99],
    [1, 50, 0],
    [0, 50, 0],
    [333_333, 25, 83_333],
    [900_719_925_474_099, 10, 90_071_992_547_409],
  ])('when taking %i × %i%% then the result is %i (floored, integer)', (minor, percent, result) => {
    const value = percentOf(minor, percent);
    expect(value).toBe(result);
    expect(Number.isInteger(value)).toBe(true);
  });
});

describe('isCurrency', () => {
  it.each<[string, boolean]>([
    ['USD', true],
    ['EUR', true],
    ['JPY', true],
    ['GBP', true],
    ['usd', false],
    ['US', false],
    ['USDD', false],
    ['', false],
    ['ABC', false],
    ['12$', false],
  ])('when the code is "%s" then isCurrency is %s', (code, ok) => {
    expect(isCurrency(code)).toBe(ok);
  });
});

describe('parseCount', () => {
  it.each([
    ['1400', 1400],
    ['1,400', 1400],
    ['1 400', 1400],
    [' 25,000 ', 25000],
    ['0', 0],
  ])('when "%s" is typed then it is %d', (text, count) => {
    expect(parseCount(text)).toBe(count);
  });

  it.each([['2,5'], ['1,2,3'], ['14,00'], ['1.5'], ['-3'], ['1e3'], [''], ['1,000 000'], ['1'.repeat(13)]])(
    'when "%s" is typed then it is refused',
    (text) => {
      expect(parseCount(text)).toBeUndefined();
    },
  );
});
