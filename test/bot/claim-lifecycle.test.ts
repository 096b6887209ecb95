/**
 * Issue 10, dead ends: every claim can be finished. Each test drives the real HTTP path as Teams
 * does, in an organisation of its own, and checks what a person sees (cards, History, notices).
 */
import { ANN, BOB } from '../support/activities';
import { findAction } from '../support/app';
import { CARL, COLE, RITA, anOrganisation, readable, refOf, useBot } from '../support/scene';

const REVIEW_VERBS = ['review.feedback', 'review.requestInfo', 'review.approve', 'review.reject'];

describe('the life of a claim has no dead ends (issue 10)', () => {
  const bot = useBot();

  it('when information is requested after the deadline then the claim can still be resubmitted, the review card judges the first submit, and the response due date is shown and reminded', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.inReview(); // submitted on 2026-10-01, deadline 2026-11-14
    bot.clock.set('2026-11-20T10:00:00Z'); // past the deadline
    const asked = await org.review('review.requestInfo', claim.claimId, { message: 'Add the tear sheet of page 2.' });
    expect(readable(asked.body.value)).toMatch(/response due 2026-12-20/);

    const partner = await org.current(claim.claimId);
    const text = readable(partner.card);
    expect(text).toContain('Respond by');
    expect(text).toContain('2026-12-20 (30 days left)');
    expect(text).toMatch(/First submitted on 2026-10-01/);
    expect(text).not.toMatch(/The deadline passed/);

    bot.clock.set('2026-12-14T10:00:00Z');
    const mark = org.mark();
    await org.say('reminders run', ANN);
    const reminder = org
      .sentTo(org.partner, mark)
      .find((c) => String(c.body.text ?? '').includes('your answer is due in 6 days'));
    expect(reminder).toBeDefined();
    expect((reminder!.body.entities as Array<{ mentioned: { id: string } }>).map((e) => e.mentioned.id)).toContain(
      BOB.id,
    );

    const resubmitted = await org.submit(claim);
    expect(readable(resubmitted.body.value)).toContain('Submitted for review');
    const review = await org.reviewCard(claim.claimId);
    const reviewText = readable(review.card);
    expect(reviewText).toMatch(/Submitted by the deadline \(2026-11-14\)\s*First submitted on 2026-10-01/);
    expect(reviewText).not.toMatch(/✖\s*Submitted by the deadline/);
  });

  it('when a draft passes its deadline then the reminder sweep expires it, History and the thread say so, and it becomes read-only and counted', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    bot.clock.set('2026-11-15T08:00:00Z');
    const mark = org.mark();
    const run = await org.say('reminders run', ANN);
    expect(run.text).toMatch(/1 draft\(s\) past their deadline expired/);
    expect(org.textsTo(org.partner, mark).some((t) => t.includes(`${claim.number} expired`))).toBe(true);

    const card = (await org.current(claim.claimId)).card;
    expect(readable(card)).toContain('Expired');
    for (const verb of ['claim.submit', 'claim.metrics', 'claim.editForm', 'document.form'])
      expect(findAction(card, verb)).toBeUndefined();
    const history = await org.press('claim.history', { claimId: claim.claimId, page: 0 });
    expect(readable(history.body.value)).toMatch(
      /Co-op Claims bot\s*expired the draft: its deadline 2026-11-14 passed/,
    );
    const forced = await org.press('claim.info', {
      claimId: claim.claimId,
      version: refOf(card).version,
      additionalInfo: 'late edit',
    });
    expect(readable(forced.body.value)).toMatch(/This claim is Expired: it can't be changed now/);
    expect(readable((await org.say('overview', ANN)).card)).toMatch(/Expired 1/);
    const again = await org.say('reminders run', ANN);
    expect(again.text).not.toMatch(/expired/);
  });

  it('when a claim has a mistake then it can be edited with the creation checks, a document removed, and the claim withdrawn — all in History', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    await org.addInvoice(claim.claimId, '1200.50');
    const dup = await org.addInvoice(claim.claimId, '1200.50');

    const form = await org.press('claim.editForm', { claimId: claim.claimId, version: dup.version });
    const formJson = JSON.stringify(form.body.value);
    expect(readable(form.body.value)).toContain(`Edit ${claim.number}`);
    expect(formJson).toContain('"value":"1200.50"');
    expect(findAction(form.body.value, 'claim.edit')).toBeDefined();

    const bad = await org.press('claim.edit', {
      claimId: claim.claimId,
      version: dup.version,
      activity: 'print-advertising',
      location: 'US',
      period: '2026-10',
      amount: '-3',
      description: '',
    });
    const badText = readable(bad.body.value);
    expect(badText).toMatch(/quarters/);
    expect(badText).toContain('Describe the activity in a sentence.');
    expect(badText).toMatch(/nothing was changed yet/);

    const edited = await org.press('claim.edit', {
      claimId: claim.claimId,
      version: dup.version,
      activity: 'digital-advertising',
      location: 'DE',
      period: '2026-Q3',
      amount: '2401',
      description: 'LinkedIn campaign',
    });
    expect(readable(edited.body.value)).toContain('Claim updated');
    expect(readable(edited.body.value)).toContain('Digital advertising');
    const same = await org.press('claim.edit', {
      claimId: claim.claimId,
      version: refOf(edited.body.value).version,
      activity: 'digital-advertising',
      location: 'DE',
      period: '2026-Q3',
      amount: '2401',
      description: 'LinkedIn campaign',
    });
    expect(readable(same.body.value)).toMatch(/Nothing changed/);

    const docs = await org.press('document.list', { claimId: claim.claimId, page: 0 });
    const remove = findAction(docs.body.value, 'document.remove');
    expect(remove).toBeDefined();
    const removed = await org.press('document.remove', remove!.data);
    expect(readable(removed.body.value)).toMatch(/Document removed/);
    const stored = await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never });
    expect(stored?.documents).toHaveLength(1);

    const withdrawNoReason = await org.press('claim.withdraw', {
      claimId: claim.claimId,
      version: refOf(removed.body.value).version,
      reason: ' ',
    });
    expect(readable(withdrawNoReason.body.value)).toMatch(/Say why you withdraw the claim/);
    const withdrawn = await org.press('claim.withdraw', {
      claimId: claim.claimId,
      version: refOf(removed.body.value).version,
      reason: 'Duplicate of CLM-000007',
    });
    expect(readable(withdrawn.body.value)).toContain('Withdrawn');
    expect(findAction(withdrawn.body.value, 'claim.submit')).toBeUndefined();

    const history = readable((await org.press('claim.history', { claimId: claim.claimId, page: 0 })).body.value);
    expect(history).toMatch(/withdrew the claim \(Withdrawn\)\s*Duplicate of CLM-000007/);
    expect(history).toMatch(/removed Invoice “invoice\.pdf” \(its file is kept\)/);
    expect(history).toMatch(
      /edited the claim\s*Activity: Print advertising → Digital advertising; Country\/region: United States → Germany; Claimed amount: USD 1,200\.50 → USD 2,401\.00; Description: Quarter-page ad in the regional newspaper → LinkedIn campaign/,
    );
  });

  it('when claims were submitted before a review channel existed then setting it posts their review cards, and `review CLM-…` and the queue open the review card', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const first = await org.submittedClaim();
    const second = await org.submittedClaim({ amount: '300' });
    const mark = org.mark();
    const set = await org.say('review channel here', ANN, org.reviews);
    expect(set.text).toMatch(/I posted the review cards of 2 claim\(s\) that were already waiting/);
    const posted = org.cardsTo(org.reviews, mark).map(readable);
    expect(posted.some((t) => t.includes(`Review · ${first.number}`))).toBe(true);
    expect(posted.some((t) => t.includes(`Review · ${second.number}`))).toBe(true);

    await org.grant('reviewer', [RITA], ANN, org.reviews);
    const review = await org.say(`review ${first.number}`, RITA, org.reviews);
    expect(readable(review.card)).toContain(`Review · ${first.number}`);
    expect(findAction(review.card, 'review.pickUp')).toBeDefined();
    const queue = await org.say('queue', RITA, org.reviews);
    const row = JSON.stringify(queue.card);
    expect(row).toContain('"verb":"review.refresh"');
    expect(row).not.toContain('"verb":"claim.refresh"');
    const colleague = await org.say(`review ${first.number}`, COLE, org.reviews);
    expect(colleague.text).toMatch(/Only reviewers and incentives admins can open review cards/);
  });

  it('when a reviewer comments on a claim then she can still review it', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.submittedClaim();
    const now = await org.current(claim.claimId, RITA);
    const commented = await org.press(
      'claim.comment',
      { claimId: claim.claimId, version: now.version, comment: 'Which page is the ad on?' },
      RITA,
    );
    expect(readable(commented.body.value)).toContain('Comment posted');
    const fromReviewCard = await org.review('review.comment', claim.claimId, { comment: 'Looking at it now.' });
    expect(readable(fromReviewCard.body.value)).toContain('Comment posted');
    const picked = await org.review('review.pickUp', claim.claimId);
    expect(readable(picked.body.value)).toContain('You picked this claim up');
    expect(readable(picked.body.value)).not.toMatch(/contributed/);
  });

  it('when the partner replaces a PoE item marked "needs change" then the next reviewer sees "changed — waiting for review", not the old ✖', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.inReview();
    await org.review('review.feedback', claim.claimId, {
      'verdict_final-ad': 'needsChange',
      'comment_final-ad': 'Logo is missing',
    });
    await org.review('review.requestInfo', claim.claimId, { message: 'Please send the ad with the logo.' });
    const partnerCard = readable((await org.current(claim.claimId)).card);
    expect(partnerCard).toMatch(/✖ Needs change: Copy of the final ad.*Logo is missing/s);

    const docs = await org.press('document.list', { claimId: claim.claimId, page: 0 });
    const replaces = JSON.stringify(docs.body.value)
      .match(/"replaces":"([0-9a-f-]{36})"/g)!
      .map((m) => m.slice(12, -1));
    const stored = await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never });
    const proofId = (stored!.documents as Array<{ id: string; kind: string }>).find((d) => d.kind === 'poe')!.id;
    expect(replaces).toContain(proofId);
    await org.replace(
      claim.claimId,
      proofId,
      'poe',
      { poeKey: 'final-ad', executionDate: '2026-09-14', amount: '0', reach: '25000' },
      'final-ad-with-logo.pdf',
    );
    await org.submit(claim);

    const review = readable((await org.reviewCard(claim.claimId, CARL)).card);
    expect(review).toMatch(/↻ Changed — waiting for review: Copy of the final ad.*\(asked: Logo is missing\)/);
    expect(review).toMatch(/Proof: Copy of the final ad.*\n1 attached/);
    expect(review).not.toMatch(/✖ Needs change/);
  });

  it('when one reviewer holds a claim then another cannot decide it, but can take it over with a reason that History keeps; an admin can decide', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.inReview({}, RITA);
    const carlCard = await org.reviewCard(claim.claimId, CARL);
    for (const verb of REVIEW_VERBS) expect(findAction(carlCard.card, verb)).toBeUndefined();
    expect(readable(carlCard.card)).toMatch(/Rita Reviewer is reviewing this claim/);
    const forced = await org.review('review.approve', claim.claimId, { amount: '', reason: '' }, CARL);
    expect(readable(forced.body.value)).toMatch(
      /Rita Reviewer is reviewing CLM-\d+\. Only they or an incentives admin decide it/,
    );
    expect((await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never }))?.status).toBe('InReview');

    const noReason = await org.review('review.takeOver', claim.claimId, { reason: '' }, CARL);
    expect(readable(noReason.body.value)).toMatch(/Say why you take the claim over/);
    const taken = await org.review(
      'review.takeOver',
      claim.claimId,
      { reason: 'Rita is on leave until January.' },
      CARL,
    );
    expect(readable(taken.body.value)).toMatch(/You took CLM-\d+ over/);
    const history = readable(
      (await org.press('claim.history', { claimId: claim.claimId, page: 0, side: 'review' }, CARL, org.reviews)).body
        .value,
    );
    expect(history).toMatch(
      /Carl Reviewer\s*took the review over from Rita Reviewer\s*Rita is on leave until January\./,
    );

    const ritaNow = await org.review('review.reject', claim.claimId, { reasons: 'no' }, RITA);
    expect(readable(ritaNow.body.value)).toMatch(/Carl Reviewer is reviewing/);
    await org.grant('reviewer', [ANN], ANN, org.reviews);
    const admin = await org.review('review.approve', claim.claimId, { amount: '', reason: '' }, ANN);
    expect(readable(admin.body.value)).toContain('Approved.');
  });

  it('when a dispute passes its 5-business-day due date then the queue and the review card flag it and the review channel is reminded once a day', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.rejectedClaim();
    const partner = await org.current(claim.claimId);
    const disputed = await org.press('claim.dispute', {
      claimId: claim.claimId,
      version: partner.version,
      reason: 'The logo is on page 3.',
    });
    expect(readable(disputed.body.value)).toMatch(/Dispute filed/);
    // Filed Thursday 2026-10-01: due Thursday 2026-10-08 (5 business days). On the 10th it is overdue.
    bot.clock.set('2026-10-10T09:00:00Z');
    const queue = readable((await org.say('queue', RITA, org.reviews)).card);
    expect(queue).toMatch(/OVERDUE \(re-review was due 2026-10-08\)/);
    const review = readable((await org.reviewCard(claim.claimId)).card);
    expect(review).toMatch(/This dispute is overdue: its re-review was due 2026-10-08/);
    const mark = org.mark();
    await org.say('reminders run', ANN);
    await org.say('reminders run', ANN);
    const reminders = org.textsTo(org.reviews, mark).filter((t) => t.includes('is overdue by 2 day(s)'));
    expect(reminders).toHaveLength(1);
    bot.clock.set('2026-10-11T09:00:00Z');
    await org.say('reminders run', ANN);
    expect(org.textsTo(org.reviews, mark).filter((t) => t.includes('is overdue by'))).toHaveLength(2);
  });

  it('when a comment is typed on a card one version old then the answer is the current card with the typed text kept', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    await org.press('claim.comment', { claimId: claim.claimId, version: claim.version, comment: 'First!' }, ANN);
    const typed = 'Bitte die Rechnung vom 20. September prüfen — 請求書を確認してください';
    const stale = await org.press('claim.comment', { claimId: claim.claimId, version: claim.version, comment: typed });
    expect(readable(stale.body.value)).toMatch(/changed while you were looking/);
    expect(JSON.stringify(stale.body.value)).toContain(`"value":"${typed}"`);
    expect(refOf(stale.body.value).version).toBe(claim.version + 1);
    const info = await org.press('claim.info', {
      claimId: claim.claimId,
      version: claim.version,
      additionalInfo: 'Ran on Sunday',
    });
    expect(JSON.stringify(info.body.value)).toContain('"value":"Ran on Sunday"');
  });

  it('when the new-claim form is sent then the form message becomes the claim card for everyone', async () => {
    const org = await anOrganisation(bot);
    const mark = org.mark();
    const claim = await org.newClaim({}, BOB, 'form-message-7');
    const update = org.sentTo(org.partner, mark).find((c) => c.method === 'PUT' && c.activityId === 'form-message-7');
    expect(update).toBeDefined();
    const shared = JSON.stringify(update!.body);
    expect(shared).toContain(claim.number);
    expect(shared).not.toContain('"verb":"claim.create"');
    expect(shared).not.toContain('created. Work through the checklist');
  });

  it('when a reviewer presses Documents on the review card then she gets every document with a fresh short-lived link', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.submittedClaim();
    const review = await org.reviewCard(claim.claimId);
    const button = findAction(review.card, 'document.list');
    expect(button).toBeDefined();
    const docs = await org.press('document.list', button!.data, RITA, org.reviews);
    const links =
      JSON.stringify(docs.body.value).match(/"type":"Action.OpenUrl","title":"Download","url":"[^"]+sig=[^"]+"/g) ?? [];
    expect(links).toHaveLength(2);
    expect(findAction(docs.body.value, 'document.remove')).toBeUndefined();
    // Back returns to the review card she came from, not the partner's claim card.
    expect(JSON.stringify(docs.body.value)).toContain('"verb":"review.refresh"');
    const colleague = await org.press('document.list', button!.data, COLE, org.reviews);
    expect(JSON.stringify(colleague.body)).toMatch(/Only reviewers and incentives admins can open the documents/);
  });
});
