/**
 * Money is an integer number of minor units (cents) plus an ISO 4217 currency code.
 * Floating point never touches an amount.
 */
export interface Money {
  readonly minor: number;
  readonly currency: string;
}

const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX', 'XAF', 'XOF', 'PYG'] as const);

export function isCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code);
}

export function minorDigits(currency: string): number {
  return ZERO_DECIMAL.has(currency as never) ? 0 : 2;
}

/**
 * Parses a user-typed amount ("1,234.50", "1234.5", "1234") into minor units.
 * Returns undefined for anything that is not a plain non-negative decimal with at most the
 * currency's number of decimals.
 */
export function parseAmount(text: string, currency: string): number | undefined {
  const cleaned = text.trim().replace(/[,\s_]/g, '');
  const digits = minorDigits(currency);
  const re = digits === 0 ? /^(\d{1,13})$/ : new RegExp(`^(\\d{1,13})(?:\\.(\\d{1,${digits}}))?$`);
  const m = re.exec(cleaned);
  if (!m) return undefined;
  const whole = Number(m[1]);
  const frac = digits === 0 ? 0 : Number((m[2] ?? '').padEnd(digits, '0'));
  const minor = whole * 10 ** digits + frac;
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** Formatters are built once (toLocaleString builds one per call, which is slow on hot paths). */
const FORMAT: Readonly<Record<number, Intl.NumberFormat>> = {
  0: new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 }),
  2: new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};

export function formatMoney(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  return `${currency} ${FORMAT[digits]!.format(minor / 10 ** digits)}`;
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** floor(minor * percent / 100), in integers. */
export function percentOf(minor: number, percent: number): number {
  return Math.floor((minor * percent) / 100);
}

/** Converts whole currency units (e.g. USD 18,750) to minor units of that currency. */
export function wholeUnits(units: number, currency: string): number {
  return units * 10 ** minorDigits(currency);
}
