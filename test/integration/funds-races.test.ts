import type { FundsEntry } from '../../src/domain/funds';
import { FundsService } from '../../src/domain/funds.service';
import type { FundsLedgerRepository } from '../../src/domain/ports';
import { OverviewService } from '../../src/domain/overview.service';
import { ProgramService } from '../../src/domain/program.service';
import { MongoRates } from '../../src/store/rates.repository';
import { ClaimService } from '../../src/domain/claim.service';
import { ClaimChangedError } from '../../src/domain/errors';
import type { ClaimRepository } from '../../src/domain/ports';
import { aReadyClaim, anOrg, useServices } from '../support/services';

describe('the funds ledger when two people press at the same moment', () => {
  const services = useServices();

  it('when a slower setting reaches the ledger after a faster one then the program, the overview and the budget all keep the one the ledger kept last', async () => {
    const s = services();
    const org = await anOrg(s, [['ADD-PC', '2026-Q3', '500', 'USD']]);
    // The ledger as it is, except that the first append of "earned 1000" waits until it is let go.
    let reached!: () => void;
    const atGate = new Promise<void>((resolve) => (reached = resolve));
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let held = false;
    const ledger: FundsLedgerRepository = {
      latest: (key) => s.ledger.latest(key),
      prune: (key, before) => s.ledger.prune(key, before),
      async append(entry: FundsEntry) {
        if (!held && entry.why === 'earned 100000') {
          held = true;
          reached();
          await gate;
        }
        return s.ledger.append(entry);
      },
    };
    const rates = new MongoRates(s.t.db);
    const funds = new FundsService(ledger, s.claimsRepo, s.programsRepo, rates, s.clock);
    const programs = new ProgramService(s.programsRepo, rates, funds, s.clock);

    const slow = programs.setEarnedFunds(org.admin, 'ADD-PC', '2026-Q3', '1000');
    await atGate;
    await programs.setEarnedFunds(org.admin, 'ADD-PC', '2026-Q3', '2000');
    open();
    await slow;

    const key = { tenantId: org.tenantId, programCode: 'ADD-PC', periodCode: '2026-Q3' };
    const ledgerEarned = (await s.ledger.latest(key))!.earnedMinor;
    const { lines } = await new OverviewService(s.claimsRepo, s.programsRepo, funds, s.clock).overview(org.admin);
    const budget = await funds.budget(key, 'USD');
    expect(ledgerEarned).toBe(100_000);
    expect(lines[0]).toMatchObject({ periodCode: '2026-Q3', earnedMinor: ledgerEarned });
    expect(budget.earnedMinor).toBe(ledgerEarned);
    expect((await s.programsRepo.get(org.tenantId, 'ADD-PC'))!.periods[0]!.earnedMinor).toBe(ledgerEarned);
  });

  it('when two partners submit the same claim and both reserve before either commits then the winner keeps the funds', async () => {
    const s = services();
    const org = await anOrg(s, [['ADD-PC', '2026-Q3', '2000', 'USD']]);
    const ready = await aReadyClaim(s, org, { amount: '1,250.00' });
    // The repository as it is, except that a submit commits only once both submits are about to.
    let arrived = 0;
    let both!: () => void;
    const bothReserved = new Promise<void>((resolve) => (both = resolve));
    const repo = new Proxy(s.claimsRepo, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver) as unknown;
        if (name !== 'commit') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: Parameters<ClaimRepository['commit']>) => {
          if (args[1].type === 'claim.submitted') {
            if (++arrived === 2) both();
            await bothReserved;
          }
          return target.commit(...args);
        };
      },
    });
    const claims = new ClaimService(repo, s.programsRepo, s.funds, s.clock);
    const results = await Promise.allSettled([
      claims.submit(org.user, ready.id, ready.version),
      claims.submit(org.admin, ready.id, ready.version),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected');
    expect(lost?.status === 'rejected' && lost.reason).toBeInstanceOf(ClaimChangedError);
    expect((await s.claimsRepo.get(org.tenantId, ready.id))!.status).toBe('Submitted');
    const budget = await s.funds.budget(
      { tenantId: org.tenantId, programCode: 'ADD-PC', periodCode: '2026-Q3' },
      'USD',
    );
    expect(budget).toMatchObject({ pendingMinor: 125_000, remainingMinor: 75_000 });
    // The next claim meets the funds the first one holds.
    const next = await aReadyClaim(s, org, { amount: '1,000.00' });
    await expect(s.claims.submit(org.user, next.id, next.version)).rejects.toMatchObject({ code: 'CLAIM.NOT_READY' });
  });
});
