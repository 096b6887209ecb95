import { ClaimNotReadyError } from '../../src/domain/errors';
import { aReadyClaim, anOrg, domainError, useServices } from '../support/services';

describe('earned funds are a shared budget (the funds ledger), on the real engine', () => {
  const services = useServices();

  it('when 20 claims of 600 are submitted at once against 6,000 earned then exactly 10 are Submitted and the overview agrees', async () => {
    const s = services();
    const org = await anOrg(s, [['ADD-PC', '2026-Q3', '6000', 'USD']]);
    const ready = [];
    for (let i = 0; i < 20; i++) ready.push(await aReadyClaim(s, org, { amount: '600' }));
    const results = await Promise.allSettled(ready.map((c) => s.claims.submit(org.user, c.id, c.version)));
    const submitted = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(submitted).toHaveLength(10);
    expect(refused).toHaveLength(10);
    for (const err of refused) {
      expect(err).toBeInstanceOf(ClaimNotReadyError);
      expect((err as ClaimNotReadyError).failing.map((i) => i.key)).toEqual(['funds']);
    }
    const { lines } = await s.overview.overview(org.admin);
    expect(lines[0]).toMatchObject({
      programCode: 'ADD-PC',
      periodCode: '2026-Q3',
      claimedMinor: 600_000,
      remainingMinor: 0,
    });
    expect(lines[0]!.counts).toEqual({ Submitted: 10, Editing: 10 });
  });

  it('when a submit is refused for lack of funds and another claim is rejected then the freed funds let it through', async () => {
    const s = services();
    const org = await anOrg(s, [['ADD-PC', '2026-Q3', '1000', 'USD']]);
    const first = await aReadyClaim(s, org, { amount: '800' });
    const second = await aReadyClaim(s, org, { amount: '400' });
    await s.claims.submit(org.user, first.id, first.version);
    const refused = await domainError(s.claims.submit(org.user, second.id, second.version));
    expect(refused).toBeInstanceOf(ClaimNotReadyError);
    const picked = await s.review.pickUp(org.reviewer, first.id, first.version + 1);
    await s.review.reject(org.reviewer, first.id, picked.claim.version, 'Wrong activity');
    const { picture } = await s.claims.submit(org.user, second.id, second.version);
    expect(picture.claim.status).toBe('Submitted');
    expect(picture.funds).toMatchObject({ earnedMinor: 100_000, usedByOthersMinor: 0 });
  });
});
