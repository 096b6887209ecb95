/**
 * Issue 14.2, nudge the right person by name: each notice that needs someone carries a Teams
 * mention entity for that person (so Teams notifies them), and the text starts with their name.
 */
import { ANN, BOB } from '../support/activities';
import { COLE, RITA, anOrganisation, useBot, type Organisation } from '../support/scene';
import type { Where } from '../support/activities';

describe('notices @mention the person who has to act (issue 14)', () => {
  const bot = useBot();

  /** The notices posted into `where` since `mark` that mention exactly `person`. */
  function mentioning(org: Organisation, where: Where, mark: number, person: { id: string; name: string }) {
    return org
      .sentTo(where, mark)
      .filter((c) => c.method === 'POST')
      .filter((c) => {
        const ids = ((c.body.entities ?? []) as Array<{ type: string; mentioned?: { id: string } }>)
          .filter((e) => e.type === 'mention')
          .map((e) => e.mentioned?.id);
        return ids.length === 1 && ids[0] === person.id && String(c.body.text).startsWith(`<at>${person.name}</at> `);
      })
      .map((c) => String(c.body.text));
  }

  it('when a reviewer asks for information then the claim thread names the creator', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.inReview();
    const mark = org.mark();
    await org.review('review.requestInfo', claim.claimId, { message: 'Add page 2 of the tear sheet.' });
    expect(mentioning(org, org.partner, mark, BOB)).toEqual([expect.stringMatching(/more information/i)]);
  });

  it('when a colleague is asked for an upload then the thread names them (and their 1:1 chat gets the card)', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    for (const person of [ANN, BOB, COLE]) bot.connector.addMember(person);
    const mark = org.mark();
    const res = await org.press('request.create', {
      claimId: claim.claimId,
      version: claim.version,
      assignee: COLE.aadObjectId,
      need: 'poe:final-ad',
      text: 'The tear sheet, please.',
      due: '2026-10-05',
    });
    expect(JSON.stringify(res.body.value)).toMatch(/They got a card in their chat with me too/);
    expect(mentioning(org, org.partner, mark, COLE)).toEqual([
      expect.stringMatching(/Bob User asked you for .* on CLM-\d{6}, due 2026-10-05\./),
    ]);
  });

  it('when a dispute is overdue then the review channel names the assigned reviewer', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.rejectedClaim();
    const partner = await org.current(claim.claimId);
    await org.press('claim.dispute', { claimId: claim.claimId, version: partner.version, reason: 'Logo on page 3.' });
    await org.review('review.pickUp', claim.claimId);
    bot.clock.set('2026-10-10T09:00:00Z');
    const mark = org.mark();
    await org.say('reminders run', ANN);
    expect(mentioning(org, org.reviews, mark, RITA)).toEqual([expect.stringMatching(/dispute .* is overdue/)]);
  });

  it('when a claim is approved and then paid then the thread names the creator both times', async () => {
    const org = await anOrganisation(bot);
    const mark = org.mark();
    const claim = await org.approvedClaim();
    expect(mentioning(org, org.partner, mark, BOB)).toEqual([expect.stringMatching(/was approved/)]);
    const card = await org.current(claim.claimId);
    const paidMark = org.mark();
    await org.press(
      'claim.pay',
      { claimId: claim.claimId, version: card.version, date: '2026-10-01', reference: 'PAY-7' },
      ANN,
    );
    expect(mentioning(org, org.partner, paidMark, BOB)).toEqual([expect.stringMatching(/paid/i)]);
  });
});
