/**
 * Breaking the claim lifecycle and the money rules the way real people do: the same press at the
 * same moment from two people, stale cards, odd amounts, late presses. Each test arranges its own
 * organisation and claims over the real HTTP path, and checks what people see (cards, History, the
 * budget and the overview) and that a refused change changed nothing.
 */
import { ANN, BOB } from '../support/activities';
import { findAction } from '../support/app';
import { anOrganisation, readable, refOf, RITA, UMA, useBot, type Organisation } from '../support/scene';

async function budgetOf(org: Organisation, program = 'ADD-PC', period = '2026-Q3'): Promise<string> {
  return readable((await org.say(`budget ${program} ${period}`, BOB)).card);
}

async function historyOf(org: Organisation, claimId: string): Promise<string> {
  const pages: string[] = [];
  for (let page = 0; page < 5; page++)
    pages.push(readable((await org.press('claim.history', { claimId, page }, BOB)).body.value));
  return pages.join('\n');
}

async function stored(org: Organisation, claimId: string) {
  return org.bot.app.db.collection('claims').findOne({ _id: claimId as never });
}

describe('hunting the claim lifecycle and money rules', () => {
  const bot = useBot();

  it('when two partners press Submit on the same card at the same moment then one submit wins and the funds stay held', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '3000']] });
    const ready = [
      await org.readyClaim({ amount: '1000' }),
      await org.readyClaim({ amount: '1000' }),
      await org.readyClaim({ amount: '1000' }),
    ];
    const results = await Promise.all(
      ready.flatMap((c) => [
        org.press('claim.submit', { claimId: c.claimId, version: c.version }, BOB),
        org.press('claim.submit', { claimId: c.claimId, version: c.version }, UMA),
      ]),
    );
    const texts = results.map((r) => readable(r.body.value));
    expect(texts.filter((t) => t.includes('Submitted for review'))).toHaveLength(3);
    expect(texts.filter((t) => t.includes('changed while you were looking'))).toHaveLength(3);
    expect(await budgetOf(org)).toMatch(
      /Approved: USD 0\.00\nPending \(submitted, in review, disputed\): USD 3,000\.00\nRemaining: USD 0\.00/,
    );
    // The budget is spent: a fourth claim cannot take funds that three submitted claims hold.
    const fourth = await org.readyClaim({ amount: '1000' });
    expect(readable((await org.submit(fourth)).body.value)).toMatch(/Available USD 0\.00 of USD 3,000\.00 earned/);
    for (const c of ready) expect((await historyOf(org, c.claimId)).match(/submitted the claim/g)).toHaveLength(1);
  });

  it('when two partners dispute the same rejection at the same moment then one dispute wins and the claim holds its funds', async () => {
    const org = await anOrganisation(bot, { funds: [['ADD-PC', '2026-Q3', '5000']] });
    const claims = [await org.rejectedClaim({ amount: '1000' }), await org.rejectedClaim({ amount: '1000' })];
    const refs = await Promise.all(claims.map((c) => org.current(c.claimId)));
    const results = await Promise.all(
      refs.flatMap((c) => [
        org.press('claim.dispute', { claimId: c.claimId, version: c.version, reason: 'Logo is on page 3.' }, BOB),
        org.press('claim.dispute', { claimId: c.claimId, version: c.version, reason: 'See page 3.' }, UMA),
      ]),
    );
    const texts = results.map((r) => readable(r.body.value));
    expect(texts.filter((t) => /Dispute filed/.test(t))).toHaveLength(2);
    expect(await budgetOf(org)).toMatch(
      /Pending \(submitted, in review, disputed\): USD 2,000\.00\nRemaining: USD 3,000\.00/,
    );
  });
});
