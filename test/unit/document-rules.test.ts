import { Readable } from 'node:stream';
import type { Verdict } from '../../src/domain/claim';
import { keepUntil, validateDetails, type DetailsInput } from '../../src/domain/document';
import { feedbackAfterChange } from '../../src/domain/document.service';
import { DomainError } from '../../src/domain/errors';
import { checkFileName, decideType } from '../../src/domain/file-rules';
import { hashToken, looksLikeToken, newToken, requestState, type UploadRequest } from '../../src/domain/upload-request';
import { StreamingFileChecker } from '../../src/store/file-check';
import { aClaim, alice, bob } from '../support/domain-factories';
import { FILES, sha256 } from '../support/files';

const NOW = new Date('2026-10-01T09:00:00Z');
// Print advertising, 2026-Q3 (2026-07-01 – 2026-09-30), USD; its activity asks for reach.
const claim = aClaim();

describe('document details', () => {
  it.each<[string, DetailsInput, Record<string, RegExp>]>([
    [
      'an invoice without anything',
      { kind: 'invoice' },
      {
        vendor: /Enter the vendor/,
        invoiceNumber: /Enter the invoice number/,
        invoiceDate: /Enter the invoice date/,
        amount: /Enter the amount/,
      },
    ],
    [
      'an invoice dated tomorrow with a bad amount',
      {
        kind: 'invoice',
        vendor: 'PrintCo',
        invoiceNumber: '4411',
        invoiceDate: '2026-10-02',
        amount: '12.345',
        currency: 'USD',
      },
      { invoiceDate: /can't be in the future/, amount: /at most 2 decimals/ },
    ],
    [
      'an invoice in a made-up currency',
      {
        kind: 'invoice',
        vendor: 'PrintCo',
        invoiceNumber: '4411',
        invoiceDate: '2026-09-02',
        amount: '10',
        currency: 'XYZ',
      },
      { currency: /Choose a currency/ },
    ],
    [
      'a CSR of zero',
      { kind: 'csr', performedBy: 'Design team', basis: '10 h × 50', amount: '0' },
      { amount: /more than zero/ },
    ],
    [
      'a PoE item the activity does not ask for, outside the activity dates, without reach',
      { kind: 'poe', poeKey: 'booth-photo', executionDate: '2026-10-01', amount: '0' },
      {
        poeKey: /does not ask for that proof/,
        executionDate: /inside the activity dates \(2026-07-01 – 2026-09-30\)/,
        reach: /Enter the estimated impressions/,
      },
    ],
    [
      'a PoE item with reach that is not a number',
      { kind: 'poe', poeKey: 'final-ad', executionDate: '2026-08-01', amount: '0', reach: 'lots' },
      { reach: /whole number/ },
    ],
    ['no kind', {}, { kind: /Choose what kind/ }],
    ['a note that is too long', { kind: 'other', note: 'x'.repeat(2001) }, { note: /at most 2000/ }],
  ])('when %s then each bad field gets its own message', (_, input, expected) => {
    const r = validateDetails(claim, input, NOW);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    for (const [field, message] of Object.entries(expected))
      expect(r.errors[field as keyof typeof r.errors]).toMatch(message);
    expect(Object.keys(r.errors).sort()).toEqual(Object.keys(expected).sort());
  });

  it('when an invoice in another currency is complete then it keeps its own amount and states the claim-currency amount', () => {
    const input = {
      kind: 'invoice',
      vendor: ' PrintCo ',
      invoiceNumber: '4411',
      invoiceDate: '2026-09-02',
      amount: '1,200.50',
      currency: 'eur',
      note: ' Final ',
    };
    expect(validateDetails(claim, input, NOW)).toEqual({
      ok: false,
      errors: { convertedAmount: 'The invoice is in EUR: enter its amount in USD as well.' },
    });
    const r = validateDetails(claim, { ...input, convertedAmount: '1,301.25' }, NOW);
    expect(r).toEqual({
      ok: true,
      spec: {
        kind: 'invoice',
        amountMinor: 120050,
        currency: 'EUR',
        convertedMinor: 130125,
        details: { vendor: 'PrintCo', invoiceNumber: '4411', invoiceDate: '2026-09-02' },
        note: 'Final',
      },
    });
    expect(validateDetails(claim, { ...input, convertedAmount: 'lots' }, NOW)).toMatchObject({
      ok: false,
      errors: { convertedAmount: expect.stringMatching(/USD amount/) },
    });
  });

  it('when an invoice is in the claim currency then no converted amount is asked for', () => {
    const r = validateDetails(
      claim,
      {
        kind: 'invoice',
        vendor: 'PrintCo',
        invoiceNumber: '1',
        invoiceDate: '2026-09-02',
        amount: '10',
        currency: 'USD',
      },
      NOW,
    );
    expect(r.ok && r.spec.convertedMinor).toBe(undefined);
  });

  it('when a PoE item is complete then it carries its item, date, reach and the claim currency', () => {
    const r = validateDetails(
      claim,
      { kind: 'poe', poeKey: 'final-ad', executionDate: '2026-07-01', amount: '0', reach: '25,000' },
      NOW,
    );
    expect(r.ok && r.spec).toEqual({
      kind: 'poe',
      poeKey: 'final-ad',
      amountMinor: 0,
      currency: 'USD',
      details: { executionDate: '2026-07-01', reach: 25000 },
      note: '',
    });
  });

  it('when the activity does not ask for reach then a PoE item needs none', () => {
    const seminar = aClaim({ activityCode: 'customer-seminars' });
    expect(
      validateDetails(seminar, { kind: 'poe', poeKey: 'event-photos', executionDate: '2026-09-30', amount: '100' }, NOW)
        .ok,
    ).toBe(true);
  });

  it.each<[string, Verdict | undefined, string | undefined, Verdict | undefined]>([
    ['a needs-change item gets a new version', 'needsChange', 'final-ad', 'changed'],
    ['an accepted item gets a new version', 'accepted', 'final-ad', undefined],
    ['an item without feedback gets a version', undefined, 'final-ad', undefined],
    ['a document that is no PoE item arrives', 'needsChange', undefined, undefined],
  ])('when %s then its feedback becomes %s', (_label, before, poeKey, after) => {
    const by = { id: '29:bob', name: 'Bob' };
    const review = before
      ? { feedback: { 'final-ad': { verdict: before, comment: 'Logo missing', by, at: NOW } } }
      : {};
    const next = feedbackAfterChange(review, poeKey, by, NOW);
    expect(next?.feedback?.['final-ad']?.verdict).toBe(after);
    if (after)
      expect(next?.feedback?.['final-ad']).toMatchObject({ comment: 'Logo missing', changedBy: by, changedAt: NOW });
  });
});

describe('file names and types', () => {
  it.each([
    ['../../x', /looks like a path/],
    ['..\\evil.pdf', /looks like a path/],
    ['reports/q3.pdf', /looks like a path/],
    ['..', /looks like a path/],
    ['', /has no name/],
    ['bad\u0000name.pdf', /control characters/],
    ['x'.repeat(256), /longer than 255/],
  ])('when a file is named %j then it is refused: %s', (name, message) => {
    const r = checkFileName(name);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('when a file has a plain name then its extension is normalised', () => {
    expect(checkFileName(' Booth Photo.JPEG ')).toEqual({ ok: true, name: 'Booth Photo.JPEG', ext: 'jpg' });
  });

  it.each([
    [{ ext: 'pdf', mime: 'application/pdf' }, 'pdf', true],
    [{ ext: 'zip', mime: 'application/zip' }, 'docx', true],
    [{ ext: 'png', mime: 'image/png' }, '', true],
    [undefined, 'csv', true],
    [undefined, 'txt', true],
    [{ ext: 'png', mime: 'image/png' }, 'pdf', false],
    [{ ext: 'exe', mime: 'application/x-msdownload' }, 'pdf', false],
    [{ ext: 'exe', mime: 'application/x-msdownload' }, 'exe', false],
    [undefined, 'bin', false],
    [undefined, '', false],
  ])('when content is %j and the name says .%s then accepted is %s', (detected, ext, ok) => {
    expect(decideType(detected, ext, `file.${ext}`).ok).toBe(ok);
  });
});

describe('streaming file check (magic bytes with file-type)', () => {
  const checker = new StreamingFileChecker();
  async function run(data: Buffer, name: string, maxBytes = 1024 * 1024, chunk = 1000) {
    const parts: Buffer[] = [];
    for (let i = 0; i < data.length; i += chunk) parts.push(data.subarray(i, i + chunk));
    const dot = name.lastIndexOf('.');
    const check = checker.check(
      Readable.from(parts),
      name,
      dot >= 0
        ? name
            .slice(dot + 1)
            .toLowerCase()
            .replace('jpeg', 'jpg')
        : '',
      maxBytes,
    );
    const out: Buffer[] = [];
    for await (const c of check.stream) out.push(c as Buffer);
    return { out: Buffer.concat(out), facts: check.facts() };
  }
  async function rejection(data: Buffer, name: string, maxBytes?: number): Promise<DomainError> {
    try {
      await run(data, name, maxBytes);
    } catch (err) {
      if (err instanceof DomainError) return err;
      throw err;
    }
    throw new Error('accepted');
  }

  it.each([
    ['invoice.pdf', FILES.pdf(), 'application/pdf'],
    ['booth.png', FILES.png(), 'image/png'],
    ['booth.jpeg', FILES.jpg(), 'image/jpeg'],
    ['ad.gif', FILES.gif(), 'image/gif'],
    ['ad.webp', FILES.webp(), 'image/webp'],
    ['statement.docx', FILES.docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['attendees.xlsx', FILES.xlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['deck.pptx', FILES.pptx(), 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ['photos.zip', FILES.zip(), 'application/zip'],
    ['attendees.csv', FILES.csv(), 'text/csv'],
    ['agenda.txt', FILES.txt(), 'text/plain'],
  ])('when %s streams through then it passes unchanged, with its type, size and sha256', async (name, data, mime) => {
    const { out, facts } = await run(data, name, 1024 * 1024, 7);
    expect(out.equals(data)).toBe(true);
    expect(facts).toEqual({ size: data.length, sha256: sha256(data), type: expect.objectContaining({ mime }) });
  });

  it('when a large text file streams through then every chunk is checked and passed on', async () => {
    const data = Buffer.from('ä,b,c\n'.repeat(50_000));
    const { out, facts } = await run(data, 'big.csv', 10 * 1024 * 1024, 4093); // chunks split multi-byte characters
    expect(out.length).toBe(data.length);
    expect(facts.type.ext).toBe('csv');
  });

  it.each([
    ['a PNG named .pdf', FILES.png(), 'invoice.pdf', /named like a PDF, but its content is a PNG image/],
    ['a Windows program named .pdf', FILES.exe(), 'invoice.pdf', /\.exe file, which claims don't accept/],
    ['random bytes named .bin', FILES.random(), 'data.bin', /can't tell what kind of file/],
    [
      'binary named .csv',
      Buffer.concat([Buffer.from('a,b\n'), Buffer.from([0xff, 0xfe, 0x00, 0x01])]),
      'list.csv',
      /not plain UTF-8 text/,
    ],
    ['text with a NUL byte named .txt', Buffer.from('agenda\u0000more'), 'agenda.txt', /not plain UTF-8 text/],
    ['a CSV cut in the middle of a character', Buffer.from([0x61, 0x2c, 0xc3]), 'cut.csv', /not plain UTF-8 text/],
    ['an empty file', Buffer.alloc(0), 'empty.pdf', /is empty \(0 bytes\)/],
  ])('when %s streams through then it is refused', async (_, data, name, message) => {
    const err = await rejection(data, name);
    expect(err.code).toBe('UPLOAD.REJECTED');
    expect(err.userMessage).toMatch(message);
  });

  it('when a file is one byte over the limit then it is refused as too large', async () => {
    const err = await rejection(Buffer.concat([FILES.pdf(), Buffer.alloc(2000)]), 'big.pdf', 1000);
    expect(err.code).toBe('UPLOAD.TOO_LARGE');
    expect(err.userMessage).toMatch(/larger than the 1000 bytes limit/);
  });
});

describe('upload links and request state', () => {
  it('when a link is made then it has 256 random bits, URL-safe, and only its hash is kept', () => {
    const a = newToken();
    const b = newToken();
    expect(a).not.toBe(b);
    expect(looksLikeToken(a)).toBe(true);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toContain(a);
    for (const forged of ['', 'abc', `${a}x`, a.replace(/.$/, '!'), '../../etc/passwd'])
      expect(looksLikeToken(forged)).toBe(false);
  });

  it.each([
    ['2026-10-01', [], 'open'],
    ['2026-09-30', [], 'overdue'],
    ['2026-09-30', ['r1'], 'done'],
  ] as const)('when due %s and fulfilled %j then the request is %s', (due, fulfilled, state) => {
    const request: UploadRequest = {
      id: 'r1',
      tenantId: 't',
      claimId: 'c',
      claimNumber: 'CLM-1',
      code: 'r1r1r1',
      requester: alice,
      assignee: bob,
      need: { kind: 'invoice' },
      text: '',
      due,
      createdAt: NOW,
    };
    expect(requestState(request, { fulfilled }, NOW)).toBe(state);
  });
});

describe('keepUntil (24 months from the activity date)', () => {
  const q = (end: string) => ({ period: { end } }) as Parameters<typeof keepUntil>[1];
  it.each<[string, string | undefined, string]>([
    ['2026-09-30', undefined, '2028-09-30'],
    ['2026-09-30', '2026-09-12', '2028-09-30'],
    ['2026-09-30', '2026-10-20', '2028-10-20'],
    ['2028-02-29', undefined, '2030-02-28'],
    ['2026-12-31', undefined, '2028-12-31'],
  ])('when the period ends %s and the execution date is %s then the file is kept until %s', (end, executed, until) => {
    expect(keepUntil({ details: executed ? { executionDate: executed } : undefined }, q(end))).toBe(until);
  });
});
