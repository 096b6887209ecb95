import { FILES, pageText, postForm } from '../support/files';
import { anOrganisation, useBot } from '../support/scene';
import { documentsOf, INVOICE, invoiceLink } from '../support/security';

/** Issue 11, point 15: the upload page counts characters, never bytes, for its length limits. */
describe('upload page limits count characters', () => {
  const bot = useBot();

  /** A claim of its own, and an invoice with this note through Add document and the upload page. */
  async function uploadWithNote(note: string) {
    const org = await anOrganisation(bot, { reviewers: false });
    const { claimId } = await org.newClaim();
    const link = await invoiceLink(org, claimId);
    const res = await postForm(link, { ...INVOICE, note }, { filename: 'invoice.pdf', data: FILES.pdf() });
    return { res, docs: await documentsOf(bot, claimId) };
  }

  it('when a 1,500-character Japanese note (4,500 bytes of UTF-8) is sent then it is accepted as written', async () => {
    const note = '請求書の内容を確認しました。'.repeat(200).slice(0, 1500);
    expect(Buffer.byteLength(note)).toBe(4500);
    const { res, docs } = await uploadWithNote(note);
    expect(res.status).toBe(200);
    expect(docs).toEqual([expect.objectContaining({ kind: 'invoice', note })]);
  });

  it('when a note has 2,000 characters that take 4 bytes each (and 2 UTF-16 units) then it is accepted', async () => {
    const note = '𠮷'.repeat(2000);
    expect(Buffer.byteLength(note)).toBe(8000);
    expect(note.length).toBe(4000);
    const { res, docs } = await uploadWithNote(note);
    expect(res.status).toBe(200);
    expect(docs).toEqual([expect.objectContaining({ kind: 'invoice', note })]);
  });

  it('when the browser sends the line breaks of a 2,000-character note as CRLF then it still counts 2,000 characters', async () => {
    const note = `${'あ'.repeat(99)}\n`.repeat(20);
    expect([...note].length).toBe(2000);
    const { res, docs } = await uploadWithNote(note.replace(/\n/g, '\r\n'));
    expect(res.status).toBe(200);
    expect(docs).toEqual([expect.objectContaining({ kind: 'invoice', note: note.trim() })]);
  });

  it('when a note has 2,001 characters then the page names the limit in characters and nothing is stored', async () => {
    const { res, docs } = await uploadWithNote('あ'.repeat(2001));
    expect(res.status).toBe(400);
    expect(pageText(res.html)).toMatch(/at most 2000 characters/);
    expect(docs).toEqual([]);
  });
});
