import { parse } from 'csv-parse/sync';
import { ANN } from '../support/activities';
import { cardText } from '../support/app';
import { anOrganisation, type Organisation, useBot } from '../support/scene';

/** Issue 11, point 10: text a person typed never reaches a spreadsheet as a formula. */
describe('CSV export neutralises formulas', () => {
  const bot = useBot();

  /** A claim of its own, approved and marked paid by the admin with `reference` as its payment reference. */
  async function aPaidClaim(org: Organisation, reference: string): Promise<string> {
    const claim = await org.approvedClaim();
    const now = await org.current(claim.claimId, ANN);
    const paid = await org.press(
      'claim.pay',
      { claimId: claim.claimId, version: now.version, date: '2026-10-01', reference },
      ANN,
    );
    if (!cardText(paid.body.value).includes('Paid on 2026-10-01'))
      throw new Error(`not paid: ${cardText(paid.body.value).slice(0, 400)}`);
    return claim.number;
  }

  /** `export` in the admin's 1:1 chat (the link is the answer there), then the served CSV, one record per claim number. */
  async function exported(org: Organisation): Promise<Map<string, Record<string, string>>> {
    const { card } = await org.say('export', ANN, org.personal(ANN));
    const url = (card?.actions as Array<{ url?: string }> | undefined)?.[0]?.url;
    if (!url?.includes('/exports/')) throw new Error(`no export link was sent: ${cardText(card).slice(0, 300)}`);
    const res = await fetch(url.replace(/^https?:\/\/[^/]+/, bot.app.url));
    expect(res.status).toBe(200);
    const rows = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    return new Map(rows.map((r) => [r.number!, r]));
  }

  it.each([
    ['=HYPERLINK("https://evil.example","Pay here")'],
    ["+1+cmd|' /C calc'!A0"],
    ['-2+3'],
    ["@SUM(1+1)*cmd|' /C calc'!A0"],
    ['\t=1+1'],
    ['\r=1+1'],
    ['  =1+1'],
    ['＝1+1'],
  ])(
    'when a payment reference is %j then its cell starts with a quote and reads as text, and the amounts stay numbers',
    async (reference) => {
      const org = await anOrganisation(bot);
      const number = await aPaidClaim(org, reference);
      const row = (await exported(org)).get(number)!;
      // The pay form trims what the admin typed; a formula after leading white space that reaches the
      // store some other way is neutralised too (csv-cell.test.ts).
      expect(row.payment_reference).toBe(`'${reference.trim()}`);
      expect(row.status).toBe('Paid');
      expect(row.claimed).toBe('1200.50');
      expect(row.approved).toBe('1200.50');
      expect(row.program).toBe('ADD-PC');
    },
  );
});
