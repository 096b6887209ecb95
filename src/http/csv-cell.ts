/**
 * A cell a spreadsheet would run as a formula: one that starts with = + - @ (after any leading
 * white space, which Excel and LibreOffice skip), or with a tab, CR, LF or NUL (OWASP "CSV
 * Injection"; ASVS 1.2.10). The full-width forms count too: Japanese and Chinese input methods
 * type them, and Excel accepts ＝ as =.
 */
const FORMULA_START = /^[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n\0]/;

/** What our own numeric columns hold (amounts like 1200.50): never a formula, kept a number. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * The cell as a spreadsheet must read it: formula-like text gets a leading single quote, which
 * spreadsheets take as "this is text" (and hide); everything else is unchanged. RFC 4180 quoting
 * (commas, quotes, line breaks) is the CSV writer's job.
 */
export function safeCell(value: string): string {
  if (PLAIN_NUMBER.test(value)) return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}
