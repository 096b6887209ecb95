import { ForbiddenError, ProgramInvalidError } from '../../src/domain/errors';
import { granularityOf } from '../../src/domain/period';
import { earnedFor } from '../../src/domain/program';
import { anOrg, claimInput, domainError, useServices } from '../support/services';

describe('ProgramService on the real engine', () => {
  const services = useServices();

  describe('setEarnedFunds', () => {
    it('when an admin sets earned funds then the program keeps them and the period ledger starts from them', async () => {
      const s = services();
      const org = await anOrg(s, false);
      const program = await s.programs.setEarnedFunds(org.admin, 'add-pc', '2026-q3', '12,500.50');
      expect(program).toMatchObject({ code: 'ADD-PC', currency: 'USD', granularity: 'quarter' });
      expect(earnedFor(program, '2026-Q3')).toBe(1_250_050);
      expect(
        await s.ledger.latest({ tenantId: org.tenantId, programCode: 'ADD-PC', periodCode: '2026-Q3' }),
      ).toMatchObject({
        seq: 1,
        earnedMinor: 1_250_050,
        holds: {},
        by: org.admin.person,
      });
    });

    it('when earned funds are set again then the program and the ledger both carry the new amount', async () => {
      const s = services();
      const org = await anOrg(s, [['ADD-PC', '2026-Q3', '10000', 'USD']]);
      const program = await s.programs.setEarnedFunds(org.admin, 'ADD-PC', '2026-Q3', '15000');
      expect(earnedFor(program, '2026-Q3')).toBe(1_500_000);
      expect(
        await s.ledger.latest({ tenantId: org.tenantId, programCode: 'ADD-PC', periodCode: '2026-Q3' }),
      ).toMatchObject({
        seq: 2,
        earnedMinor: 1_500_000,
      });
    });

    it.each([
      ['a month', '2026-10'],
      ['a half-year', '2026-H2'],
      ['a year', '2026'],
    ])(
      'when a quarterly program is given %s then it is refused naming its granularity and nothing is stored',
      async (_label, periodCode) => {
        const s = services();
        const org = await anOrg(s, [['ADD-PC', '2026-Q3', '10000', 'USD']]);
        const err = await domainError(s.programs.setEarnedFunds(org.admin, 'ADD-PC', periodCode, '5000'));
        expect(err).toBeInstanceOf(ProgramInvalidError);
        expect(err.userMessage).toBe(
          'ADD-PC has its earned funds by quarters (e.g. 2026-Q4): give a period of that length.',
        );
        expect((await s.programsRepo.get(org.tenantId, 'ADD-PC'))!.periods.map((p) => p.period.code)).toEqual([
          '2026-Q3',
        ]);
        expect(await s.ledger.latest({ tenantId: org.tenantId, programCode: 'ADD-PC', periodCode })).toBeUndefined();
      },
    );

    it('when a monthly program gets another month then it is accepted, and a quarter is refused', async () => {
      const s = services();
      const org = await anOrg(s, [['ADR-HUB', '2026-08', '1000', 'EUR']]);
      const program = await s.programs.setEarnedFunds(org.admin, 'ADR-HUB', '2026-09', '2000');
      expect(program).toMatchObject({ granularity: 'month', currency: 'EUR' });
      expect(program.periods.map((p) => p.period.code)).toEqual(['2026-08', '2026-09']);
      const err = await domainError(s.programs.setEarnedFunds(org.admin, 'ADR-HUB', '2026-Q3', '2000'));
      expect(err.userMessage).toBe(
        'ADR-HUB has its earned funds by months (e.g. 2026-11): give a period of that length.',
      );
    });

    it.each<[string, [string, string, string, string?], RegExp]>([
      ['a bad program code', ['A', '2026-Q3', '100'], /program code is 2–24 letters/],
      ['a bad period', ['ADD-PC', '2026-Q5', '100'], /"2026-Q5" is not a usage period/],
      ['a bad amount', ['ADD-PC', '2026-Q3', '12.345'], /"12.345" is not an amount/],
      ['a bad currency', ['ADD-PC', '2026-Q3', '100', 'EURO'], /EURO is not a currency code/],
      [
        'another currency than the program has',
        ['ADD-PC', '2026-Q4', '100', 'EUR'],
        /ADD-PC is kept in USD; give the amount in USD/,
      ],
    ])('when an admin gives %s then it is refused and the program is unchanged', async (_label, args, message) => {
      const s = services();
      const org = await anOrg(s, [['ADD-PC', '2026-Q3', '10000', 'USD']]);
      const err = await domainError(s.programs.setEarnedFunds(org.admin, ...args));
      expect(err).toBeInstanceOf(ProgramInvalidError);
      expect(err.userMessage).toMatch(message);
      expect(
        (await s.programsRepo.get(org.tenantId, 'ADD-PC'))!.periods.map((p) => [p.period.code, p.earnedMinor]),
      ).toEqual([['2026-Q3', 1_000_000]]);
    });

    it('when two admins give a new program its first funds at once, one by quarter and one by month, then only one period length is kept', async () => {
      const s = services();
      const org = await anOrg(s, false);
      const codes = Array.from({ length: 5 }, (_, i) => `NEW-${i}`);
      const results = await Promise.allSettled(
        codes.flatMap((code) => [
          s.programs.setEarnedFunds(org.admin, code, '2026-Q3', '1000'),
          s.programs.setEarnedFunds(org.admin, code, '2026-09', '1000'),
        ]),
      );
      const mixed: string[] = [];
      for (const code of codes) {
        const program = (await s.programsRepo.get(org.tenantId, code))!;
        const lengths = program.periods.map((p) => granularityOf(p.period.code));
        if (lengths.some((g) => g !== program.granularity))
          mixed.push(`${code}: ${program.granularity} with ${lengths.join(', ')}`);
      }
      expect(mixed).toEqual([]);
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(codes.length);
    }, 120_000);

    it('when someone who is not an admin sets earned funds then it is refused and no program appears', async () => {
      const s = services();
      const org = await anOrg(s, false);
      for (const who of [org.user, org.reviewer, org.colleague])
        await expect(s.programs.setEarnedFunds(who, 'ADD-PC', '2026-Q3', '100')).rejects.toBeInstanceOf(ForbiddenError);
      expect(await s.programs.list(org.admin)).toEqual([]);
    });
  });

  describe('setRate', () => {
    it('when an admin sets a rate then it is stored with the day, and setting it again replaces it', async () => {
      const s = services();
      const org = await anOrg(s, false);
      expect(await s.programs.setRate(org.admin, 'eur', '0.92')).toEqual({
        currency: 'EUR',
        perUsdMicro: 920_000,
        setOn: '2026-10-01',
      });
      s.clock.advanceDays(3);
      await s.programs.setRate(org.admin, 'EUR', '0.935');
      await s.programs.setRate(org.admin, 'JPY', '150.5');
      expect(await s.programs.listRates(org.user)).toEqual([
        { currency: 'EUR', perUsdMicro: 935_000, setOn: '2026-10-04' },
        { currency: 'JPY', perUsdMicro: 150_500_000, setOn: '2026-10-04' },
      ]);
    });

    it.each<[string, string, string, RegExp]>([
      ['a currency code that does not exist', 'EURO', '0.92', /EURO is not a currency code/],
      ['USD as the currency', 'USD', '1', /Caps are in USD already/],
      ['a zero rate', 'EUR', '0', /"0" is not a rate/],
      ['a negative rate', 'EUR', '-0.9', /"-0.9" is not a rate/],
      ['words for the rate', 'EUR', 'ninety', /"ninety" is not a rate: write how many EUR one USD buys/],
      ['too many decimals', 'EUR', '0.1234567', /"0.1234567" is not a rate/],
    ])(
      'when an admin sets a rate with %s then it is refused and nothing is stored',
      async (_label, currency, rate, message) => {
        const s = services();
        const org = await anOrg(s, false);
        const err = await domainError(s.programs.setRate(org.admin, currency, rate));
        expect(err).toBeInstanceOf(ProgramInvalidError);
        expect(err.userMessage).toMatch(message);
        expect(await s.programs.listRates(org.admin)).toEqual([]);
      },
    );

    it('when someone who is not an admin sets a rate then it is refused', async () => {
      const s = services();
      const org = await anOrg(s, false);
      await expect(s.programs.setRate(org.user, 'EUR', '0.92')).rejects.toBeInstanceOf(ForbiddenError);
      expect(await s.programs.listRates(org.admin)).toEqual([]);
    });

    it('when a EUR claim has a USD-capped activity then its cap item names `rate EUR` until a rate is set, and converts after', async () => {
      const s = services();
      const org = await anOrg(s, [['ADD-EU', '2026-Q3', '100000', 'EUR']]);
      const created = await s.claims.create(
        org.user,
        claimInput({ program: 'ADD-EU', currency: 'EUR', activity: 'syndicated-content', amount: '1250' }),
      );
      const capBefore = created.readiness.items.find((i) => i.key === 'cap');
      expect(capBefore).toMatchObject({ ok: false });
      expect(capBefore!.detail).toContain('`rate EUR <EUR per 1 USD>`');

      await s.programs.setRate(org.admin, 'EUR', '0.92');

      const after = await s.claims.load(org.user, created.claim.id);
      expect(after.funds.usdRate).toEqual({ currency: 'EUR', perUsdMicro: 920_000, setOn: '2026-10-01' });
      const capAfter = after.readiness.items.find((i) => i.key === 'cap');
      expect(capAfter).toMatchObject({ ok: true });
      expect(capAfter!.detail).toContain('EUR 17,250.00 (USD 18,750 at the rate of 2026-10-01)');
    });
  });
});
