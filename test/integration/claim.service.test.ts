import { SYSTEM } from '../../src/domain/claim';
import { MAX_INFO, type NewClaimInput } from '../../src/domain/claim.service';
import {
  BadTransitionError,
  ClaimChangedError,
  ClaimFormError,
  ClaimNotEditableError,
  ClaimNotFoundError,
  ClaimNotReadyError,
  ForbiddenError,
  InvalidInputError,
} from '../../src/domain/errors';
import { actor } from '../support/domain-factories';
import {
  aReadyClaim,
  aSubmittedClaim,
  addDocument,
  alice,
  anActionRequiredClaim,
  anOrg,
  bob,
  claimInput,
  cole,
  completeClaim,
  domainError,
  heldBy,
  useServices,
  type Org,
  type Services,
  fromHome,
} from '../support/services';

const services = useServices();

/** An organisation whose ADD-PC has earned funds only for an old period: 2026-Q3 claims find none. */
function withoutQ3Funds(s: Services): Promise<Org> {
  return anOrg(s, [['ADD-PC', '2025-Q3', '10000', 'USD']]);
}

function withQ3Funds(s: Services, amount = '50000'): Promise<Org> {
  return anOrg(s, [['ADD-PC', '2026-Q3', amount, 'USD']]);
}

async function formError(p: Promise<unknown>): Promise<ClaimFormError> {
  const err = await domainError(p);
  expect(err).toBeInstanceOf(ClaimFormError);
  return err as ClaimFormError;
}

const home = { serviceUrl: 'https://smba.example/', channelId: 'msteams', botId: '28:bot' };

describe('ClaimService.create', () => {
  it('when a user creates a claim then its picture shows an Editing claim with its deadline, number and parsed amount', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const picture = await s.claims.create(
      o.user,
      claimInput({ program: 'add-pc', location: 'de', period: '2026-q3' }),
      { ...home, conversationId: 'conv-1' },
    );
    expect(picture.claim).toMatchObject({
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
      contributors: [bob.id],
      overviewKey: 'ADD-PC|2026-Q3|Editing',
      home: { conversationId: 'conv-1' },
    });
    expect(picture.claim.createdAt).toEqual(new Date('2026-10-01T09:00:00Z'));
    expect(picture.documents).toEqual([]);
    expect(picture.readiness.ready).toBe(false);
    expect(picture.funds).toMatchObject({ earnedMinor: 5_000_000, usedByOthersMinor: 0 });
    expect(await s.claims.get(o.user, picture.claim.id)).toMatchObject({ number: 'CLM-000001', status: 'Editing' });
  });

  it('when the program exists but every other field is bad then ClaimFormError names each field, currency mismatch included', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const err = await formError(
      s.claims.create(
        o.user,
        claimInput({
          activity: 'skywriting',
          location: 'XX',
          period: '2026-Q5',
          amount: '12.345',
          currency: 'EUR',
          description: '   ',
        }),
      ),
    );
    expect(Object.keys(err.fields).sort()).toEqual([
      'activity',
      'amount',
      'currency',
      'description',
      'location',
      'period',
    ]);
    expect(err.fields.activity).toMatch(/from the list/);
    expect(err.fields.location).toMatch(/country or region/);
    expect(err.fields.period).toContain('2026-Q5');
    expect(err.fields.amount).toMatch(/amount/);
    expect(err.fields.currency).toBe('ADD-PC is paid in USD; claim in USD.');
    expect(err.fields.description).toMatch(/Describe/);
    expect((await s.claimsRepo.list(o.tenantId, {}, { skip: 0, limit: 10 })).total).toBe(0);
  });

  it('when the program is unknown and the other fields are bad too then all of them are reported at once', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const err = await formError(
      s.claims.create(
        o.user,
        claimInput({
          program: 'NO-SUCH',
          activity: 'skywriting',
          location: 'Atlantis',
          period: 'soon',
          amount: 'abc',
          currency: 'USD',
          description: '',
        }),
      ),
    );
    expect(Object.keys(err.fields).sort()).toEqual([
      'activity',
      'amount',
      'description',
      'location',
      'period',
      'program',
    ]);
    expect(err.fields.program).toBe('There is no program NO-SUCH in this organisation.');
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
    ['a month in a quarterly program', { period: '2026-10' }, 'period', /usage periods are quarters/],
    ['a period that has not started', { period: '2027-Q1' }, 'period', /2027-Q1 has not started yet/],
    [
      'a period whose deadline passed',
      { period: '2026-Q2' },
      'period',
      /deadline for 2026-Q2 claims passed on 2026-08-14/,
    ],
  ])('when the form has %s then exactly that field is reported', async (_label, overrides, field, message) => {
    const s = services();
    const o = await withQ3Funds(s);
    const err = await formError(s.claims.create(o.user, claimInput(overrides)));
    expect(Object.keys(err.fields)).toEqual([field]);
    expect(err.fields[field]).toMatch(message);
  });

  it('when the next quarter has started then a claim can be for it, though it has no earned funds yet', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const picture = await s.claims.create(o.user, claimInput({ period: '2026-Q4' }));
    expect(picture.claim).toMatchObject({ period: { code: '2026-Q4' }, deadline: '2027-02-14' });
    expect(picture.readiness.failing.map((i) => i.key)).toContain('funds');
  });

  it.each([
    ['a colleague', []],
    ['a reviewer', ['reviewer']],
  ] as const)(
    'when %s creates a claim then it is refused with AUTH.FORBIDDEN and nothing is stored',
    async (_label, roles) => {
      const s = services();
      const o = await withQ3Funds(s);
      const err = await domainError(s.claims.create(actor(o.tenantId, cole, roles), claimInput()));
      expect(err).toBeInstanceOf(ForbiddenError);
      expect((await s.claimsRepo.list(o.tenantId, {}, { skip: 0, limit: 10 })).total).toBe(0);
    },
  );

  it('when another tenant asks for the claim then it is not found, by id or by number', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await s.claims.create(o.user, claimInput());
    const elsewhere = actor('tenant-elsewhere', bob, ['admin']);
    await expect(s.claims.get(elsewhere, claim.id)).rejects.toBeInstanceOf(ClaimNotFoundError);
    await expect(s.claims.getByNumber(elsewhere, claim.number)).rejects.toBeInstanceOf(ClaimNotFoundError);
    expect((await s.claims.getByNumber(o.user, 'clm-000001')).id).toBe(claim.id);
  });
});

describe('ClaimService.choices', () => {
  it('when the form is opened then each program offers its open periods, newest first, until their deadline passes', async () => {
    const s = services();
    const o = await anOrg(s, [
      ['ADD-PC', '2026-Q3', '10000', 'USD'],
      ['ADR-HUB', '2026-08', '1000', 'EUR'],
    ]);
    const codes = async () =>
      (await s.claims.choices(o.user)).map((c) => [c.program.code, c.periods.map((p) => p.code)]);
    expect(await codes()).toEqual([
      ['ADD-PC', ['2026-Q4', '2026-Q3']],
      ['ADR-HUB', ['2026-10', '2026-09', '2026-08']],
    ]);
    s.clock.set('2026-11-15T00:00:00Z');
    expect(await codes()).toEqual([
      ['ADD-PC', ['2026-Q4']],
      ['ADR-HUB', ['2026-11', '2026-10']],
    ]);
  });
});

describe('ClaimService.list', () => {
  it('when a colleague lists claims then they see only those whose card lives in their conversation; partners see all', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const here = await s.claims.create(o.user, claimInput(), { ...home, conversationId: 'conv-here' });
    await s.claims.create(o.user, claimInput(), { ...home, conversationId: 'conv-other' });
    const mine = await s.claims.create(o.admin, claimInput(), { ...home, conversationId: 'conv-here' });

    const colleague = await s.claims.list(o.colleague, {}, 'conv-here', 0, 20);
    expect(colleague.items.map((c) => c.id).sort()).toEqual([here.claim.id, mine.claim.id].sort());
    expect((await s.claims.list(o.colleague, {}, undefined, 0, 20)).total).toBe(0);
    expect((await s.claims.list(o.user, {}, 'conv-here', 0, 20)).total).toBe(3);
    expect((await s.claims.list(o.admin, { mine: true }, undefined, 0, 20)).items.map((c) => c.id)).toEqual([
      mine.claim.id,
    ]);
  });
});

describe('ClaimService.comment', () => {
  it('when someone comments then History gets claim.commented, the count goes up and they are a commenter, not a contributor', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await s.claims.create(o.user, claimInput());
    s.clock.advanceDays(1);
    const updated = await s.claims.comment(
      o.admin,
      claim.id,
      claim.version,
      '  Please attach the agency invoice.  ',
      fromHome(o.admin, claim),
    );
    expect(updated.claim).toMatchObject({
      version: 2,
      commentCount: 1,
      participants: [bob.id, alice.id],
      commenters: [alice.id],
      contributors: [bob.id],
    });
    const h = await s.claims.history(o.user, claim.id, 0, fromHome(o.user, claim));
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

  it('when a colleague comments then it is kept like anyone else’s', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await s.claims.create(o.user, claimInput(), { ...home, conversationId: 'conv-team' });
    const updated = await s.claims.comment(
      o.colleague,
      claim.id,
      claim.version,
      'The ad ran on 12 September.',
      fromHome(o.colleague, claim),
    );
    expect(updated.claim).toMatchObject({ commentCount: 1, commenters: [cole.id] });
  });

  it.each<[string, string]>([
    ['empty', '   '],
    ['too long', 'x'.repeat(2001)],
  ])(
    'when the comment is %s then it is refused with the current picture and nothing is stored',
    async (_label, text) => {
      const s = services();
      const o = await withQ3Funds(s);
      const { claim } = await s.claims.create(o.user, claimInput());
      const err = await domainError(s.claims.comment(o.user, claim.id, claim.version, text, fromHome(o.user, claim)));
      expect(err).toBeInstanceOf(InvalidInputError);
      expect(err.picture?.claim).toMatchObject({ id: claim.id, version: 1 });
      expect((await s.claims.get(o.user, claim.id)).version).toBe(1);
    },
  );
});

describe('ClaimService.updateMetrics', () => {
  it('when integer metrics are given with separators then they are stored as numbers', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await s.claims.create(o.user, claimInput({ activity: 'telemarketing' }));
    const updated = await s.claims.updateMetrics(o.user, claim.id, claim.version, {
      callsMade: '1,200',
      successfulContacts: ' 85 ',
    });
    expect(updated.claim.metrics).toEqual({ callsMade: 1200, successfulContacts: 85 });
    expect((await s.claims.get(o.user, claim.id)).metrics).toEqual({ callsMade: 1200, successfulContacts: 85 });
  });

  it.each(['abc', '-3', '1.5', '1e3', '9999999999999'])(
    'when an integer metric is "%s" then it is refused naming the metric',
    async (value) => {
      const s = services();
      const o = await withQ3Funds(s);
      const { claim } = await s.claims.create(o.user, claimInput({ activity: 'telemarketing' }));
      const err = await domainError(
        s.claims.updateMetrics(o.user, claim.id, claim.version, { callsMade: value, successfulContacts: '3' }),
      );
      expect(err).toBeInstanceOf(InvalidInputError);
      expect((err as InvalidInputError).fields).toEqual({ callsMade: 'Calls made: enter a whole number.' });
      expect((await s.claims.get(o.user, claim.id)).metrics).toEqual({});
    },
  );

  it('when a metric is cleared then it is removed, and when nothing changes then the save is refused', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    let { claim } = await s.claims.create(o.user, claimInput());
    claim = (await s.claims.updateMetrics(o.user, claim.id, claim.version, { resultsSummary: 'CTR 2%' })).claim;
    await expect(
      s.claims.updateMetrics(o.user, claim.id, claim.version, { resultsSummary: 'CTR 2%' }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    claim = (await s.claims.updateMetrics(o.user, claim.id, claim.version, { resultsSummary: '' })).claim;
    expect(claim.metrics).toEqual({});
    expect(claim.version).toBe(3);
  });
});

describe('ClaimService.submit', () => {
  it('when the claim lacks documents, metrics and funds then submit is refused listing each failing item', async () => {
    const s = services();
    const o = await withoutQ3Funds(s);
    const { claim } = await s.claims.create(o.user, claimInput());
    const err = await domainError(s.claims.submit(o.user, claim.id, claim.version));
    expect(err).toBeInstanceOf(ClaimNotReadyError);
    expect((err as ClaimNotReadyError).failing.map((i) => i.key)).toEqual([
      'invoices',
      'poe:ad-screenshot',
      'poe:landing-page-url',
      'metric:resultsSummary',
      'amount',
      'funds',
    ]);
    expect(err.userMessage).toContain('6 item(s)');
    expect(err.picture?.claim).toMatchObject({ id: claim.id, status: 'Editing' });
    expect(await s.claims.get(o.user, claim.id)).toMatchObject({ status: 'Editing', version: 1 });
    expect(await heldBy(s, claim)).toBeUndefined();
  });

  it('when documents, metrics and earned funds are added then submit moves the claim to Submitted and its funds are held', async () => {
    const s = services();
    const o = await withoutQ3Funds(s);
    const { claim: created } = await s.claims.create(o.user, claimInput());
    const claim = await completeClaim(s, o.user, created);
    // Still no earned funds for 2026-Q3: only "funds" fails now.
    const err = await domainError(s.claims.submit(o.user, claim.id, claim.version));
    expect((err as ClaimNotReadyError).failing.map((i) => i.key)).toEqual(['funds']);

    await s.programs.setEarnedFunds(o.admin, 'ADD-PC', '2026-Q3', '50000');
    s.clock.advanceDays(2);
    const { picture, resubmitted } = await s.claims.submit(o.user, claim.id, claim.version);
    expect(resubmitted).toBe(false);
    expect(picture.claim).toMatchObject({
      status: 'Submitted',
      overviewKey: 'ADD-PC|2026-Q3|Submitted',
      version: claim.version + 1,
      submittedAt: new Date('2026-10-03T09:00:00Z'),
      firstSubmittedAt: new Date('2026-10-03T09:00:00Z'),
    });
    expect(picture.funds).toMatchObject({ earnedMinor: 5_000_000, usedByOthersMinor: 0 });
    expect((await s.claims.get(o.user, claim.id)).status).toBe('Submitted');
    expect(await heldBy(s, claim)).toBe(125_000);
    const history = await s.claims.history(o.user, claim.id, 0, fromHome(o.user, claim));
    expect(history.events.items[0]).toMatchObject({
      type: 'claim.submitted',
      data: { from: 'Editing', to: 'Submitted', claimedMinor: 125_000 },
    });
    expect(history.events.items.filter((e) => e.type === 'document.added')).toHaveLength(3);
    expect(picture.documents.map((d) => d.kind).sort()).toEqual(['invoice', 'poe', 'poe']);
  });

  it('when the claim is submitted then metrics, additional info, details and documents can no longer change, but comments can', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await aSubmittedClaim(s, o);
    const v = claim.version;
    const refusals = [
      s.claims.updateMetrics(o.user, claim.id, v, { resultsSummary: 'changed' }),
      s.claims.updateAdditionalInfo(o.user, claim.id, v, 'late note'),
      s.claims.edit(o.user, claim.id, v, { ...claimInput(), amount: '1000' }),
      s.documents.startUpload(o.user, claim.id, v, {
        kind: 'invoice',
        vendor: 'Late',
        invoiceNumber: 'L-1',
        invoiceDate: '2026-09-30',
        amount: '1',
      }),
      s.claims.submit(o.user, claim.id, v),
    ];
    for (const refusal of refusals) expect(await domainError(refusal)).toBeInstanceOf(ClaimNotEditableError);
    const stored = await s.claims.get(o.user, claim.id);
    expect(stored.version).toBe(v);
    expect(stored.documents).toHaveLength(3);
    expect(
      (await s.claims.comment(o.user, claim.id, v, 'Submitted, thanks all', fromHome(o.user, claim))).claim.version,
    ).toBe(v + 1);
  });

  it('when a colleague or a reviewer submits then it is refused with AUTH.FORBIDDEN', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const claim = await aReadyClaim(s, o);
    for (const who of [o.colleague, o.reviewer])
      expect(await domainError(s.claims.submit(who, claim.id, claim.version))).toBeInstanceOf(ForbiddenError);
    expect((await s.claims.get(o.user, claim.id)).status).toBe('Editing');
  });

  it('when the deadline has passed then submit is refused on the deadline item', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const claim = await aReadyClaim(s, o);
    s.clock.set('2026-11-15T00:00:00Z');
    const err = await domainError(s.claims.submit(o.user, claim.id, claim.version));
    expect((err as ClaimNotReadyError).failing.map((i) => i.key)).toEqual(['deadline']);
  });

  it('when a claim first submitted in time is sent back and resubmitted after the deadline then it is not late', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await anActionRequiredClaim(s, o);
    s.clock.set('2026-11-20T09:00:00Z');
    const { picture, resubmitted } = await s.claims.submit(o.user, claim.id, claim.version);
    expect(resubmitted).toBe(true);
    expect(picture.claim).toMatchObject({ status: 'Submitted', firstSubmittedAt: new Date('2026-10-01T09:00:00Z') });
    expect(picture.claim).not.toHaveProperty('dueDate');
  });

  it("when other claims already hold the period's earned funds then submit is refused on funds", async () => {
    const s = services();
    const o = await withQ3Funds(s, '2000');
    await aSubmittedClaim(s, o);
    const second = await aReadyClaim(s, o);
    const err = await domainError(s.claims.submit(o.user, second.id, second.version));
    expect((err as ClaimNotReadyError).failing.map((i) => i.key)).toEqual(['funds']);
    expect(err.picture?.funds).toMatchObject({ earnedMinor: 200_000, usedByOthersMinor: 125_000 });
    expect(await heldBy(s, second)).toBeUndefined();
  });
});

describe('ClaimService stale cards', () => {
  it.each<[string, (s: Services, o: Org, id: string, staleVersion: number) => Promise<unknown>]>([
    ['comment', (s, o, id, v) => s.claims.comment(o.user, id, v, 'hello', fromHome(o.user, {}))],
    ['updateMetrics', (s, o, id, v) => s.claims.updateMetrics(o.user, id, v, { resultsSummary: 'x' })],
    ['updateAdditionalInfo', (s, o, id, v) => s.claims.updateAdditionalInfo(o.user, id, v, 'x')],
    ['edit', (s, o, id, v) => s.claims.edit(o.user, id, v, { ...claimInput(), amount: '99' })],
    ['withdraw', (s, o, id, v) => s.claims.withdraw(o.user, id, v, 'duplicate')],
    [
      'startUpload',
      (s, o, id, v) =>
        s.documents.startUpload(o.user, id, v, {
          kind: 'invoice',
          vendor: 'A',
          invoiceNumber: '1',
          invoiceDate: '2026-09-01',
          amount: '1',
        }),
    ],
    ['submit', (s, o, id, v) => s.claims.submit(o.user, id, v)],
  ])(
    'when %s is sent from a card with an old version then it is refused with the current card and stores nothing',
    async (_name, act) => {
      const s = services();
      const o = await withQ3Funds(s);
      const created = await s.claims.create(o.user, claimInput());
      const { claim } = await s.claims.comment(
        o.admin,
        created.claim.id,
        created.claim.version,
        'moved on',
        fromHome(o.admin, created.claim),
      );
      const err = await domainError(act(s, o, claim.id, claim.version - 1));
      expect(err).toBeInstanceOf(ClaimChangedError);
      expect(err.picture?.claim).toMatchObject({ id: claim.id, version: claim.version });
      const stored = await s.claims.get(o.user, claim.id);
      expect(stored).toMatchObject({ version: claim.version, status: 'Editing', claimedMinor: 125_000, documents: [] });
    },
  );
});

describe('ClaimService.updateAdditionalInfo', () => {
  it('when info is saved then it is trimmed and recorded; over MAX_INFO characters or unchanged it is refused', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await s.claims.create(o.user, claimInput());
    const updated = await s.claims.updateAdditionalInfo(
      o.user,
      claim.id,
      claim.version,
      '  Campaign ran in two waves.  ',
    );
    expect(updated.claim).toMatchObject({ additionalInfo: 'Campaign ran in two waves.', version: 2 });
    await expect(s.claims.updateAdditionalInfo(o.user, claim.id, 2, 'y'.repeat(MAX_INFO + 1))).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(
      s.claims.updateAdditionalInfo(o.user, claim.id, 2, 'Campaign ran in two waves.'),
    ).rejects.toBeInstanceOf(InvalidInputError);
    expect(await s.claims.get(o.user, claim.id)).toMatchObject({
      additionalInfo: 'Campaign ran in two waves.',
      version: 2,
    });
  });
});

describe('ClaimService.edit', () => {
  const edited = {
    activity: 'digital-advertising',
    location: 'DE',
    period: '2026-Q3',
    amount: '1,250.00',
    description: 'LinkedIn campaign for Surface Laptop',
  };

  it('when a partner edits every field then History has claim.edited with each change from → to in people’s words', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await s.claims.create(o.user, claimInput());
    s.clock.advanceDays(1);
    const picture = await s.claims.edit(o.admin, claim.id, claim.version, {
      activity: 'direct-mail',
      location: 'fr',
      period: '2026-Q4',
      amount: '990.50',
      description: '  Mailing to 2,000 SMB customers  ',
    });
    expect(picture.claim).toMatchObject({
      version: 2,
      activityCode: 'direct-mail',
      location: 'FR',
      period: { code: '2026-Q4' },
      deadline: '2027-02-14',
      claimedMinor: 99_050,
      description: 'Mailing to 2,000 SMB customers',
      overviewKey: 'ADD-PC|2026-Q4|Editing',
      contributors: [bob.id, alice.id],
    });
    const [event] = (await s.claims.history(o.user, claim.id, 0, fromHome(o.user, claim))).events.items;
    expect(event).toMatchObject({
      seq: 2,
      type: 'claim.edited',
      actor: alice,
      at: new Date('2026-10-02T09:00:00Z'),
      data: {
        changes: {
          activity: ['Digital advertising', 'Direct mail, email, SMS'],
          location: ['Germany', 'France'],
          period: ['2026-Q3', '2026-Q4'],
          amount: ['USD 1,250.00', 'USD 990.50'],
          description: ['LinkedIn campaign for Surface Laptop', 'Mailing to 2,000 SMB customers'],
        },
      },
    });
  });

  it('when only the amount changes then History names only the amount', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await s.claims.create(o.user, claimInput());
    await s.claims.edit(o.user, claim.id, claim.version, { ...edited, amount: '1300' });
    const [event] = (await s.claims.history(o.user, claim.id, 0, fromHome(o.user, claim))).events.items;
    expect(event!.data).toEqual({ changes: { amount: ['USD 1,250.00', 'USD 1,300.00'] } });
  });

  it('when the edit changes nothing then it is refused with "Nothing changed" and no event is stored', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await s.claims.create(o.user, claimInput());
    const err = await domainError(s.claims.edit(o.user, claim.id, claim.version, { ...edited, location: 'de ' }));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.userMessage).toBe('Nothing changed: the claim already has these values.');
    expect(err.picture?.claim.version).toBe(1);
    expect((await s.claims.history(o.user, claim.id, 0, fromHome(o.user, claim))).events.total).toBe(1);
  });

  it('when the period’s deadline has passed then the claim may keep its period but not move to a closed, unstarted or wrong-length one', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await s.claims.create(o.user, claimInput());
    s.clock.set('2026-11-20T09:00:00Z');

    const kept = await s.claims.edit(o.user, claim.id, claim.version, { ...edited, amount: '1100' });
    expect(kept.claim).toMatchObject({ period: { code: '2026-Q3' }, claimedMinor: 110_000 });

    for (const [periodCode, message] of [
      ['2026-Q2', /deadline for 2026-Q2 claims passed/],
      ['2027-Q1', /2027-Q1 has not started yet/],
      ['2026-11', /usage periods are quarters/],
    ] as const) {
      const err = await formError(
        s.claims.edit(o.user, claim.id, kept.claim.version, { ...edited, period: periodCode }),
      );
      expect(Object.keys(err.fields)).toEqual(['period']);
      expect(err.fields.period).toMatch(message);
      expect(err.picture?.claim.period.code).toBe('2026-Q3');
    }
    const moved = await s.claims.edit(o.user, claim.id, kept.claim.version, { ...edited, period: '2026-Q4' });
    expect(moved.claim).toMatchObject({ period: { code: '2026-Q4' }, deadline: '2027-02-14' });
  });

  it('when the edit form has bad fields then ClaimFormError names them and the claim is unchanged', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await s.claims.create(o.user, claimInput());
    const err = await formError(
      s.claims.edit(o.user, claim.id, claim.version, {
        ...edited,
        amount: 'lots',
        location: 'Atlantis',
        description: '',
      }),
    );
    expect(Object.keys(err.fields).sort()).toEqual(['amount', 'description', 'location']);
    expect(await s.claims.get(o.user, claim.id)).toMatchObject({ version: 1, claimedMinor: 125_000 });
  });

  it('when a colleague or a reviewer edits then it is refused', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await s.claims.create(o.user, claimInput());
    for (const who of [o.colleague, o.reviewer])
      expect(await domainError(s.claims.edit(who, claim.id, claim.version, { ...edited, amount: '1' }))).toBeInstanceOf(
        ForbiddenError,
      );
  });

  it('when a claim sent back for information is edited to a lower amount then its held funds go down to it', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await anActionRequiredClaim(s, o);
    expect(await heldBy(s, claim)).toBe(125_000);
    const picture = await s.claims.edit(o.user, claim.id, claim.version, { ...edited, amount: '1000' });
    expect(picture.claim).toMatchObject({ status: 'ActionRequired', claimedMinor: 100_000 });
    expect(await heldBy(s, claim)).toBe(100_000);
  });
});

describe('ClaimService.withdraw', () => {
  it('when a partner withdraws a draft with a reason then it is Withdrawn, read-only, and History keeps the reason', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await s.claims.create(o.user, claimInput());
    s.clock.advanceDays(1);
    const picture = await s.claims.withdraw(o.user, claim.id, claim.version, '  Duplicate of CLM-000002  ');
    expect(picture.claim).toMatchObject({
      status: 'Withdrawn',
      overviewKey: 'ADD-PC|2026-Q3|Withdrawn',
      withdrawal: { reason: 'Duplicate of CLM-000002', by: bob, at: new Date('2026-10-02T09:00:00Z') },
    });
    const [event] = (await s.claims.history(o.user, claim.id, 0, fromHome(o.user, claim))).events.items;
    expect(event).toMatchObject({
      type: 'claim.withdrawn',
      actor: bob,
      data: { reason: 'Duplicate of CLM-000002', from: 'Editing', to: 'Withdrawn' },
    });
    const err = await domainError(s.claims.updateAdditionalInfo(o.user, claim.id, picture.claim.version, 'more'));
    expect(err).toBeInstanceOf(ClaimNotEditableError);
    expect(err.userMessage).toMatch(/withdrawn/);
  });

  it('when the reason is empty then the withdrawal is refused and the claim stays as it was', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await s.claims.create(o.user, claimInput());
    const err = await domainError(s.claims.withdraw(o.user, claim.id, claim.version, '   '));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.userMessage).toMatch(/Say why you withdraw/);
    expect(await s.claims.get(o.user, claim.id)).toMatchObject({ status: 'Editing', version: 1 });
  });

  it('when a claim waiting for information is withdrawn then its funds are given back and its due date is cleared', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await anActionRequiredClaim(s, o);
    expect(claim.dueDate).toBe('2026-10-31');
    expect(await heldBy(s, claim)).toBe(125_000);
    const picture = await s.claims.withdraw(o.user, claim.id, claim.version, 'The campaign was cancelled.');
    expect(picture.claim.status).toBe('Withdrawn');
    expect(picture.claim).not.toHaveProperty('dueDate');
    expect(await s.claims.get(o.user, claim.id)).not.toHaveProperty('dueDate');
    expect(await heldBy(s, claim)).toBeUndefined();
    expect(
      (await s.funds.budget({ tenantId: o.tenantId, programCode: 'ADD-PC', periodCode: '2026-Q3' }, 'USD'))
        .remainingMinor,
    ).toBe(5_000_000);
  });

  it('when a submitted claim is withdrawn then it is refused: only drafts and claims waiting for information can be', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await aSubmittedClaim(s, o);
    expect(await domainError(s.claims.withdraw(o.user, claim.id, claim.version, 'changed my mind'))).toBeInstanceOf(
      BadTransitionError,
    );
    expect(await heldBy(s, claim)).toBe(125_000);
  });

  it('when a colleague or a reviewer withdraws then it is refused', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await s.claims.create(o.user, claimInput());
    for (const who of [o.colleague, o.reviewer])
      expect(await domainError(s.claims.withdraw(who, claim.id, claim.version, 'no'))).toBeInstanceOf(ForbiddenError);
  });
});

describe('ClaimService.expire', () => {
  it('when a draft is expired then it is Expired, in the name of the bot, with History saying which deadline passed', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await s.claims.create(o.user, claimInput());
    s.clock.set('2026-11-15T02:00:00Z');
    const expired = await s.claims.expire(claim);
    expect(expired).toMatchObject({
      status: 'Expired',
      expiredAt: new Date('2026-11-15T02:00:00Z'),
      overviewKey: 'ADD-PC|2026-Q3|Expired',
    });
    const [event] = (await s.claims.history(o.user, claim.id, 0, fromHome(o.user, claim))).events.items;
    expect(event).toMatchObject({
      type: 'claim.expired',
      actor: SYSTEM,
      data: { deadline: '2026-11-14', from: 'Editing', to: 'Expired' },
    });
    const err = await domainError(s.claims.updateAdditionalInfo(o.user, claim.id, expired!.version, 'late'));
    expect(err.userMessage).toMatch(/deadline passed before it was submitted/);
  });

  it('when the claim is not a draft then expire leaves it alone', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await aSubmittedClaim(s, o);
    s.clock.set('2026-11-15T02:00:00Z');
    expect(await s.claims.expire(claim)).toBeUndefined();
    expect(await s.claims.get(o.user, claim.id)).toMatchObject({ status: 'Submitted', version: claim.version });
  });

  it('when the draft changed since it was read then expire leaves it for the next sweep', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await s.claims.create(o.user, claimInput());
    await s.claims.comment(o.user, claim.id, claim.version, 'still working on it', fromHome(o.user, claim));
    s.clock.set('2026-11-15T02:00:00Z');
    expect(await s.claims.expire(claim)).toBeUndefined();
    expect(await s.claims.get(o.user, claim.id)).toMatchObject({ status: 'Editing', version: 2 });
  });
});

describe('documents on the claim (through the upload path)', () => {
  it('when a document is added then the claim holds it and History records document.added in the uploader’s name', async () => {
    const s = services();
    const o = await withQ3Funds(s);
    const { claim } = await s.claims.create(o.user, claimInput());
    const updated = await addDocument(s, o.admin, claim, {
      kind: 'invoice',
      vendor: 'Agency',
      invoiceNumber: 'A-1',
      invoiceDate: '2026-09-20',
      amount: '1250',
      note: 'Agency invoice',
    });
    expect(updated.documents).toEqual([
      expect.objectContaining({
        kind: 'invoice',
        amountMinor: 125_000,
        currency: 'USD',
        note: 'Agency invoice',
        addedBy: alice,
      }),
    ]);
    const [event] = (await s.claims.history(o.user, claim.id, 0, fromHome(o.user, claim))).events.items;
    expect(event).toMatchObject({
      type: 'document.added',
      actor: alice,
      data: { document: { id: updated.documents![0]!.id } },
    });
  });
});
