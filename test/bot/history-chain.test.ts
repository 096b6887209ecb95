/**
 * Issue 14.5, tamper-evident History: every event carries the hash of its predecessor, and
 * `verify CLM-…` (reviewers and admins) finds the first event that was changed, removed or inserted
 * behind the bot's back — here by writing to the database directly, as an insider could.
 */
import { ANN, BOB } from '../support/activities';
import { COLE, RITA, anOrganisation, useBot } from '../support/scene';

describe('tamper-evident History (issue 14)', () => {
  const bot = useBot();
  const events = () => bot.app.db.collection('claim_events');

  async function aClaimWithHistory() {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    await org.press('claim.comment', {
      claimId: claim.claimId,
      version: claim.version,
      comment: 'Gazette ad ordered.',
    });
    const after = await org.current(claim.claimId);
    await org.press('claim.comment', { claimId: claim.claimId, version: after.version, comment: '名前 '.repeat(300) });
    const now = await org.current(claim.claimId);
    return { org, claim: now };
  }

  it('when nothing was touched then verify says the History verifies, with its number of events, and every event names its predecessor', async () => {
    const { org, claim } = await aClaimWithHistory();
    const reply = await org.say(`verify ${claim.number}`, RITA, org.reviews);
    expect(reply.text).toMatch(
      new RegExp(`^\\*\\*${claim.number}: History verifies\\.\\*\\* ${claim.version} event\\(s\\)`),
    );
    const stored = await events().find({ claimId: claim.claimId }).sort({ seq: 1 }).toArray();
    expect(stored.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(stored[0]!.prevHash).toBeNull();
    expect(stored[1]!.prevHash).toBe(stored[0]!.hash);
    expect(stored[2]!.prevHash).toBe(stored[1]!.hash);
    const doc = await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never });
    expect(doc?.historyHash).toBe(stored[2]!.hash);
  });

  it('when an event is edited in the database then verify names that event as the first broken one', async () => {
    const { org, claim } = await aClaimWithHistory();
    await events().updateOne(
      { claimId: claim.claimId, seq: 2 },
      { $set: { 'data.text': 'Gazette ad ordered and paid.' } },
    );
    const reply = await org.say(`verify ${claim.number}`, ANN, org.reviews);
    expect(reply.text).toBe(
      `**${claim.number}: History does NOT verify** — event 2 is not the one that was recorded (its content or its hash was changed). Treat the History from event 2 on as altered and tell your incentives admin.`,
    );
  });

  it('when an edited event also gets a recomputed-looking hash then the next event still exposes it', async () => {
    const { org, claim } = await aClaimWithHistory();
    await events().updateOne(
      { claimId: claim.claimId, seq: 2 },
      { $set: { hash: 'f'.repeat(64), 'actor.name': 'Someone Else' } },
    );
    expect((await org.say(`verify ${claim.number}`, ANN, org.reviews)).text).toMatch(/does NOT verify\*\* — event 2 /);
  });

  it('when the latest event is deleted then verify says the History stops short of the claim', async () => {
    const { org, claim } = await aClaimWithHistory();
    await events().deleteOne({ claimId: claim.claimId, seq: 3 });
    // The claim document still says version 3: reading it cannot roll forward to an event that is gone.
    const reply = await org.say(`verify ${claim.number}`, RITA, org.reviews);
    expect(reply.text).toMatch(
      /does NOT verify\*\* — the History stops at event 2 but the claim has moved on since: events from 3 on are missing/,
    );
  });

  it('when a middle event is deleted then verify names the missing sequence number', async () => {
    const { org, claim } = await aClaimWithHistory();
    await events().deleteOne({ claimId: claim.claimId, seq: 2 });
    expect((await org.say(`verify ${claim.number}`, RITA, org.reviews)).text).toMatch(/— event 2 is missing\./);
  });

  it('when a partner or a colleague asks to verify then they are told who may, and a stranger claim number is not found', async () => {
    const { org, claim } = await aClaimWithHistory();
    expect((await org.say(`verify ${claim.number}`, BOB)).text).toBe(
      "Only reviewers and incentives admins can verify a claim's History.",
    );
    expect((await org.say(`verify ${claim.number}`, COLE)).text).toBe(
      "Only reviewers and incentives admins can verify a claim's History.",
    );
    expect((await org.say('verify CLM-999999', RITA, org.reviews)).text).toMatch(/CLM-999999/);
    expect((await org.say('verify', RITA, org.reviews)).text).toBe('Usage: `verify CLM-000123`');
  });

  it('when the claim keeps changing after a verify then the chain keeps verifying (each commit extends it)', async () => {
    const { org, claim } = await aClaimWithHistory();
    await org.press('claim.comment', { claimId: claim.claimId, version: claim.version, comment: 'One more.' });
    const submitted = await org.submittedClaim();
    expect((await org.say(`verify ${claim.number}`, RITA, org.reviews)).text).toMatch(/History verifies\.\*\* 4 event/);
    expect((await org.say(`verify ${submitted.number}`, RITA, org.reviews)).text).toMatch(/History verifies\./);
  });
});
