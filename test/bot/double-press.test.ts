/**
 * A button pressed twice (a double click, or Teams sending the press again): the second press meets
 * "this claim changed", but the change it asked for was saved by the first — so it says so, and
 * never "nothing was saved". A press that lost to somebody else's change still says it changed.
 */
import { cardText } from '../support/app';
import { BOB } from '../support/activities';
import { anOrganisation, CARL, RITA, UMA, useBot } from '../support/scene';

describe('a button pressed twice', () => {
  const bot = useBot();
  beforeEach(() => bot.clock.set('2026-10-01T09:00:00Z'));

  it('when Submit is pressed twice on the same card then the second press says it is already saved, and History has one submit', async () => {
    const org = await anOrganisation(bot);
    const ready = await org.readyClaim();
    const first = await org.press('claim.submit', { claimId: ready.claimId, version: ready.version }, BOB);
    expect(cardText(first.body.value)).toContain('Submitted for review');
    const second = await org.press('claim.submit', { claimId: ready.claimId, version: ready.version }, BOB);
    const text = cardText(second.body.value);
    expect(text).toContain('Already saved');
    expect(text).not.toMatch(/nothing was saved/i);
    const submits = await bot.app.db
      .collection('claim_events')
      .countDocuments({ claimId: ready.claimId, type: 'claim.submitted' });
    expect(submits).toBe(1);
  });

  it('when Pick up is pressed twice by the same reviewer then the second press says it is already saved', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.submittedClaim();
    const { version } = await org.reviewCard(claim.claimId, RITA);
    await org.press('review.pickUp', { claimId: claim.claimId, version }, RITA, org.reviews);
    const again = await org.press('review.pickUp', { claimId: claim.claimId, version }, RITA, org.reviews);
    expect(cardText(again.body.value)).toContain('Already saved');
  });

  it('when another reviewer picked the claim up first then the late press still says the claim changed and nothing was saved', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.submittedClaim();
    const { version } = await org.reviewCard(claim.claimId, RITA);
    await org.press('review.pickUp', { claimId: claim.claimId, version }, CARL, org.reviews);
    const late = await org.press('review.pickUp', { claimId: claim.claimId, version }, RITA, org.reviews);
    const text = cardText(late.body.value);
    expect(text).toMatch(/changed while you were looking at it, so nothing was saved/);
    expect(text).not.toContain('Already saved');
  });

  it('when a colleague submitted the claim first then the partner pressing Submit on the old card is told it changed', async () => {
    const org = await anOrganisation(bot);
    const ready = await org.readyClaim();
    await org.press('claim.submit', { claimId: ready.claimId, version: ready.version }, UMA);
    const late = await org.press('claim.submit', { claimId: ready.claimId, version: ready.version }, BOB);
    expect(cardText(late.body.value)).toMatch(/nothing was saved/);
    expect(cardText(late.body.value)).not.toContain('Already saved');
  });

  it('when Save metrics is pressed twice with the same values then the second press says they are saved, and History has one change', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    const press = { claimId: claim.claimId, version: claim.version, metric_estimatedReach: '25,000' };
    expect(cardText((await org.press('claim.metrics', press)).body.value)).toContain('Metrics saved');
    const again = cardText((await org.press('claim.metrics', press)).body.value);
    expect(again).toContain('Metrics saved');
    expect(again).not.toMatch(/nothing was saved/);
    const changes = await bot.app.db
      .collection('claim_events')
      .countDocuments({ claimId: claim.claimId, type: 'claim.metrics.updated' });
    expect(changes).toBe(1);
  });

  it('when Save metrics is pressed again on the old card with other values then it says the claim changed and keeps the saved values', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    await org.press('claim.metrics', {
      claimId: claim.claimId,
      version: claim.version,
      metric_estimatedReach: '25,000',
    });
    const other = await org.press('claim.metrics', {
      claimId: claim.claimId,
      version: claim.version,
      metric_estimatedReach: '30,000',
    });
    expect(cardText(other.body.value)).toMatch(/nothing was saved/);
    const stored = await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never });
    expect(stored?.metrics).toMatchObject({ estimatedReach: 25000 });
  });

  it('when Save additional information is pressed twice with the same text then the second press says it is saved', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    const press = { claimId: claim.claimId, version: claim.version, additionalInfo: 'Ran in the Sunday edition' };
    expect(cardText((await org.press('claim.info', press)).body.value)).toContain('Additional information saved');
    const again = cardText((await org.press('claim.info', press)).body.value);
    expect(again).toContain('Additional information saved');
    expect(again).not.toMatch(/nothing was saved/);
    const other = cardText((await org.press('claim.info', { ...press, additionalInfo: 'Something else' })).body.value);
    expect(other).toMatch(/nothing was saved/);
  });
});
