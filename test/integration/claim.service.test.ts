import { randomUUID } from 'node:crypto';
import type { ActorContext } from '../../src/domain/actor';
import type { Claim } from '../../src/domain/claim';
import { ClaimService, type NewClaimInput, MAX_INFO } from '../../src/domain/claim.service';
import { DomainError } from '../../src/domain/errors';
import { ProgramService } from '../../src/domain/program.service';
import type { ReadinessItem } from '../../src/domain/readiness';
import { MongoClaimRepository } from '../../src/store/claims.repository';
import { MongoDocumentRepository } from '../../src/store/documents.repository';
import { MongoProgramRepository } from '../../src/store/programs.repository';
import { TestClock } from '../support/clock';
import { openTestDb, type TestDb } from '../support/db';
import { actor, alice, bob } from '../support/domain-factories';

let t: TestDb;
let claimsRepo: MongoClaimRepository;
let programsRepo: MongoProgramRepository;
let clock: TestClock;
let service: ClaimService;
let programService: ProgramService;

beforeAll(async () => {
  t = await openTestDb();
  claimsRepo = new MongoClaimRepository(t.db);
  programsRepo = new MongoProgramRepository(t.db);
  clock = new TestClock();
  service = new ClaimService(claimsRepo, new MongoDocumentRepository(t.db), programsRepo, clock);
  programService = new ProgramService(programsRepo);
});

beforeEach(() => {
  clock.set('2026-10-01T09:00:00Z');
});

afterAll(async () => {
  await t.drop();
});

interface Org {
  readonly tenantId: string;
  readonly admin: ActorContext;
  readonly user: ActorContext;
}

/**
 * A fresh tenant with an admin, a user and program ADD-PC (USD). With `earned`, the admin records
 * that many dollars of earned funds for 2026-Q3; without, the program only has funds for 2025-Q3.
 */
async function org(earned?: string): Promise<Org> {
  const tenantId = `tenant-${randomUUID()}`;
  const admin = actor(tenantId, alice, ['admin']);
  const user = actor(tenantId, bob, ['user']);
  await programService.setEarnedFunds(
    admin,
    'ADD-PC',
    earned === undefined ? '2025-Q3' : '2026-Q3',
    earned ?? '10000',
    'USD',
  );
  return { tenantId, admin, user };
}

function input(overrides: Partial<NewClaimInput> = {}): NewClaimInput {
  return {
    program: 'ADD-PC',
    activity: 'digital-advertising',
    location: 'DE',
    period: '2026-Q3',
    amount: '1,250.00',
    currency: 'USD',
    description: 'LinkedIn campaign for Surface Laptop',
    ...overrides,
  };
}

async function domainError(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a DomainError, but the call succeeded');
}

/** Adds what digital advertising needs: the invoice, both PoE items and the results metric. */
async function completeClaim(who: ActorContext, claim: Claim): Promise<Claim> {
  let c = (
    await service.addDocument(who, claim.id, claim.version, {
      kind: 'invoice',
      name: 'agency-invoice.pdf',
      note: 'Agency invoice',
      amountMinor: claim.claimedMinor,
      currency: claim.currency,
    })
  ).claim;
  c = (
    await service.addDocument(who, c.id, c.version, {
      kind: 'poe',
      poeKey: 'ad-screenshot',
      name: 'ad.png',
      note: '',
      amountMinor: 0,
      currency: claim.currency,
    })
  ).claim;
  c = (
    await service.addDocument(who, c.id, c.version, {
      kind: 'poe',
      poeKey: 'landing-page-url',
      name: 'landing.png',
      note: 'https://example.com/surface',
      amountMinor: 0,
      currency: claim.currency,
    })
  ).claim;
  return service.updateMetrics(who, c.id, c.version, { resultsSummary: 'CTR 2.1%, 140 leads' });
}

describe('ClaimService.validateNew', () => {
  it('when every field is fine then there are no errors and the program is returned', async () => {
    const o = await org('50000');
    const result = await service.validateNew(o.user, input());
    expect(result.errors).toEqual({});
    expect(result.program?.code).toBe('ADD-PC');
  });

  it('when the program exists but every other field is bad then each gets its own message, currency mismatch included', async () => {
    const o = await org('50000');
    const { errors } = await service.validateNew(
      o.user,
      input({
        activity: 'skywriting',
        location: 'XX',
        period: '2026-Q5',
        amount: '12.345',
        currency: 'EUR',
        description: '   ',
      }),
    );
    expect(Object.keys(errors).sort()).toEqual(['activity', 'amount', 'currency', 'description', 'location', 'period']);
    expect(errors.activity).toMatch(/from the list/);
    expect(errors.location).toMatch(/country or region/);
    expect(errors.period).toContain('2026-Q5');
    expect(errors.amount).toMatch(/amount/);
    expect(errors.currency).toBe('ADD-PC is paid in USD; claim in USD.');
    expect(errors.description).toMatch(/Describe/);
  });

  it('when the program is unknown and the other fields are bad too then all of them are reported at once', async () => {
    const o = await org('50000');
    const { errors, program } = await service.validateNew(
      o.user,
      input({
        program: 'NO-SUCH',
        activity: 'skywriting',
        location: 'Atlantis',
        period: 'soon',
        amount: 'abc',
        currency: 'USD',
        description: '',
      }),
    );
    expect(program).toBeUndefined();
    expect(Object.keys(errors).sort()).toEqual(['activity', 'amount', 'description', 'location', 'period', 'program']);
    expect(errors.program).toBe('There is no program NO-SUCH in this organisation.');
  });

  it.each<[string, Partial<NewClaimInput>, string, RegExp]>([
    ['an empty program', { program: ' ' }, 'program', /Choose a program/],
    ['an empty activity', { activity: '' }, 'activity', /Choose an activity/],
    ['an empty location', { location: '' }, 'location', /Choose a country/],
    ['an empty period', { period: ' ' }, 'period', /usage period/],
    ['an empty amount', { amount: '' }, 'amount', /Enter the amount/],
    ['a zero amount', { amount: '0.00' }, 'amount', /more than zero/],
    ['a negative amount', { amount: '-5' }, 'amount', /Enter an amount/],
    ['an unknown currency', { currency: 'ZZZ' }, 'currency', /ISO code/],
    ['employee purchase in ADD-PC', { activity: 'employee-purchase' }, 'activity', /not eligible in ADD-PC/],
  ])('when the form has %s then exactly that field is reported', async (_label, overrides, field, message) => {
    const o = await org('50000');
    const { errors } = await service.validateNew(o.user, input(overrides));
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field as keyof NewClaimInput]).toMatch(message);
  });
});

describe('ClaimService.create', () => {
  it('when a user creates a claim then it is Editing with its deadline, number and parsed amount', async () => {
    const o = await org('50000');
    const claim = await service.create(o.user, input({ program: 'add-pc', location: 'de', period: '2026-q3' }));
    expect(claim).toMatchObject({
      tenantId: o.tenantId,
      number: 'CLM-000001',
      version: 1,
      status: 'Editing',
      programCode: 'ADD-PC',
      activityCode: 'digital-advertising',
      location: 'DE',
      period: { code: '2026-Q3', start: '2026-07-01', end: '2026-09-30' },
      deadline: '2026-11-14',
      claimedMinor: 125_000,
      approvedMinor: 0,
      currency: 'USD',
      createdBy: bob,
      participants: [bob.id],
      overviewKey: 'ADD-PC|2026-Q3|Editing',
    });
    expect(claim.createdAt).toEqual(new Date('2026-10-01T09:00:00Z'));
    expect(await service.get(o.user, claim.id)).toMatchObject({ number: 'CLM-000001', status: 'Editing' });
  });

  it('when the form is invalid then create refuses with CLAIM.INVALID and the field messages', async () => {
    const o = await org('50000');
    const err = await domainError(service.create(o.user, input({ amount: 'lots', location: '' })));
    expect(err.code).toBe('CLAIM.INVALID');
    expect(Object.keys(err.details.fields as object).sort()).toEqual(['amount', 'location']);
    expect((await claimsRepo.list(o.tenantId, {}, { skip: 0, limit: 10 })).total).toBe(0);
  });

  it('when a member without roles creates a claim then it is refused with AUTH.FORBIDDEN', async () => {
    const o = await org('50000');
    const err = await domainError(service.create(actor(o.tenantId, bob, []), input()));
    expect(err.code).toBe('AUTH.FORBIDDEN');
    expect((await claimsRepo.list(o.tenantId, {}, { skip: 0, limit: 10 })).total).toBe(0);
  });

  it('when a reviewer creates a claim then it is refused with AUTH.FORBIDDEN', async () => {
    const o = await org('50000');
    await expect(service.create(actor(o.tenantId, bob, ['reviewer']), input())).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
  });

  it('when another tenant asks for the claim then it is not found', async () => {
    const o = await org('50000');
    const claim = await service.create(o.user, input());
    await expect(service.get(actor('tenant-elsewhere', bob, ['admin']), claim.id)).rejects.toMatchObject({
      code: 'CLAIM.NOT_FOUND',
    });
    await expect(service.getByNumber(actor('tenant-elsewhere', bob, ['admin']), claim.number)).rejects.toMatchObject({
      code: 'CLAIM.NOT_FOUND',
    });
    expect((await service.getByNumber(o.user, 'clm-000001')).id).toBe(claim.id);
  });
});

describe('ClaimService.comment', () => {
  it('when someone comments then the History gets a claim.commented event and the count goes up', async () => {
    const o = await org('50000');
    const claim = await service.create(o.user, input());
    clock.advanceDays(1);
    const updated = await service.comment(o.admin, claim.id, claim.version, '  Please attach the agency invoice.  ');
    expect(updated).toMatchObject({ version: 2, commentCount: 1, participants: [bob.id, alice.id] });
    const h = await service.history(o.user, claim.id, 0);
    expect(h.events.total).toBe(2);
    expect(h.events.items[0]).toMatchObject({
      seq: 2,
      type: 'claim.commented',
      actor: alice,
      at: new Date('2026-10-02T09:00:00Z'),
      data: { text: 'Please attach the agency invoice.' },
    });
    expect(h.pages).toBe(1);
  });

  it.each<[string, string]>([
    ['empty', '   '],
    ['too long', 'x'.repeat(2001)],
  ])('when the comment is %s then it is refused with INPUT.INVALID and nothing is stored', async (_label, text) => {
    const o = await org('50000');
    const claim = await service.create(o.user, input());
    await expect(service.comment(o.user, claim.id, claim.version, text)).rejects.toMatchObject({
      code: 'INPUT.INVALID',
    });
    expect((await service.get(o.user, claim.id)).version).toBe(1);
  });
});

describe('ClaimService.updateMetrics', () => {
  it('when integer metrics are given with separators then they are stored as numbers', async () => {
    const o = await org('50000');
    const claim = await service.create(o.user, input({ activity: 'telemarketing' }));
    const updated = await service.updateMetrics(o.user, claim.id, claim.version, {
      callsMade: '1,200',
      successfulContacts: ' 85 ',
    });
    expect(updated.metrics).toEqual({ callsMade: 1200, successfulContacts: 85 });
    expect((await service.get(o.user, claim.id)).metrics).toEqual({ callsMade: 1200, successfulContacts: 85 });
  });

  it.each(['abc', '-3', '1.5', '1e3', '9999999999999'])(
    'when an integer metric is "%s" then it is refused naming the metric',
    async (value) => {
      const o = await org('50000');
      const claim = await service.create(o.user, input({ activity: 'telemarketing' }));
      const err = await domainError(
        service.updateMetrics(o.user, claim.id, claim.version, { callsMade: value, successfulContacts: '3' }),
      );
      expect(err.code).toBe('INPUT.INVALID');
      expect(err.details.fields).toEqual({ callsMade: 'Calls made: enter a whole number.' });
      expect((await service.get(o.user, claim.id)).metrics).toEqual({});
    },
  );

  it('when a metric is cleared then it is removed, and when nothing changes then the save is refused', async () => {
    const o = await org('50000');
    let claim = await service.create(o.user, input());
    claim = await service.updateMetrics(o.user, claim.id, claim.version, { resultsSummary: 'CTR 2%' });
    await expect(
      service.updateMetrics(o.user, claim.id, claim.version, { resultsSummary: 'CTR 2%' }),
    ).rejects.toMatchObject({ code: 'INPUT.INVALID' });
    claim = await service.updateMetrics(o.user, claim.id, claim.version, { resultsSummary: '' });
    expect(claim.metrics).toEqual({});
    expect(claim.version).toBe(3);
  });
});

describe('ClaimService.submit', () => {
  it('when the claim lacks documents, metrics and funds then submit is refused with CLAIM.NOT_READY listing each failing item', async () => {
    const o = await org();
    const claim = await service.create(o.user, input());
    const err = await domainError(service.submit(o.user, claim.id, claim.version));
    expect(err.code).toBe('CLAIM.NOT_READY');
    const failing = err.details.failing as ReadinessItem[];
    expect(failing.map((i) => i.key)).toEqual([
      'invoices',
      'poe:ad-screenshot',
      'poe:landing-page-url',
      'metric:resultsSummary',
      'amount',
      'funds',
    ]);
    expect(err.userMessage).toContain('6 item(s)');
    expect(await service.get(o.user, claim.id)).toMatchObject({ status: 'Editing', version: 1 });
  });

  it('when documents, metrics and earned funds are added then submit moves the claim to Submitted', async () => {
    const o = await org();
    let claim = await service.create(o.user, input());
    claim = await completeClaim(o.user, claim);
    // Still no earned funds for 2026-Q3: only "funds" fails now.
    const err = await domainError(service.submit(o.user, claim.id, claim.version));
    expect((err.details.failing as ReadinessItem[]).map((i) => i.key)).toEqual(['funds']);

    await programService.setEarnedFunds(o.admin, 'ADD-PC', '2026-Q3', '50000');
    clock.advanceDays(2);
    const submitted = await service.submit(o.user, claim.id, claim.version);
    expect(submitted).toMatchObject({
      status: 'Submitted',
      overviewKey: 'ADD-PC|2026-Q3|Submitted',
      version: claim.version + 1,
    });
    expect(submitted.submittedAt).toEqual(new Date('2026-10-03T09:00:00Z'));
    const stored = await service.get(o.user, claim.id);
    expect(stored.status).toBe('Submitted');
    const history = await service.history(o.user, claim.id, 0);
    expect(history.events.items[0]).toMatchObject({
      type: 'claim.submitted',
      data: { from: 'Editing', to: 'Submitted', claimedMinor: 125_000 },
    });
    expect(history.events.items.filter((e) => e.type === 'document.added')).toHaveLength(3);
    const picture = await service.picture(stored);
    expect(picture.documents.map((d) => d.kind).sort()).toEqual(['invoice', 'poe', 'poe']);
  });

  it('when the claim is submitted then metrics, additional info and documents can no longer change', async () => {
    const o = await org('50000');
    let claim = await completeClaim(o.user, await service.create(o.user, input()));
    claim = await service.submit(o.user, claim.id, claim.version);
    const v = claim.version;
    await expect(service.updateMetrics(o.user, claim.id, v, { resultsSummary: 'changed' })).rejects.toMatchObject({
      code: 'CLAIM.NOT_EDITABLE',
    });
    await expect(service.updateAdditionalInfo(o.user, claim.id, v, 'late note')).rejects.toMatchObject({
      code: 'CLAIM.NOT_EDITABLE',
    });
    await expect(
      service.addDocument(o.user, claim.id, v, {
        kind: 'invoice',
        name: 'late.pdf',
        note: '',
        amountMinor: 1,
        currency: 'USD',
      }),
    ).rejects.toMatchObject({ code: 'CLAIM.NOT_EDITABLE' });
    await expect(service.submit(o.user, claim.id, v)).rejects.toMatchObject({ code: 'CLAIM.NOT_EDITABLE' });
    const stored = await service.get(o.user, claim.id);
    expect(stored.version).toBe(v);
    expect((await service.picture(stored)).documents).toHaveLength(3);
    // Comments stay open after submit.
    expect((await service.comment(o.user, claim.id, v, 'Submitted, thanks all')).version).toBe(v + 1);
  });

  it('when a member without roles submits then it is refused with AUTH.FORBIDDEN', async () => {
    const o = await org('50000');
    const claim = await completeClaim(o.user, await service.create(o.user, input()));
    await expect(service.submit(actor(o.tenantId, alice, []), claim.id, claim.version)).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
    expect((await service.get(o.user, claim.id)).status).toBe('Editing');
  });

  it('when the deadline has passed then submit is refused on the deadline item', async () => {
    const o = await org('50000');
    const claim = await completeClaim(o.user, await service.create(o.user, input()));
    clock.set('2026-11-15T00:00:00Z');
    const err = await domainError(service.submit(o.user, claim.id, claim.version));
    expect(err.code).toBe('CLAIM.NOT_READY');
    expect((err.details.failing as ReadinessItem[]).map((i) => i.key)).toEqual(['deadline']);
  });

  it("when other claims already hold the period's earned funds then submit is refused on funds", async () => {
    const o = await org('2000');
    const first = await completeClaim(o.user, await service.create(o.user, input()));
    await service.submit(o.user, first.id, first.version);
    const second = await completeClaim(o.user, await service.create(o.user, input()));
    const err = await domainError(service.submit(o.user, second.id, second.version));
    expect((err.details.failing as ReadinessItem[]).map((i) => i.key)).toEqual(['funds']);
  });
});

describe('ClaimService stale cards', () => {
  it.each<[string, (o: Org, claim: Claim) => Promise<unknown>]>([
    ['comment', (o, c) => service.comment(o.user, c.id, c.version - 1, 'hello')],
    ['updateMetrics', (o, c) => service.updateMetrics(o.user, c.id, c.version - 1, { resultsSummary: 'x' })],
    ['updateAdditionalInfo', (o, c) => service.updateAdditionalInfo(o.user, c.id, c.version - 1, 'x')],
    [
      'addDocument',
      (o, c) =>
        service.addDocument(o.user, c.id, c.version - 1, {
          kind: 'invoice',
          name: 'a.pdf',
          note: '',
          amountMinor: 1,
          currency: 'USD',
        }),
    ],
    ['submit', (o, c) => service.submit(o.user, c.id, c.version - 1)],
  ])(
    'when %s is sent from a card with an old version then it throws CLAIM.CHANGED and stores nothing',
    async (_name, act) => {
      const o = await org('50000');
      const created = await service.create(o.user, input());
      const claim = await service.comment(o.admin, created.id, created.version, 'moved on');
      await expect(act(o, claim)).rejects.toMatchObject({ code: 'CLAIM.CHANGED' });
      expect((await service.get(o.user, claim.id)).version).toBe(claim.version);
      expect((await service.picture(claim)).documents).toEqual([]);
    },
  );
});

describe('ClaimService.updateAdditionalInfo', () => {
  it('when info is saved then it is trimmed and recorded, and over MAX_INFO characters it is refused', async () => {
    const o = await org('50000');
    const claim = await service.create(o.user, input());
    const updated = await service.updateAdditionalInfo(
      o.user,
      claim.id,
      claim.version,
      '  Campaign ran in two waves.  ',
    );
    expect(updated).toMatchObject({ additionalInfo: 'Campaign ran in two waves.', version: 2 });
    await expect(
      service.updateAdditionalInfo(o.user, claim.id, updated.version, 'y'.repeat(MAX_INFO + 1)),
    ).rejects.toMatchObject({ code: 'INPUT.INVALID' });
    await expect(
      service.updateAdditionalInfo(o.user, claim.id, updated.version, 'Campaign ran in two waves.'),
    ).rejects.toMatchObject({ code: 'INPUT.INVALID' });
    expect((await service.get(o.user, claim.id)).additionalInfo).toBe('Campaign ran in two waves.');
  });
});
