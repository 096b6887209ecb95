import type { Person } from '../../src/domain/claim';
import { BadTransitionError, ClaimNotReadyError, ForbiddenError, InvalidInputError } from '../../src/domain/errors';
import { actor } from '../support/domain-factories';
import {
  aClaimInReview,
  aReadyClaim,
  aRejectedClaim,
  aSubmittedClaim,
  alice,
  anOrg,
  carl,
  domainError,
  heldBy,
  rita,
  useServices,
  fromHome,
} from '../support/services';

const services = useServices();

const vic: Person = { id: '29:vic', aadObjectId: 'aad-vic', name: 'Vic Both' };
const ada: Person = { id: '29:ada', aadObjectId: 'aad-ada', name: 'Ada Admin' };

describe('ReviewService.takeOver', () => {
  it('when another reviewer takes a claim over with a reason then they review it, History says from whom and why', async () => {
    const s = services();
    const o = await anOrg(s);
    const { claim } = await aClaimInReview(s, o);
    s.clock.advanceDays(1);
    const { picture, from } = await s.review.takeOver(o.reviewer2, claim.id, claim.version, '  Rita is on leave  ');
    expect(from).toEqual(rita);
    expect(picture.claim).toMatchObject({
      status: 'InReview',
      version: claim.version + 1,
      review: { reviewer: carl, pickedUpAt: new Date('2026-10-02T09:00:00Z') },
    });
    const [event] = (await s.claims.history(o.user, claim.id, 0, fromHome(o.user, claim))).events.items;
    expect(event).toMatchObject({
      type: 'claim.reviewerChanged',
      actor: carl,
      data: { from: rita, to: carl, reason: 'Rita is on leave' },
    });
  });

  it('when the reason is empty then the take-over is refused and the reviewer stays', async () => {
    const s = services();
    const o = await anOrg(s);
    const { claim } = await aClaimInReview(s, o);
    const err = await domainError(s.review.takeOver(o.reviewer2, claim.id, claim.version, '  '));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.userMessage).toMatch(/Say why you take the claim over/);
    expect(err.picture?.claim.review?.reviewer).toEqual(rita);
    expect((await s.claims.get(o.user, claim.id)).review?.reviewer).toEqual(rita);
  });

  it('when the reviewer who holds it, an admin who is no reviewer, or a reviewer with a conflict takes over then it is refused', async () => {
    const s = services();
    const o = await anOrg(s);
    const ready = await aReadyClaim(s, o);
    // Vic is a reviewer and a partner who worked on this claim.
    const vicActor = actor(o.tenantId, vic, ['user', 'reviewer']);
    const info = await s.claims.updateAdditionalInfo(vicActor, ready.id, ready.version, 'Campaign ran in two waves.');
    const { picture: submitted } = await s.claims.submit(o.user, ready.id, info.claim.version);
    const { claim } = await s.review.pickUp(o.reviewer, submitted.claim.id, submitted.claim.version);

    const same = await domainError(s.review.takeOver(o.reviewer, claim.id, claim.version, 'mine'));
    expect(same).toBeInstanceOf(InvalidInputError);
    expect(same.userMessage).toMatch(/already reviewing/);
    const admin = await domainError(s.review.takeOver(o.admin, claim.id, claim.version, 'I will do it'));
    expect(admin).toBeInstanceOf(ForbiddenError);
    expect(admin.userMessage).toBe('Only reviewers can take a claim over.');
    const conflicted = await domainError(s.review.takeOver(vicActor, claim.id, claim.version, 'I know this one'));
    expect(conflicted).toBeInstanceOf(ForbiddenError);
    expect(conflicted.userMessage).toMatch(/You contributed to/);

    expect(await s.claims.get(o.user, claim.id)).toMatchObject({ version: claim.version, review: { reviewer: rita } });
  });

  it('when nobody has picked the claim up yet then there is nothing to take over', async () => {
    const s = services();
    const o = await anOrg(s);
    const { claim } = await aSubmittedClaim(s, o);
    expect(await domainError(s.review.takeOver(o.reviewer2, claim.id, claim.version, 'faster'))).toBeInstanceOf(
      BadTransitionError,
    );
  });
});

describe('ReviewService decisions belong to the assigned reviewer or an admin', () => {
  it('when another reviewer tries to decide a claim someone picked up then every decision is refused', async () => {
    const s = services();
    const o = await anOrg(s);
    const { claim } = await aClaimInReview(s, o);
    const v = claim.version;
    const attempts = [
      s.review.approve(o.reviewer2, claim.id, v, '', ''),
      s.review.reject(o.reviewer2, claim.id, v, 'no'),
      s.review.requestInfo(o.reviewer2, claim.id, v, 'more please'),
      s.review.feedback(o.reviewer2, claim.id, v, [{ key: 'ad-screenshot', verdict: 'accepted', comment: '' }]),
    ];
    for (const attempt of attempts) {
      const err = await domainError(attempt);
      expect(err).toBeInstanceOf(ForbiddenError);
      expect(err.userMessage).toMatch(
        /^Rita Reviewer is reviewing CLM-000001\. Only they or an incentives admin decide it/,
      );
    }
    expect(await s.claims.get(o.user, claim.id)).toMatchObject({ status: 'InReview', version: v });
  });

  it('when an admin decides a claim a reviewer picked up then it is decided', async () => {
    const s = services();
    const o = await anOrg(s);
    const { claim } = await aClaimInReview(s, o);
    const picture = await s.review.requestInfo(o.admin, claim.id, claim.version, 'Which landing page?');
    expect(picture.claim).toMatchObject({
      status: 'ActionRequired',
      dueDate: '2026-10-31',
      review: { reviewer: rita, infoRequest: { message: 'Which landing page?', by: alice } },
    });
  });

  it('when the assigned reviewer approves then the claim is Approved and holds the approved amount', async () => {
    const s = services();
    const o = await anOrg(s);
    const { claim } = await aClaimInReview(s, o);
    const picture = await s.review.approve(
      o.reviewer,
      claim.id,
      claim.version,
      '1000',
      'One invoice line is not co-op',
    );
    expect(picture.claim).toMatchObject({
      status: 'Approved',
      approvedMinor: 100_000,
      review: { approval: { approvedMinor: 100_000, reason: 'One invoice line is not co-op', by: rita } },
    });
    expect(await heldBy(s, claim)).toBe(100_000);
  });
});

describe('ReviewService conflicts of interest from comments', () => {
  it('when a reviewer comments on a claim then they can still pick it up and decide it', async () => {
    const s = services();
    const o = await anOrg(s);
    const { claim } = await aSubmittedClaim(s, o);
    const commented = await s.claims.comment(
      o.reviewer,
      claim.id,
      claim.version,
      'I will look at this tomorrow.',
      fromHome(o.reviewer, claim),
    );
    expect(commented.claim.commenters).toEqual([rita.id]);
    const picked = await s.review.pickUp(o.reviewer, claim.id, commented.claim.version);
    const commentedAgain = await s.claims.comment(
      o.reviewer,
      claim.id,
      picked.claim.version,
      'Looks fine.',
      fromHome(o.reviewer, claim),
    );
    const approved = await s.review.approve(o.reviewer, claim.id, commentedAgain.claim.version, '', '');
    expect(approved.claim.status).toBe('Approved');
  });

  it('when an admin who is no reviewer comments then they may no longer decide the claim, but the reviewer still may', async () => {
    const s = services();
    const o = await anOrg(s);
    const { claim } = await aClaimInReview(s, o);
    const commented = await s.claims.comment(
      o.admin,
      claim.id,
      claim.version,
      'Partner asked me to hurry this.',
      fromHome(o.admin, claim),
    );
    const err = await domainError(s.review.approve(o.admin, claim.id, commented.claim.version, '', ''));
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err.userMessage).toBe("You commented on CLM-000001 as a partner, so you can't review it.");
    // Another admin, who did not comment, may decide it; so may the reviewer.
    const other = actor(o.tenantId, ada, ['admin']);
    expect(s.review.conflict(other, await s.claims.get(o.user, claim.id))).toBeUndefined();
    const approved = await s.review.approve(o.reviewer, claim.id, commented.claim.version, '', '');
    expect(approved.claim.status).toBe('Approved');
  });

  it('when a person is both admin and reviewer and commented then the comment does not stop them', async () => {
    const s = services();
    const o = await anOrg(s);
    const { claim } = await aSubmittedClaim(s, o);
    const both = actor(o.tenantId, ada, ['admin', 'reviewer']);
    const commented = await s.claims.comment(
      both,
      claim.id,
      claim.version,
      'Checking the invoice.',
      fromHome(both, claim),
    );
    const picked = await s.review.pickUp(both, claim.id, commented.claim.version);
    expect(picked.claim.review?.reviewer).toEqual(ada);
  });

  it('when the claim’s creator is a reviewer too then they may not pick it up', async () => {
    const s = services();
    const o = await anOrg(s);
    const both = actor(o.tenantId, vic, ['user', 'reviewer']);
    const ready = await aReadyClaim(s, { ...o, user: both });
    const { picture } = await s.claims.submit(both, ready.id, ready.version);
    const err = await domainError(s.review.pickUp(both, ready.id, picture.claim.version));
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err.userMessage).toMatch(/You created CLM-000001/);
  });
});

describe('ReviewService.dispute', () => {
  it('when a rejected claim is disputed then it is Disputed with a re-review due date and holds its funds again', async () => {
    const s = services();
    const o = await anOrg(s);
    const { claim } = await aRejectedClaim(s, o);
    expect(await heldBy(s, claim)).toBeUndefined();
    const picture = await s.review.dispute(
      o.user,
      claim.id,
      claim.version,
      'The activity is eligible: see the agreement.',
    );
    expect(picture.claim).toMatchObject({
      status: 'Disputed',
      dueDate: '2026-10-08',
      review: { dispute: { reason: 'The activity is eligible: see the agreement.', dueDate: '2026-10-08' } },
    });
    expect(await heldBy(s, claim)).toBe(125_000);
    const [event] = (await s.claims.history(o.user, claim.id, 0, fromHome(o.user, claim))).events.items;
    expect(event).toMatchObject({ type: 'claim.disputed', data: { from: 'Rejected', to: 'Disputed' } });
  });

  it('when the funds were taken by another claim since the rejection then the dispute is refused on funds', async () => {
    const s = services();
    const o = await anOrg(s, [['ADD-PC', '2026-Q3', '2000', 'USD']]);
    const { claim } = await aRejectedClaim(s, o);
    await aSubmittedClaim(s, o);
    const err = await domainError(s.review.dispute(o.user, claim.id, claim.version, 'Please look again.'));
    expect(err).toBeInstanceOf(ClaimNotReadyError);
    expect((err as ClaimNotReadyError).failing.map((i) => i.key)).toEqual(['funds']);
    expect(err.userMessage).toMatch(/no longer fits in the funds of ADD-PC 2026-Q3/);
    expect(await s.claims.get(o.user, claim.id)).toMatchObject({ status: 'Rejected', version: claim.version });
    expect(await heldBy(s, claim)).toBeUndefined();
  });

  it('when a reviewer or a colleague disputes then it is refused', async () => {
    const s = services();
    const o = await anOrg(s);
    const { claim } = await aRejectedClaim(s, o);
    for (const who of [o.reviewer2, o.colleague])
      expect(await domainError(s.review.dispute(who, claim.id, claim.version, 'no'))).toBeInstanceOf(ForbiddenError);
  });

  it('when the dispute window has closed then the dispute is refused', async () => {
    const s = services();
    const o = await anOrg(s);
    const { claim } = await aRejectedClaim(s, o);
    s.clock.advanceDays(31);
    const err = await domainError(s.review.dispute(o.user, claim.id, claim.version, 'late'));
    expect(err).toBeInstanceOf(BadTransitionError);
    expect(err.userMessage).toMatch(/dispute window closed on 2026-10-31/);
  });
});
