import { ACTIVITIES } from '../../src/domain/activities';
import type { Claim, ClaimDocument } from '../../src/domain/claim';
import { checkReadiness, type FundsPicture, type Readiness } from '../../src/domain/readiness';
import { aClaim, aDocument, activity, completeDocuments, completeMetrics, funds } from '../support/domain-factories';

const NOW = new Date('2026-10-01T09:00:00Z');

/** A claim of `activityCode` that passes every check, overridden per test. */
function readyClaim(activityCode: string, overrides: Partial<Claim> = {}): Claim {
  return aClaim({ activityCode, metrics: completeMetrics(activityCode), ...overrides });
}

function check(
  claim: Claim,
  documents: readonly ClaimDocument[] = completeDocuments(claim),
  f: Partial<FundsPicture> = {},
  now = NOW,
): Readiness {
  return checkReadiness({ claim, documents, funds: funds(f), now });
}

function failingKeys(r: Readiness): string[] {
  return r.failing.map((i) => i.key);
}

function item(r: Readiness, key: string) {
  const found = r.items.find((i) => i.key === key);
  if (!found) throw new Error(`no readiness item ${key}: ${r.items.map((i) => i.key).join(', ')}`);
  return found;
}

describe('checkReadiness: a complete claim', () => {
  it.each(ACTIVITIES.map((a) => [a.code]))(
    'when a %s claim has every document, metric and funds then it is ready',
    (code) => {
      const r = check(readyClaim(code));
      expect(r.failing).toEqual([]);
      expect(r.ready).toBe(true);
      expect(r.items.length).toBeGreaterThanOrEqual(4);
      expect(r.items.every((i) => i.ok)).toBe(true);
    },
  );

  it('when a claim is ready then the items list every check by key, in order', () => {
    const r = check(readyClaim('digital-advertising'));
    expect(r.items.map((i) => i.key)).toEqual([
      'invoices',
      'poe:ad-screenshot',
      'poe:landing-page-url',
      'metric:resultsSummary',
      'amount',
      'funds',
      'deadline',
    ]);
  });
});

describe('checkReadiness: invoices and CSRs', () => {
  it('when there are no documents at all then "invoices" fails with a hint', () => {
    const r = check(readyClaim('print-advertising'), []);
    expect(r.ready).toBe(false);
    expect(failingKeys(r)).toContain('invoices');
    expect(item(r, 'invoices').detail).toMatch(/invoice or a CSR/);
  });

  it('when only PoE documents exist then "invoices" and "amount" fail and nothing else', () => {
    const claim = readyClaim('print-advertising');
    const poeOnly = completeDocuments(claim).filter((d) => d.kind === 'poe');
    expect(failingKeys(check(claim, poeOnly))).toEqual(['invoices', 'amount']);
  });

  it('when a CSR instead of an invoice covers the amount then the claim is ready', () => {
    const claim = readyClaim('print-advertising');
    const docs = completeDocuments(claim).map((d) => (d.kind === 'invoice' ? { ...d, kind: 'csr' as const } : d));
    expect(check(claim, docs).ready).toBe(true);
  });

  it('when an "other" document carries an amount then it counts neither as an invoice nor towards the amount', () => {
    const claim = readyClaim('print-advertising');
    const docs = [
      ...completeDocuments(claim).filter((d) => d.kind === 'poe'),
      aDocument({ kind: 'other', amountMinor: claim.claimedMinor }),
    ];
    expect(failingKeys(check(claim, docs))).toEqual(['invoices', 'amount']);
  });
});

describe('checkReadiness: proof of execution', () => {
  const poeCases = ACTIVITIES.flatMap((a) => a.poe.map((p) => [a.code, p.key] as [string, string]));

  it.each(poeCases)('when a %s claim lacks the PoE item %s then exactly that item fails', (code, poeKey) => {
    const claim = readyClaim(code);
    const docs = completeDocuments(claim).filter((d) => d.poeKey !== poeKey);
    const r = check(claim, docs);
    expect(failingKeys(r)).toEqual([`poe:${poeKey}`]);
    expect(item(r, `poe:${poeKey}`).detail).toBe('Missing');
  });

  it.each(poeCases)('when a %s claim gets a poe document for %s then that item passes', (code, poeKey) => {
    const claim = readyClaim(code);
    const without = completeDocuments(claim).filter((d) => d.poeKey !== poeKey);
    const r = check(claim, [...without, aDocument({ kind: 'poe', poeKey, amountMinor: 0 })]);
    expect(item(r, `poe:${poeKey}`).ok).toBe(true);
    expect(r.ready).toBe(true);
  });

  it('when a document names the PoE key but is not of kind poe then the PoE item still fails', () => {
    const claim = readyClaim('print-advertising');
    const docs = [
      aDocument({ kind: 'invoice', amountMinor: claim.claimedMinor }),
      aDocument({ kind: 'other', poeKey: 'final-ad', amountMinor: 0 }),
    ];
    expect(failingKeys(check(claim, docs))).toEqual(['poe:final-ad']);
  });

  it('when a poe document is for another PoE item then it does not satisfy this one', () => {
    const claim = readyClaim('digital-advertising');
    const docs = [
      aDocument({ kind: 'invoice', amountMinor: claim.claimedMinor }),
      aDocument({ kind: 'poe', poeKey: 'ad-screenshot', amountMinor: 0 }),
    ];
    expect(failingKeys(check(claim, docs))).toEqual(['poe:landing-page-url']);
  });

  it('when PoE documents carry amounts then they do not count towards the invoiced amount', () => {
    const claim = readyClaim('print-advertising');
    const docs = completeDocuments(claim).map((d) => (d.kind === 'poe' ? { ...d, amountMinor: 50_000 } : d));
    expect(check(claim, docs).ready).toBe(true);
  });
});

describe('checkReadiness: metrics', () => {
  const metricCases = ACTIVITIES.flatMap((a) => a.metrics.map((m) => [a.code, m.key] as [string, string]));

  it.each(metricCases)('when a %s claim has no %s then exactly that metric fails', (code, key) => {
    const metrics = { ...completeMetrics(code) };
    delete metrics[key];
    const r = check(readyClaim(code, { metrics }));
    expect(failingKeys(r)).toEqual([`metric:${key}`]);
  });

  it.each(metricCases)('when a %s claim has a blank %s then that metric fails', (code, key) => {
    const r = check(readyClaim(code, { metrics: { ...completeMetrics(code), [key]: '   ' } }));
    expect(failingKeys(r)).toEqual([`metric:${key}`]);
  });

  it('when an integer metric is 0 then it counts as a value', () => {
    const r = check(readyClaim('print-advertising', { metrics: { estimatedReach: 0 } }));
    expect(item(r, 'metric:estimatedReach')).toMatchObject({ ok: true, detail: '0' });
  });

  it.each(ACTIVITIES.filter((a) => a.metrics.length === 0).map((a) => [a.code]))(
    'when %s requires no metric then no metric item is listed',
    (code) => {
      const r = check(readyClaim(code, { metrics: {} }));
      expect(r.items.filter((i) => i.key.startsWith('metric:'))).toEqual([]);
      expect(r.ready).toBe(true);
    },
  );

  it('when metrics of another activity are present then they do not satisfy this activity', () => {
    const r = check(readyClaim('telemarketing', { metrics: { estimatedReach: 1000 } }));
    expect(failingKeys(r)).toEqual(['metric:callsMade', 'metric:successfulContacts']);
  });
});

describe('checkReadiness: claimed amount equals invoices and CSRs', () => {
  it.each([
    { label: 'one invoice equal to the claim', claimed: 100_000, amounts: [100_000], ok: true },
    { label: 'an invoice and a CSR adding up', claimed: 100_000, amounts: [60_000, 40_000], ok: true },
    { label: 'invoices below the claim', claimed: 100_000, amounts: [99_999], ok: false },
    { label: 'invoices above the claim', claimed: 100_000, amounts: [60_000, 40_001], ok: false },
  ])('when the claim has $label then amount ok is $ok', ({ claimed, amounts, ok }) => {
    const claim = readyClaim('print-advertising', { claimedMinor: claimed });
    const poe = completeDocuments(claim).filter((d) => d.kind === 'poe');
    const financial = amounts.map((amountMinor, i) => aDocument({ kind: i === 0 ? 'invoice' : 'csr', amountMinor }));
    const r = check(claim, [...financial, ...poe]);
    expect(item(r, 'amount').ok).toBe(ok);
    expect(r.ready).toBe(ok);
  });

  it('when an invoice is in another currency without a converted amount then amount fails and says what to add', () => {
    const claim = readyClaim('print-advertising', { claimedMinor: 100_000 });
    const poe = completeDocuments(claim).filter((d) => d.kind === 'poe');
    const docs = [
      aDocument({ amountMinor: 100_000, currency: 'USD' }),
      aDocument({ amountMinor: 50_000, currency: 'EUR' }),
      ...poe,
    ];
    const r = check(claim, docs);
    expect(failingKeys(r)).toEqual(['amount']);
    expect(item(r, 'amount').detail).toMatch(/1 document\(s\) in another currency state no amount in USD/);
  });

  it('when an invoice in another currency states its converted amount then that amount counts', () => {
    const claim = readyClaim('print-advertising', { claimedMinor: 160_000 });
    const poe = completeDocuments(claim).filter((d) => d.kind === 'poe');
    const docs = [
      aDocument({ amountMinor: 100_000, currency: 'USD' }),
      aDocument({ amountMinor: 55_000, currency: 'EUR', convertedMinor: 60_000 }),
      ...poe,
    ];
    expect(check(claim, docs).ready).toBe(true);
    expect(check({ ...claim, claimedMinor: 155_000 }, docs).failing.map((i) => i.key)).toEqual(['amount']);
  });
});

describe('checkReadiness: earned funds', () => {
  it('when no earned funds are recorded then "funds" fails and says an admin sets them', () => {
    const r = check(readyClaim('print-advertising'), undefined, { earnedMinor: undefined });
    expect(failingKeys(r)).toEqual(['funds']);
    expect(item(r, 'funds').detail).toMatch(/No earned funds/);
  });

  it.each([
    { label: 'nothing used by others', earned: 1_000_000, usedByOthers: 0, claimed: 1_000_000, ok: true },
    {
      label: 'others leave exactly the claimed amount',
      earned: 1_000_000,
      usedByOthers: 900_000,
      claimed: 100_000,
      ok: true,
    },
    {
      label: 'others leave one cent less than claimed',
      earned: 1_000_000,
      usedByOthers: 900_001,
      claimed: 100_000,
      ok: false,
    },
    { label: 'others used everything', earned: 1_000_000, usedByOthers: 1_000_000, claimed: 100_000, ok: false },
    { label: 'the claim alone is above earned funds', earned: 50_000, usedByOthers: 0, claimed: 100_000, ok: false },
  ])('when $label then funds ok is $ok', ({ earned, usedByOthers, claimed, ok }) => {
    const claim = readyClaim('print-advertising', { claimedMinor: claimed });
    const r = check(claim, undefined, { earnedMinor: earned, usedByOthersMinor: usedByOthers });
    expect(item(r, 'funds').ok).toBe(ok);
    expect(failingKeys(r)).toEqual(ok ? [] : ['funds']);
  });
});

describe('checkReadiness: caps', () => {
  type CapCase = [
    label: string,
    activity: string,
    program: string,
    claimed: number,
    funds: Partial<FundsPicture>,
    metrics: Record<string, number | string>,
    ok: boolean,
  ];
  const USD = (units: number) => units * 100;
  const EARNED_10K = { earnedMinor: USD(10_000) };
  const EARNED_100K = { earnedMinor: USD(100_000) };
  const EARNED_1M = { earnedMinor: USD(1_000_000) };

  const cases: CapCase[] = [
    // Microsoft syndicated content: USD 18,750 per usage period, whatever the earned funds.
    ['syndicated content at exactly USD 18,750', 'syndicated-content', 'PARTNER-X', USD(18_750), EARNED_1M, {}, true],
    [
      'syndicated content one cent above USD 18,750',
      'syndicated-content',
      'PARTNER-X',
      USD(18_750) + 1,
      EARNED_1M,
      {},
      false,
    ],
    [
      'syndicated content: others used 10,000, this claims 8,750',
      'syndicated-content',
      'PARTNER-X',
      USD(8_750),
      { ...EARNED_1M, activityUsedByOthersMinor: USD(10_000) },
      {},
      true,
    ],
    [
      'syndicated content: others used 10,000, this claims 8,750.01',
      'syndicated-content',
      'PARTNER-X',
      USD(8_750) + 1,
      { ...EARNED_1M, activityUsedByOthersMinor: USD(10_000) },
      {},
      false,
    ],
    [
      'syndicated content in a Surface program is still capped',
      'syndicated-content',
      'ADD-PC',
      USD(18_750) + 1,
      EARNED_1M,
      {},
      false,
    ],
    // Customer offers and internal incentives: 25% of earned funds (100% for Surface).
    ['customer offers at 25% of earned', 'customer-offers', 'PARTNER-X', USD(2_500), EARNED_10K, {}, true],
    ['customer offers above 25% of earned', 'customer-offers', 'PARTNER-X', USD(2_500) + 1, EARNED_10K, {}, false],
    [
      'customer offers: 25% shared with other offers of the period',
      'customer-offers',
      'PARTNER-X',
      USD(1_000),
      { ...EARNED_10K, activityUsedByOthersMinor: USD(1_500) + 1 },
      {},
      false,
    ],
    ['customer offers in ADD-PC up to 100% of earned', 'customer-offers', 'ADD-PC', USD(10_000), EARNED_10K, {}, true],
    [
      'customer offers in ADD-PC above 100% of earned',
      'customer-offers',
      'ADD-PC',
      USD(10_000) + 1,
      EARNED_10K,
      {},
      false,
    ],
    ['internal incentives at 25% of earned', 'internal-incentives', 'PARTNER-X', USD(2_500), EARNED_10K, {}, true],
    [
      'internal incentives above 25% of earned',
      'internal-incentives',
      'PARTNER-X',
      USD(2_500) + 1,
      EARNED_10K,
      {},
      false,
    ],
    ['internal incentives in ADR-HUB up to 100%', 'internal-incentives', 'ADR-HUB', USD(9_000), EARNED_10K, {}, true],
    // On-site champ: 50% (100% for Surface).
    ['on-site champ at 50% of earned', 'on-site-champ', 'PARTNER-X', USD(5_000), EARNED_10K, {}, true],
    ['on-site champ above 50% of earned', 'on-site-champ', 'PARTNER-X', USD(5_000) + 1, EARNED_10K, {}, false],
    ['on-site champ in ADD-HUB at 80% of earned', 'on-site-champ', 'ADD-HUB', USD(8_000), EARNED_10K, {}, true],
    // Product seeding: greater of 10% of earned or USD 3,000; no limit for Surface PC & Hub.
    [
      'product seeding: 10% of 10,000 is below 3,000, so 3,000 applies',
      'product-seeding',
      'PARTNER-X',
      USD(3_000),
      EARNED_10K,
      {},
      true,
    ],
    [
      'product seeding above USD 3,000 when 10% is less',
      'product-seeding',
      'PARTNER-X',
      USD(3_000) + 1,
      EARNED_10K,
      {},
      false,
    ],
    [
      'product seeding: 10% of 100,000 = 10,000 applies',
      'product-seeding',
      'PARTNER-X',
      USD(10_000),
      EARNED_100K,
      {},
      true,
    ],
    ['product seeding above 10% of 100,000', 'product-seeding', 'PARTNER-X', USD(10_000) + 1, EARNED_100K, {}, false],
    ['product seeding in ADD-PC is unlimited', 'product-seeding', 'ADD-PC', USD(50_000), EARNED_100K, {}, true],
    ['product seeding in ADD-HUB is unlimited', 'product-seeding', 'ADD-HUB', USD(50_000), EARNED_100K, {}, true],
    // Microsoft-hosted conferences: ≤ 3 attendees, USD 5,000 per person, USD 45,000 per period.
    [
      'conference travel for 3 attendees at 5,000 each',
      'ms-conferences',
      'PARTNER-X',
      USD(15_000),
      EARNED_1M,
      { attendees: 3 },
      true,
    ],
    ['conference with 4 attendees', 'ms-conferences', 'PARTNER-X', USD(1_000), EARNED_1M, { attendees: 4 }, false],
    [
      'conference travel above 5,000 per person for 2',
      'ms-conferences',
      'PARTNER-X',
      USD(10_000) + 1,
      EARNED_1M,
      { attendees: 2 },
      false,
    ],
    ['conference travel at 5,000 for 1', 'ms-conferences', 'PARTNER-X', USD(5_000), EARNED_1M, { attendees: 1 }, true],
    [
      'conference travel reaching exactly 45,000 in the period',
      'ms-conferences',
      'PARTNER-X',
      USD(15_000),
      { ...EARNED_1M, activityUsedByOthersMinor: USD(30_000) },
      { attendees: 3 },
      true,
    ],
    [
      'conference travel above 45,000 in the period',
      'ms-conferences',
      'PARTNER-X',
      USD(15_000),
      { ...EARNED_1M, activityUsedByOthersMinor: USD(30_000) + 1 },
      { attendees: 3 },
      false,
    ],
  ];

  it.each(
    cases.map(([label, code, programCode, claimedMinor, f, metrics, ok]) => ({
      label,
      code,
      programCode,
      claimedMinor,
      f,
      metrics,
      ok,
    })),
  )('when $label then the cap check ok is $ok', ({ code, programCode, claimedMinor, f, metrics, ok }) => {
    const claim = readyClaim(code, { programCode, claimedMinor, metrics: { ...completeMetrics(code), ...metrics } });
    const r = check(claim, undefined, f);
    expect(item(r, 'cap').ok).toBe(ok);
    // A claim above all earned funds also fails "funds"; no other check may fail.
    const overEarned = f.earnedMinor !== undefined && claimedMinor + (f.usedByOthersMinor ?? 0) > f.earnedMinor;
    expect(failingKeys(r)).toEqual([...(ok ? [] : ['cap']), ...(overEarned ? ['funds'] : [])]);
  });

  it('when the conference has 4 attendees then the detail names the limit of 3', () => {
    const claim = readyClaim('ms-conferences', { claimedMinor: USD(1_000), metrics: { attendees: 4 } });
    expect(item(check(claim, undefined, EARNED_1M), 'cap').detail).toMatch(/At most 3 attendees/);
  });

  it.each(ACTIVITIES.filter((a) => !a.cap).map((a) => [a.code]))(
    'when %s has no cap then no cap item is listed',
    (code) => {
      expect(check(readyClaim(code)).items.some((i) => i.key === 'cap')).toBe(false);
    },
  );

  it.each<[string, boolean]>([
    ['ADD-PC', false],
    ['ADD-HUB', false],
    ['ADR-HUB', true],
    ['PARTNER-X', true],
  ])('when employee purchase web setup is claimed in %s then eligible is %s', (programCode, eligible) => {
    const r = check(readyClaim('employee-purchase', { programCode }));
    expect(r.ready).toBe(eligible);
    expect(failingKeys(r)).toEqual(eligible ? [] : ['eligibility']);
  });

  it('when a claim uses up earned funds of a cap-less activity then only the funds check limits it', () => {
    const claim = readyClaim('print-advertising', { claimedMinor: USD(10_000) });
    expect(check(claim, undefined, EARNED_10K).ready).toBe(true);
    expect(activity('print-advertising').cap).toBeUndefined();
  });
});

describe('checkReadiness: deadline', () => {
  const claim = readyClaim('print-advertising'); // 2026-Q3 → deadline 2026-11-14

  it.each<[string, boolean]>([
    ['2026-11-13T23:59:59Z', true],
    ['2026-11-14T00:00:00Z', true],
    ['2026-11-14T23:59:59Z', true],
    ['2026-11-15T00:00:00Z', false],
    ['2027-01-01T00:00:00Z', false],
  ])('when it is %s then the deadline check ok is %s', (now, ok) => {
    expect(claim.deadline).toBe('2026-11-14');
    const r = check(claim, undefined, {}, new Date(now));
    expect(item(r, 'deadline').ok).toBe(ok);
    expect(failingKeys(r)).toEqual(ok ? [] : ['deadline']);
  });

  it('when the deadline passed yesterday then the detail says so', () => {
    const r = check(claim, undefined, {}, new Date('2026-11-15T10:00:00Z'));
    expect(item(r, 'deadline').detail).toBe('The deadline passed 1 day(s) ago');
  });
});

describe('checkReadiness: several failures at once', () => {
  it('when everything is missing then each failing check is listed separately', () => {
    const claim = readyClaim('digital-advertising', { metrics: {} });
    const r = check(claim, [], { earnedMinor: undefined }, new Date('2027-01-01T00:00:00Z'));
    expect(failingKeys(r)).toEqual([
      'invoices',
      'poe:ad-screenshot',
      'poe:landing-page-url',
      'metric:resultsSummary',
      'amount',
      'funds',
      'deadline',
    ]);
    expect(r.ready).toBe(false);
    expect(r.failing.every((i) => i.label.length > 0 && i.detail.length > 0)).toBe(true);
  });
});
