/**
 * The real domain services on the test engine (and the run's Azurite for files), wired as
 * src/main.ts wires them — for integration tests below the bot. Each test arranges its own
 * organisation (`org()`: a fresh tenant) and its own claims.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ActorContext, Viewer } from '../../src/domain/actor';
import type { Claim, Person } from '../../src/domain/claim';
import { ClaimService, type NewClaimInput } from '../../src/domain/claim.service';
import type { DetailsInput } from '../../src/domain/document';
import { DocumentService } from '../../src/domain/document.service';
import { DomainError } from '../../src/domain/errors';
import { FundsService } from '../../src/domain/funds.service';
import { MemberService } from '../../src/domain/member.service';
import { OverviewService } from '../../src/domain/overview.service';
import type { ClaimPicture } from '../../src/domain/picture';
import { ProgramService } from '../../src/domain/program.service';
import { ReviewService } from '../../src/domain/review.service';
import { UploadRequestService } from '../../src/domain/upload-request.service';
import { AzureBlobStore } from '../../src/store/blob-store';
import { MongoClaimRepository } from '../../src/store/claims.repository';
import { StreamingFileChecker } from '../../src/store/file-check';
import { MongoFundsLedger } from '../../src/store/funds-ledger.repository';
import { MongoMemberRepository } from '../../src/store/members.repository';
import { MongoProgramRepository } from '../../src/store/programs.repository';
import { MongoRates } from '../../src/store/rates.repository';
import { MongoReviewCards } from '../../src/store/review-cards.repository';
import { MongoTenantSettings } from '../../src/store/settings.repository';
import { MongoStagedUploads, MongoUploadRequests, MongoUploadTokens } from '../../src/store/upload-requests.repository';
import { TestClock } from './clock';
import { openTestDb, type TestDb } from './db';
import { actor } from './domain-factories';
import { FILES } from './files';

export interface Services {
  readonly t: TestDb;
  readonly clock: TestClock;
  readonly claimsRepo: MongoClaimRepository;
  readonly programsRepo: MongoProgramRepository;
  readonly ledger: MongoFundsLedger;
  readonly claims: ClaimService;
  readonly funds: FundsService;
  readonly programs: ProgramService;
  readonly review: ReviewService;
  readonly documents: DocumentService;
  readonly requests: UploadRequestService;
  readonly overview: OverviewService;
  readonly members: MemberService;
  readonly blobs: AzureBlobStore;
}

/** Opens a database of its own (and a blob container of its own) for one test file. */
export function useServices(): () => Services {
  let s: Services | undefined;
  beforeAll(async () => {
    const t = await openTestDb();
    const clock = new TestClock();
    const claimsRepo = new MongoClaimRepository(t.db);
    const programsRepo = new MongoProgramRepository(t.db);
    const ledger = new MongoFundsLedger(t.db);
    const rates = new MongoRates(t.db);
    const funds = new FundsService(ledger, claimsRepo, programsRepo, rates, clock);
    const claims = new ClaimService(claimsRepo, programsRepo, funds, clock);
    const members = new MemberService(new MongoMemberRepository(t.db), clock, {
      objectIds: [],
      signInNames: [],
      firstPersonIsAdmin: true,
    });
    const requests = new UploadRequestService(
      claimsRepo,
      claims,
      new MongoUploadRequests(t.db),
      new MongoUploadTokens(t.db),
      clock,
      { tokenDays: 7 },
      members,
    );
    const blobs = await AzureBlobStore.open({
      connectionString: process.env.TEST_AZURE_STORAGE_CONNECTION_STRING!,
      container: `it-${randomUUID().slice(0, 12)}`,
    });
    s = {
      t,
      clock,
      claimsRepo,
      programsRepo,
      ledger,
      claims,
      funds,
      programs: new ProgramService(programsRepo, rates, funds, clock),
      review: new ReviewService(
        claimsRepo,
        claims,
        funds,
        new MongoTenantSettings(t.db),
        new MongoReviewCards(t.db),
        clock,
      ),
      documents: new DocumentService(
        claimsRepo,
        claims,
        new MongoStagedUploads(t.db),
        blobs,
        new StreamingFileChecker(),
        requests,
        clock,
        {
          maxBytes: 5 * 1024 * 1024,
          downloadMinutes: 15,
          stagedHours: 24,
        },
      ),
      requests,
      overview: new OverviewService(claimsRepo, programsRepo, funds, clock),
      members,
      blobs,
    };
  });
  beforeEach(() => {
    s?.clock.set('2026-10-01T09:00:00Z');
  });
  afterAll(async () => {
    await s?.t.drop();
  });
  return () => {
    if (!s) throw new Error('services are opened in beforeAll');
    return s;
  };
}

export const alice: Person = { id: '29:alice', aadObjectId: 'aad-alice', name: 'Alice Admin' };
export const bob: Person = { id: '29:bob', aadObjectId: 'aad-bob', name: 'Bob User' };
export const rita: Person = { id: '29:rita', aadObjectId: 'aad-rita', name: 'Rita Reviewer' };
export const carl: Person = { id: '29:carl', aadObjectId: 'aad-carl', name: 'Carl Reviewer' };
export const cole: Person = { id: '29:cole', aadObjectId: 'aad-cole', name: 'Cole Colleague' };

export interface Org {
  readonly tenantId: string;
  readonly admin: ActorContext;
  readonly user: ActorContext;
  readonly reviewer: ActorContext;
  readonly reviewer2: ActorContext;
  readonly colleague: ActorContext;
}

/** A fresh tenant with its people and, unless `funds` is false, ADD-PC earned funds for 2026-Q3. */
export async function anOrg(
  s: Services,
  funds: ReadonlyArray<readonly [string, string, string, string?]> | false = [['ADD-PC', '2026-Q3', '10000', 'USD']],
): Promise<Org> {
  const tenantId = `tenant-${randomUUID()}`;
  const org: Org = {
    tenantId,
    admin: actor(tenantId, alice, ['admin']),
    user: actor(tenantId, bob, ['user']),
    reviewer: actor(tenantId, rita, ['reviewer']),
    reviewer2: actor(tenantId, carl, ['reviewer']),
    colleague: actor(tenantId, cole, []),
  };
  for (const [program, period, amount, currency] of funds || [])
    await s.programs.setEarnedFunds(org.admin, program, period, amount, currency);
  return org;
}

export function claimInput(overrides: Partial<NewClaimInput> = {}): NewClaimInput {
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

/** Add document through the real path: a slot for the details, then the file streamed into Blob. */
export async function addDocument(
  s: Services,
  who: ActorContext,
  claim: Pick<Claim, 'id'>,
  details: DetailsInput,
  fileName = 'doc.pdf',
): Promise<Claim> {
  const current = await s.claims.get(who, claim.id);
  const { grant } = await s.documents.startUpload(who, claim.id, current.version, details);
  const received = await s.documents.receive(grant, who.person, details, {
    name: fileName,
    stream: Readable.from([FILES.pdf()]),
  });
  return received.claim;
}

/** The invoice, each PoE item and each metric the claim's activity needs. */
export async function completeClaim(s: Services, who: ActorContext, claim: Claim): Promise<Claim> {
  const { findActivity } = await import('../../src/domain/activities');
  const activity = findActivity(claim.activityCode)!;
  const digits = claim.currency === 'JPY' ? 0 : 2;
  let c = await addDocument(s, who, claim, {
    kind: 'invoice',
    vendor: 'Agency',
    invoiceNumber: `A-${randomUUID().slice(0, 6)}`,
    invoiceDate: '2026-09-20',
    amount: (claim.claimedMinor / 10 ** digits).toFixed(digits),
    currency: claim.currency,
  });
  for (const poe of activity.poe) {
    c = await addDocument(
      s,
      who,
      c,
      { kind: 'poe', poeKey: poe.key, executionDate: '2026-09-10', amount: '0', reach: '1000' },
      `${poe.key}.pdf`,
    );
  }
  const metrics = Object.fromEntries(activity.metrics.map((m) => [m.key, m.kind === 'integer' ? '2' : 'CTR 2.1%']));
  if (Object.keys(metrics).length === 0) return c;
  return (await s.claims.updateMetrics(who, c.id, c.version, metrics)).claim;
}

export async function aReadyClaim(s: Services, org: Org, overrides: Partial<NewClaimInput> = {}): Promise<Claim> {
  const created = await s.claims.create(org.user, claimInput(overrides));
  return completeClaim(s, org.user, created.claim);
}

export async function aSubmittedClaim(
  s: Services,
  org: Org,
  overrides: Partial<NewClaimInput> = {},
): Promise<ClaimPicture> {
  const ready = await aReadyClaim(s, org, overrides);
  return (await s.claims.submit(org.user, ready.id, ready.version)).picture;
}

export async function domainError(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a DomainError, but the call succeeded');
}

/** A submitted claim that the org's reviewer (Rita) picked up. */
export async function aClaimInReview(
  s: Services,
  org: Org,
  overrides: Partial<NewClaimInput> = {},
): Promise<ClaimPicture> {
  const submitted = await aSubmittedClaim(s, org, overrides);
  return s.review.pickUp(org.reviewer, submitted.claim.id, submitted.claim.version);
}

/** A claim the org's reviewer sent back for more information (Action required). */
export async function anActionRequiredClaim(
  s: Services,
  org: Org,
  overrides: Partial<NewClaimInput> = {},
): Promise<ClaimPicture> {
  const inReview = await aClaimInReview(s, org, overrides);
  return s.review.requestInfo(org.reviewer, inReview.claim.id, inReview.claim.version, 'Please show the landing page.');
}

/** A claim the org's reviewer rejected (it can be disputed for 30 days). */
export async function aRejectedClaim(
  s: Services,
  org: Org,
  overrides: Partial<NewClaimInput> = {},
): Promise<ClaimPicture> {
  const inReview = await aClaimInReview(s, org, overrides);
  return s.review.reject(org.reviewer, inReview.claim.id, inReview.claim.version, 'Wrong activity for this spend.');
}

/** What the claim holds now in its program and period's funds ledger (undefined: nothing). */
export async function heldBy(
  s: Services,
  claim: Pick<Claim, 'id' | 'tenantId' | 'programCode' | 'period'>,
): Promise<number | undefined> {
  const entry = await s.ledger.latest({
    tenantId: claim.tenantId,
    programCode: claim.programCode,
    periodCode: claim.period.code,
  });
  return entry?.holds[claim.id]?.minor;
}

/** Acting as `actor` from the claim's own conversation (where its card lives). */
export function fromHome(actor: ActorContext, claim: Pick<Claim, 'home'>): Viewer {
  return { conversationId: claim.home?.conversationId ?? '', actor: async () => actor };
}
