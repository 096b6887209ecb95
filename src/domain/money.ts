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
 * currency's number of decimals. A comma, space or underscore only separates thousands: "12,50"
 * (a decimal comma) is refused rather than read as 1250.
 */
export function parseAmount(text: string, currency: string): number | undefined {
  const trimmed = text.trim();
  if (!isGrouped(trimmed.split('.')[0]!)) return undefined;
  const cleaned = trimmed.replace(/[,\s_]/g, '');
  const digits = minorDigits(currency);
  const re = digits === 0 ? /^(\d{1,13})$/ : new RegExp(`^(\\d{1,13})(?:\\.(\\d{1,${digits}}))?$`);
  const m = re.exec(cleaned);
  if (!m) return undefined;
  const whole = Number(m[1]);
  const frac = digits === 0 ? 0 : Number((m[2] ?? '').padEnd(digits, '0'));
  const minor = whole * 10 ** digits + frac;
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** Digits, optionally in groups of three separated by commas, or by spaces or underscores ("12,500"). */
function isGrouped(integer: string): boolean {
  return /^\d+$/.test(integer) || /^\d{1,3}(?:,\d{3})+$/.test(integer) || /^\d{1,3}(?:[\s_]\d{3})+$/.test(integer);
}

/**
 * Parses a typed count (attendees, reach: "1,400", "1 400", "1400") — at most 12 digits. As with
 * amounts, a separator only groups thousands: "2,5" is refused rather than read as 25.
 */
export function parseCount(text: string): number | undefined {
  const trimmed = text.trim();
  if (!isGrouped(trimmed)) return undefined;
  const digits = trimmed.replace(/[,\s_]/g, '');
  return /^\d{1,12}$/.test(digits) ? Number(digits) : undefined;
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

/**
 * An exchange rate an incentives admin sets: 1 USD = `perUsdMicro` / 1,000,000 units of `currency`.
 * Caps given in USD apply in every program currency through it (domain.md, Decisions: Currencies).
 */
export interface UsdRate {
  readonly currency: string;
  readonly perUsdMicro: number;
  /** The day it was set (YYYY-MM-DD), shown wherever a converted cap is shown. */
  readonly setOn: string;
}

export const RATE_MICRO = 1_000_000;

/** "0.92" → 920000; at most 6 decimals, more than zero, at most 1,000,000 per USD. */
export function parseRate(text: string): number | undefined {
  const m = /^(\d{1,7})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!m) return undefined;
  const micro = Number(m[1]) * RATE_MICRO + Number((m[2] ?? '').padEnd(6, '0'));
  return micro > 0 && micro <= 1_000_000 * RATE_MICRO ? micro : undefined;
}

export function formatRate(perUsdMicro: number): string {
  return (perUsdMicro / RATE_MICRO).toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}

/** Whole USD (a cap) in minor units of `currency`, rounded down. */
export function usdToMinor(usdUnits: number, currency: string, rate: UsdRate | undefined): number | undefined {
  if (currency === 'USD') return wholeUnits(usdUnits, 'USD');
  if (!rate || rate.currency !== currency) return undefined;
  const minor =
    (BigInt(usdUnits) * BigInt(rate.perUsdMicro) * 10n ** BigInt(minorDigits(currency))) / BigInt(RATE_MICRO);
  return Number(minor);
}
