/**
 * The names inside an evidence pack (issue 14.4) come from what people typed: each segment must
 * be a plain, portable file name, and no two entries may collide (not even by case).
 */
import { findActivity } from '../../src/domain/activities';
import type { ClaimDocument, DocumentKind } from '../../src/domain/claim';
import { hasEvidencePack, MAX_SEGMENT_BYTES, packEntries, safeSegment } from '../../src/domain/evidence-pack';
import { STATUSES, type ClaimStatus } from '../../src/domain/status';

let n = 0;
function doc(kind: DocumentKind, fileName: string, details: ClaimDocument['details'] = {}, poeKey?: string) {
  n += 1;
  return {
    id: `d${n}`,
    tenantId: 't',
    claimId: 'c',
    kind,
    name: fileName,
    note: '',
    amountMinor: 100,
    currency: 'USD',
    addedBy: { id: '29:bob', name: 'Bob' },
    addedAt: new Date('2026-09-20T10:00:00Z'),
    details,
    ...(poeKey ? { poeKey } : {}),
    file: {
      blobName: `t/c/${n}`,
      fileName,
      size: 10,
      sha256: 'a'.repeat(64),
      contentType: 'application/pdf',
      ext: 'pdf',
    },
  } satisfies ClaimDocument;
}

describe('a path segment from people’s text', () => {
  it.each([
    ['../../etc/passwd', '_.._etc_passwd'],
    ['..', 'fallback'],
    ['.', 'fallback'],
    ['  ...hidden  ', 'hidden'],
    ['C:\\Windows\\system32', 'C__Windows_system32'],
    ['a/b\\c:d*e?f"g<h>i|j', 'a_b_c_d_e_f_g_h_i_j'],
    ['tab\there\nnew line\r\u0000nul', 'tab here new line nul'],
    ['bell\u0007 esc\u001b[31m', 'bell esc [31m'],
    ['invoice\u202etxt.exe', 'invoicetxt.exe'],
    ['zero\u200bwidth\ufeff', 'zerowidth'],
    ['line\u2028separator', 'line separator'],
    ['trailing dots...', 'trailing dots'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['COM1', '_COM1'],
    ['LPT9.pdf', '_LPT9.pdf'],
    ['CONSOLE', 'CONSOLE'],
    ['Cafe\u0301', 'Café'],
    ['', 'fallback'],
    ['\u0000\u0001\u0002', 'fallback'],
  ])('when it is %j then it becomes %j', (raw, safe) => {
    expect(safeSegment(raw, 'fallback')).toBe(safe);
  });

  it('when it is 2,000 Japanese characters then it is clipped at a character boundary within the byte limit', () => {
    const safe = safeSegment('請求書'.repeat(700).slice(0, 2000), 'x');
    expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
    expect(Buffer.byteLength(safe)).toBeGreaterThan(MAX_SEGMENT_BYTES - 3);
    expect(safe).toMatch(/^[請求書]+$/);
  });

  it('when it has emoji then a surrogate pair is never split', () => {
    const safe = safeSegment('📄'.repeat(100), 'x');
    expect(safe).toBe('📄'.repeat(Math.floor(MAX_SEGMENT_BYTES / 4)));
  });
});

describe('entries of a pack', () => {
  const activity = findActivity('print-advertising');

  it('when documents are named by kind then invoices read number and vendor, proofs sit in their PoE item folder with their own file name', () => {
    const entries = packEntries(
      [
        doc('invoice', 'scan-0001.pdf', { invoiceNumber: 'RG-2026-0917', vendor: 'Riverside Gazette' }),
        doc('poe', 'ad as printed.PDF', {}, 'final-ad'),
        doc('csr', 'hours.pdf', { performedBy: 'Dana Lee' }),
        doc('other', 'photo.pdf', { title: 'Booth photo' }),
        doc('other', 'untitled.pdf'),
      ],
      activity,
    );
    expect(entries.map((e) => e.path)).toEqual([
      'invoices/RG-2026-0917 Riverside Gazette.pdf',
      'proof-of-execution/Copy of the final ad showing the core requirements/ad as printed.pdf',
      'csrs/CSR Dana Lee.pdf',
      'other/Booth photo.pdf',
      'other/untitled.pdf',
    ]);
  });

  it('when two documents would get the same name (also when only the case differs) then the later ones are numbered', () => {
    const entries = packEntries(
      [
        doc('invoice', 'a.pdf', { invoiceNumber: 'INV-1', vendor: 'PrintCo' }),
        doc('invoice', 'b.pdf', { invoiceNumber: 'inv-1', vendor: 'printco' }),
        doc('invoice', 'c.pdf', { invoiceNumber: 'INV-1', vendor: 'PrintCo' }),
        doc('poe', 'x.pdf', {}, 'final-ad'),
        doc('poe', 'X.pdf', {}, 'final-ad'),
      ],
      activity,
    );
    const paths = entries.map((e) => e.path);
    expect(paths.slice(0, 3)).toEqual([
      'invoices/INV-1 PrintCo.pdf',
      'invoices/inv-1 printco (2).pdf',
      'invoices/INV-1 PrintCo (3).pdf',
    ]);
    expect(paths[4]).toMatch(/\/X \(2\)\.pdf$/);
    expect(new Set(paths.map((p) => p.toLowerCase())).size).toBe(paths.length);
  });

  it('when a name is as long as allowed then the number still fits within the limit', () => {
    const vendor = 'V'.repeat(300);
    const paths = packEntries(
      [
        doc('invoice', 'a.pdf', { invoiceNumber: '1', vendor }),
        doc('invoice', 'b.pdf', { invoiceNumber: '1', vendor }),
      ],
      activity,
    ).map((e) => e.path);
    for (const p of paths) expect(Buffer.byteLength(p.split('/')[1]!)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
    expect(paths[1]).toMatch(/ \(2\)\.pdf$/);
  });

  it('when a stored extension is not a plain one then it is left off rather than trusted', () => {
    const odd = doc('other', 'x.pdf', { title: 'Odd' });
    const entries = packEntries([{ ...odd, file: { ...odd.file, ext: 'pdf/../../x' } }], activity);
    expect(entries.map((e) => e.path)).toEqual(['other/Odd']);
  });

  it('when a document has no stored file then it is not an entry', () => {
    const { file: _file, ...withoutFile } = doc('other', 'gone.pdf');
    expect(packEntries([withoutFile], activity)).toEqual([]);
  });
});

describe('which claims have an evidence pack', () => {
  const submitted = new Date('2026-10-01T09:00:00Z');
  it.each(STATUSES.map((s) => [s]))('when a claim that was submitted once is %s', (status: ClaimStatus) => {
    expect(hasEvidencePack({ status, firstSubmittedAt: submitted, submittedAt: submitted })).toBe(status !== 'Editing');
  });

  it.each(STATUSES.map((s) => [s]))('when a claim that was never submitted is %s then it has none', (status) => {
    expect(hasEvidencePack({ status })).toBe(false);
  });
});
