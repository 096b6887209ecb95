/**
 * How the bot counts "characters" in every limit it states: Unicode code points. Not UTF-8 bytes
 * (a Japanese character is 3, an emoji 4) and not UTF-16 units (JavaScript's `length` counts an
 * emoji or a rare CJK character twice), so a limit means the same on the page, on a card and in chat.
 */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The most UTF-16 units a text of `chars` characters can take: a bound zod can check before counting. */
export function maxUnitsFor(chars: number): number {
  return chars * 2;
}

/** The most UTF-8 bytes a text of `chars` characters can take (what byte-counting parsers must allow). */
export function maxBytesFor(chars: number): number {
  return chars * 4;
}

/**
 * The text with every lone surrogate (half of an emoji, e.g. from a cut display name or hostile
 * JSON) replaced by U+FFFD — what the database keeps of it, since BSON stores UTF-8.
 */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
