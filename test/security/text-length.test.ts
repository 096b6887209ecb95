import { charLength, maxBytesFor, maxUnitsFor } from '../../src/domain/text-length';

describe('how limits count characters (code points)', () => {
  it.each([
    ['', 0],
    ['invoice', 7],
    ['請求書', 3], // 3 bytes each in UTF-8, 1 UTF-16 unit each
    ['𠮷野家', 3], // 𠮷: 4 bytes, 2 UTF-16 units
    ['🧾🧾', 2],
    ['Zürich', 6],
  ])('when the text is %j then it has %i characters, and the byte and unit bounds hold it', (text, chars) => {
    expect(charLength(text)).toBe(chars);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(maxBytesFor(chars));
    expect(text.length).toBeLessThanOrEqual(maxUnitsFor(chars));
  });
});
