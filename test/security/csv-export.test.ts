import { parse } from 'csv-parse/sync';
import { ANN } from '../support/activities';
import { TestBot } from '../support/app';
import { aClaim } from '../support/security';
import { MongoClaimRepository } from '../../src/store/claims.repository';

/** Issue 11, point 10: text a person typed never reaches a spreadsheet as a formula. */
describe('CSV export neutralises formulas', () => {
  const bot = new TestBot();

  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  /** A claim of its own, approved and paid with `reference` as its payment reference (free text an admin types). */
  async function aPaidClaim(reference: string): Promise<string> {
    const { claimId } = await aClaim(bot);
    const repo = new MongoClaimRepository(bot.app.db);
    const claim = (await repo.get(bot.where.tenantId, claimId))!;
    const by = { id: ANN.id, aadObjectId: ANN.aadObjectId, name: ANN.name };
    const at = bot.clock.now();
    await repo.commit(
      claim,
      { type: 'claim.paid', actor: by, at, data: { reference } },
      {
        status: 'Paid',
        approvedMinor: claim.claimedMinor,
        review: {
          approval: { approvedMinor: claim.claimedMinor, reason: '', by, at, paymentCycle: '2026-10' },
          payment: { date: '2026-10-01', reference, by, at },
        },
      },
    );
    return claim.number;
  }

  /** `export` as the admin, then the served CSV, parsed: one record per claim number. */
  async function exported(): Promise<Map<string, Record<string, string>>> {
    const before = bot.connector.calls.length;
    await bot.say('export', ANN);
    const sent = JSON.stringify(bot.connector.calls.slice(before).map((c) => c.body));
    const path = /\/exports\/([\w-]+)/.exec(sent)?.[0];
    if (!path) throw new Error(`no export link was sent: ${sent.slice(0, 300)}`);
    const res = await fetch(`${bot.app.url}${path}`);
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
      const number = await aPaidClaim(reference);
      const row = (await exported()).get(number)!;
      expect(row.payment_reference).toBe(`'${reference}`);
      expect(row.claimed).toBe('1200.50');
      expect(row.approved).toBe('1200.50');
      expect(row.program).toBe('ADD-PC');
    },
  );
});
