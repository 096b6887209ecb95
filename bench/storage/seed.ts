/**
 * Seed data for the storage benchmark, in the shapes the app stores (src/store/*.repository.ts):
 * each claim is built by applying its History events the way MongoClaimRepository.commit does, so
 * its version equals its number of events and no reader has anything to roll forward; the claim
 * holds its current documents and upload requests; `claim_list` entries, overview rows and the
 * funds ledger come from the repositories' own shape functions (listEntryOf, overviewRowOf) and the
 * domain's hold rules (heldBy). The bench checks after seeding that the real repositories read
 * these documents back.
 */
import type { Db } from 'mongodb';
import { ACTIVITIES, type Activity } from '../../src/domain/activities';
import {
  overviewKey,
  type Claim,
  type ClaimChanges,
  type ClaimDocument,
  type ClaimEventType,
  type ClaimRequest,
  type Person,
} from '../../src/domain/claim';
import { heldBy, withHold, type FundsEntry, type Hold } from '../../src/domain/funds';
import { claimDeadline, parsePeriod, type UsagePeriod } from '../../src/domain/period';
import type { ClaimStatus } from '../../src/domain/status';
import type { UploadRequest } from '../../src/domain/upload-request';
import { LIST_FIELDS, listEntryOf, overviewRowOf, type ListEntryDoc } from '../../src/store/claims.repository';
import { COLLECTIONS } from '../../src/store/mongo';

export const PROGRAMS: readonly { code: string; currency: string }[] = [
  { code: 'ADD-PC', currency: 'USD' },
  { code: 'ADD-HUB', currency: 'USD' },
  { code: 'ADR-HUB', currency: 'USD' },
  { code: 'CSP-DIRECT', currency: 'USD' },
  { code: 'CSP-INDIRECT', currency: 'EUR' },
  { code: 'AZURE-SI', currency: 'USD' },
  { code: 'M365-SMB', currency: 'EUR' },
  { code: 'DYN-ISV', currency: 'USD' },
  { code: 'SEC-MSSP', currency: 'GBP' },
  { code: 'EDU-K12', currency: 'USD' },
];

export const PERIODS: readonly UsagePeriod[] = [
  '2025-Q1',
  '2025-Q2',
  '2025-Q3',
  '2025-Q4',
  '2026-Q1',
  '2026-Q2',
  '2026-Q3',
  '2026-Q4',
].map((c) => parsePeriod(c)!);

/** Status mix of a claims book a few quarters old: most claims paid, a quarter still drafts. */
export const STATUS_MIX: readonly [ClaimStatus, number][] = [
  ['Editing', 0.25],
  ['Submitted', 0.08],
  ['InReview', 0.07],
  ['ActionRequired', 0.05],
  ['Approved', 0.12],
  ['Rejected', 0.05],
  ['Disputed', 0.02],
  ['Paid', 0.36],
];

/** Conversations (team channels) per tenant whose threads hold the claim cards. */
export const CHANNELS = 5;
/** Partner people per tenant who create claims. */
export const PARTNERS = 12;

export function tenantId(i: number): string {
  return `bench-tenant-${String(i + 1).padStart(2, '0')}`;
}

export function partner(tenant: string, n: number): Person {
  return person(tenant, 'partner', n);
}

export function channelId(tenant: string, n: number): string {
  return `19:${tenant}-team-${n}@thread.tacv2`;
}

/** A small deterministic PRNG (mulberry32), so every run seeds the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Doc = Record<string, unknown> & { _id: string };

/** What the benchmark needs to know about a seeded claim to act on it later. */
export interface SeededClaim {
  readonly id: string;
  readonly tenantId: string;
  readonly number: string;
  readonly version: number;
  readonly status: ClaimStatus;
  readonly programCode: string;
  readonly periodCode: string;
  readonly createdById: string;
}

export interface SeedResult {
  readonly counts: Record<string, number>;
  readonly ms: number;
  /** A sample of claims per tenant (every 5th), for the measurements. */
  readonly sample: readonly SeededClaim[];
}

/**
 * Buffers documents per collection and writes them with insertMany in batches of `batch`,
 * at most `parallel` batches in flight (the engines here get 2 cores).
 */
class BatchWriter {
  private readonly buffers = new Map<string, Doc[]>();
  private readonly inFlight = new Set<Promise<void>>();
  readonly counts: Record<string, number> = {};

  constructor(
    private readonly db: Db,
    private readonly batch: number,
    private readonly parallel: number,
  ) {}

  async add(collection: string, doc: Doc): Promise<void> {
    let buf = this.buffers.get(collection);
    if (!buf) this.buffers.set(collection, (buf = []));
    buf.push(doc);
    if (buf.length >= this.batch) await this.flush(collection);
  }

  private async flush(collection: string): Promise<void> {
    const docs = this.buffers.get(collection) ?? [];
    if (docs.length === 0) return;
    this.buffers.set(collection, []);
    while (this.inFlight.size >= this.parallel) await Promise.race(this.inFlight);
    const p: Promise<void> = this.db
      .collection<Doc>(collection)
      .insertMany(docs, { ordered: false })
      .then((r) => {
        this.counts[collection] = (this.counts[collection] ?? 0) + r.insertedCount;
      })
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  async close(): Promise<void> {
    for (const c of [...this.buffers.keys()]) await this.flush(c);
    await Promise.all(this.inFlight);
  }
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Claims of a tenant are created in number order between these days (numbers follow creation). */
const FIRST_DAY = Date.parse('2025-01-06T08:00:00Z');
const LAST_DAY = Date.parse('2026-11-27T17:00:00Z');

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

function pickStatus(r: () => number): ClaimStatus {
  let x = r();
  for (const [status, weight] of STATUS_MIX) {
    if ((x -= weight) < 0) return status;
  }
  return 'Paid';
}

function person(tenant: string, role: string, n: number): Person {
  return {
    id: `29:${tenant}-${role}-${n}`,
    aadObjectId: `aad-${tenant}-${role}-${n}`,
    name: `${role[0]!.toUpperCase()}${role.slice(1)} ${n} of ${tenant}`,
  };
}

function withId(list: readonly string[] | undefined, id: string): string[] {
  const l = [...(list ?? [])];
  return l.includes(id) ? l : [...l, id];
}

/** The claim's usage period: the quarter it was created in, or (in the 45 days after) often the one before. */
function periodFor(r: () => number, at: number): UsagePeriod {
  const day = new Date(at).toISOString().slice(0, 10);
  const index = PERIODS.findIndex((p) => p.start <= day && day <= p.end);
  const current = PERIODS[Math.max(0, index)]!;
  const previous = PERIODS[index - 1];
  const daysIn = (at - Date.parse(`${current.start}T00:00:00Z`)) / DAY;
  return previous && daysIn < 45 && r() < 0.6 ? previous : current;
}

/** The steps a claim in `status` went through after it was created. */
function lifeOf(status: ClaimStatus): ClaimEventType[] {
  switch (status) {
    case 'Editing':
      return [];
    case 'Submitted':
      return ['claim.submitted'];
    case 'InReview':
      return ['claim.submitted', 'claim.pickedUp'];
    case 'ActionRequired':
      return ['claim.submitted', 'claim.pickedUp', 'claim.infoRequested'];
    case 'Approved':
      return ['claim.submitted', 'claim.pickedUp', 'claim.approved'];
    case 'Rejected':
      return ['claim.submitted', 'claim.pickedUp', 'claim.rejected'];
    case 'Disputed':
      return ['claim.submitted', 'claim.pickedUp', 'claim.rejected', 'claim.disputed'];
    case 'Paid':
      return ['claim.submitted', 'claim.pickedUp', 'claim.approved', 'claim.paid'];
    default:
      return [];
  }
}

const TO: Partial<Record<ClaimEventType, ClaimStatus>> = {
  'claim.submitted': 'Submitted',
  'claim.pickedUp': 'InReview',
  'claim.infoRequested': 'ActionRequired',
  'claim.approved': 'Approved',
  'claim.rejected': 'Rejected',
  'claim.disputed': 'Disputed',
  'claim.paid': 'Paid',
};

interface Built {
  readonly claim: Claim;
  readonly entry: ListEntryDoc;
  readonly seeded: SeededClaim;
}

/**
 * Generates claim number `n` of `tenant` with its History (and upload request rows), hands each
 * document to `emit`, and returns the claim as stored with its list entry. Mirrors
 * MongoClaimRepository: create() inserts the claim at version 0 without overviewKey; the created
 * event (seq 1) sets overviewKey; each later event sets its fields and the claim moves to version =
 * seq; the list entry is rewritten by every event that touches the list's fields.
 */
async function seedClaim(
  r: () => number,
  tenant: string,
  n: number,
  claimsPerTenant: number,
  emit: (collection: string, doc: Doc) => Promise<void>,
): Promise<Built> {
  let at =
    FIRST_DAY + Math.floor(((LAST_DAY - FIRST_DAY) * (n - 1)) / Math.max(1, claimsPerTenant)) + Math.floor(r() * 600);
  const createdAt = new Date(at);
  const program = pick(r, PROGRAMS);
  const period = periodFor(r, at);
  const activity: Activity = pick(r, ACTIVITIES);
  const status = pickStatus(r);
  const creator = partner(tenant, 1 + Math.floor(r() * PARTNERS));
  const colleague = person(tenant, 'colleague', 1 + Math.floor(r() * 20));
  const reviewer = person(tenant, 'reviewer', 1 + Math.floor(r() * 3));
  const id = `${tenant}-claim-${String(n).padStart(6, '0')}-${Math.floor(r() * 1e9).toString(36)}`;
  const number = `CLM-${String(n).padStart(6, '0')}`;
  const claimedMinor = (1_000 + Math.floor(r() * 40_000)) * 100;
  const channel = channelId(tenant, 1 + Math.floor(r() * CHANNELS));

  let claim: Claim = {
    id,
    tenantId: tenant,
    number,
    programCode: program.code,
    activityCode: activity.code,
    location: pick(r, ['US', 'DE', 'GB', 'FR', 'NL', 'SE', 'JP', 'AU', 'CA', 'BR']),
    period,
    description: `${activity.name} for ${program.code} ${period.code}: campaign ${n} run by the partner's marketing team`,
    claimedMinor,
    approvedMinor: 0,
    currency: program.currency,
    status: 'Editing',
    version: 0,
    metrics: Object.fromEntries(
      activity.metrics.map((m) => [
        m.key,
        m.kind === 'integer' ? 1_000 + Math.floor(r() * 50_000) : 'CTR 2.4%, 310 leads',
      ]),
    ),
    additionalInfo: r() < 0.3 ? 'Ran in two regional editions; the second invoice follows the first.' : '',
    deadline: claimDeadline(period),
    createdBy: creator,
    createdAt,
    updatedAt: createdAt,
    home: {
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      channelId: 'msteams',
      conversationId: channel,
      conversationType: 'channel',
      botId: '28:claims-bot',
      botName: 'ClaimsBot',
      tenantId: tenant,
      cardActivityId: `1:${Math.floor(r() * 1e12).toString(36)}`,
    },
    participants: [creator.id],
    overviewKey: '',
    commentCount: 0,
    documents: [],
    requests: [],
    contributors: [creator.id],
  };
  let entry = listEntryOf(claim);

  const commit = async (type: ClaimEventType, actor: Person, data: Record<string, unknown>, set: ClaimChanges) => {
    at += (1 + Math.floor(r() * 72 * 60)) * MINUTE;
    const when = new Date(at);
    const seq = claim.version + 1;
    const changes: ClaimChanges =
      type === 'claim.created' ? set : { ...set, participants: withId(claim.participants, actor.id), updatedAt: when };
    await emit(COLLECTIONS.events, {
      _id: `${id}:${seq}`,
      claimId: id,
      tenantId: tenant,
      seq,
      type,
      actor,
      at: when,
      data,
      set: changes,
    });
    claim = { ...claim, ...changes, version: seq };
    if (seq === 1 || LIST_FIELDS.some((f) => f in changes)) entry = listEntryOf(claim);
  };

  await commit(
    'claim.created',
    creator,
    { number },
    { overviewKey: overviewKey(program.code, period.code, 'Editing') },
  );

  // Some claims ask a colleague for a document (the claim holds the request; upload_requests is its projection).
  const asked: ClaimRequest | undefined =
    r() < 0.2
      ? {
          id: `${id}-req-1`,
          code: `#${Math.floor(r() * 0xffffff)
            .toString(16)
            .padStart(6, '0')}`,
          requester: creator,
          assignee: colleague,
          need: activity.poe[0] ? { kind: 'poe', poeKey: activity.poe[0].key } : { kind: 'invoice' },
          text: 'Please upload the photo of the booth from day one.',
          due: new Date(at + 7 * DAY).toISOString().slice(0, 10),
          createdAt: new Date(at),
        }
      : undefined;
  if (asked) {
    await commit(
      'upload.requested',
      creator,
      { request: asked },
      {
        requests: [...(claim.requests ?? []), asked],
        participants: withId(claim.participants, colleague.id),
        contributors: withId(claim.contributors, creator.id),
      },
    );
    const row: Omit<UploadRequest, 'id'> & { _id: string } = {
      ...asked,
      _id: asked.id,
      tenantId: tenant,
      claimId: id,
      claimNumber: number,
    };
    await emit(COLLECTIONS.uploadRequests, row);
  }

  // Documents: an invoice for the claimed amount, then one PoE document per required item.
  const docs: { kind: 'invoice' | 'poe'; poeKey?: string; amountMinor: number }[] = [
    { kind: 'invoice', amountMinor: claimedMinor },
    ...activity.poe.map((p) => ({ kind: 'poe' as const, poeKey: p.key, amountMinor: 0 })),
  ];
  const docCount = status === 'Editing' ? Math.floor(r() * (docs.length + 1)) : docs.length;
  for (const d of docs.slice(0, docCount)) {
    const viaRequest = asked && d.poeKey === asked.need.poeKey;
    const by = viaRequest ? colleague : r() < 0.5 ? creator : colleague;
    const docId = `${id}-doc-${claim.version}`;
    const grantId = viaRequest ? asked.id : `${id}-slot-${claim.version}`;
    const document: ClaimDocument = {
      id: docId,
      tenantId: tenant,
      claimId: id,
      kind: d.kind,
      name: d.kind === 'invoice' ? `Invoice ${10_000 + n} from Contoso Print` : `${d.poeKey}.pdf`,
      note: d.kind === 'invoice' ? 'Final invoice, paid by bank transfer' : 'As published',
      amountMinor: d.amountMinor,
      currency: program.currency,
      ...(d.poeKey ? { poeKey: d.poeKey } : {}),
      addedBy: by,
      addedAt: new Date(at),
      details:
        d.kind === 'invoice'
          ? { vendor: 'Contoso Print Ltd', invoiceNumber: `INV-${10_000 + n}`, invoiceDate: period.end }
          : { executionDate: period.end, title: d.poeKey },
      file: {
        blobName: `${tenant}/${id}/${docId}`,
        fileName: d.kind === 'invoice' ? `invoice-${10_000 + n}.pdf` : `${d.poeKey}.pdf`,
        size: 80_000 + Math.floor(r() * 2_000_000),
        sha256: Math.floor(r() * 1e15)
          .toString(16)
          .padStart(64, '0'),
        contentType: 'application/pdf',
        ext: 'pdf',
      },
      grantId,
    };
    await commit(
      'document.added',
      by,
      { document, ...(viaRequest ? { requestId: asked.id } : {}) },
      {
        documents: [...(claim.documents ?? []), document],
        fulfilled: [...(claim.fulfilled ?? []), grantId],
        contributors: withId(claim.contributors, by.id),
      },
    );
  }

  // Some claims get a comment or two.
  const comments = r() < 0.2 ? 1 + Math.floor(r() * 3) : 0;
  for (let c = 0; c < comments; c++) {
    await commit(
      'claim.commented',
      colleague,
      { text: `Checked with finance, note ${c + 1}` },
      { commentCount: claim.commentCount + 1, commenters: withId(claim.commenters, colleague.id) },
    );
  }

  for (const type of lifeOf(status)) {
    const from = claim.status;
    const to = TO[type] ?? 'Paid';
    const when = new Date(at);
    const review = claim.review ?? {};
    const moved = { status: to, overviewKey: overviewKey(program.code, period.code, to) };
    switch (type) {
      case 'claim.submitted':
        await commit(
          type,
          creator,
          { from, to, claimedMinor },
          { ...moved, submittedAt: when, firstSubmittedAt: claim.firstSubmittedAt ?? when },
        );
        break;
      case 'claim.pickedUp':
        await commit(type, reviewer, { from, to }, { ...moved, review: { ...review, reviewer, pickedUpAt: when } });
        break;
      case 'claim.infoRequested': {
        const dueDate = new Date(at + 30 * DAY).toISOString().slice(0, 10);
        const infoRequest = {
          message: 'The invoice date is outside the usage period.',
          items: [],
          by: reviewer,
          at: when,
          dueDate,
        };
        await commit(
          type,
          reviewer,
          { from, to, message: infoRequest.message, items: [] },
          { ...moved, dueDate, review: { ...review, reviewer, infoRequest } },
        );
        break;
      }
      case 'claim.approved': {
        const approvedMinor = r() < 0.85 ? claimedMinor : Math.floor(claimedMinor * 0.8);
        const approval = {
          approvedMinor,
          reason: approvedMinor < claimedMinor ? 'One PoE item covers only part of the spend.' : '',
          by: reviewer,
          at: when,
          paymentCycle: when.toISOString().slice(0, 7),
        };
        await commit(
          type,
          reviewer,
          { from, to, approvedMinor, reason: approval.reason, partial: approvedMinor < claimedMinor },
          { ...moved, approvedMinor, review: { ...review, reviewer, approval } },
        );
        break;
      }
      case 'claim.rejected': {
        const rejection = {
          reasons: 'The activity is not eligible in this program.',
          by: reviewer,
          at: when,
          disputeUntil: new Date(at + 30 * DAY).toISOString().slice(0, 10),
        };
        await commit(
          type,
          reviewer,
          { from, to, reasons: rejection.reasons },
          { ...moved, review: { ...review, reviewer, rejection } },
        );
        break;
      }
      case 'claim.disputed': {
        const dispute = {
          reason: 'Eligibility was confirmed by the channel manager.',
          by: creator,
          at: when,
          dueDate: new Date(at + 7 * DAY).toISOString().slice(0, 10),
        };
        await commit(
          type,
          creator,
          { from, to, reason: dispute.reason, dueDate: dispute.dueDate },
          { ...moved, dueDate: dispute.dueDate, review: { ...review, dispute } },
        );
        break;
      }
      default: {
        const payment = {
          date: when.toISOString().slice(0, 10),
          reference: `PAY-${n}`,
          by: person(tenant, 'admin', 1),
          at: when,
        };
        await commit(
          type,
          payment.by,
          { from, to, date: payment.date, reference: payment.reference },
          { ...moved, review: { ...review, payment } },
        );
      }
    }
  }

  const { id: _id, ...stored } = claim;
  await emit(COLLECTIONS.claims, { ...stored, _id: id });
  await emit(COLLECTIONS.claimList, { ...entry });
  return {
    claim,
    entry,
    seeded: {
      id,
      tenantId: tenant,
      number,
      version: claim.version,
      status: claim.status,
      programCode: program.code,
      periodCode: period.code,
      createdById: creator.id,
    },
  };
}

/**
 * Programs (one per code, quarterly), earned funds (one document per program and period) as
 * MongoProgramRepository stores them, and exchange rates for the non-USD currencies as MongoRates does.
 */
async function seedPrograms(
  r: () => number,
  tenant: string,
  emit: (collection: string, doc: Doc) => Promise<void>,
): Promise<Map<string, number>> {
  const admin = person(tenant, 'admin', 1);
  const earned = new Map<string, number>();
  for (const p of PROGRAMS) {
    const programId = `${tenant}:${p.code}`;
    await emit(COLLECTIONS.programs, {
      _id: programId,
      tenantId: tenant,
      code: p.code,
      name: p.code,
      currency: p.currency,
      granularity: 'quarter',
      createdAt: new Date('2025-01-02T09:00:00Z'),
    });
    for (const period of PERIODS) {
      const earnedMinor = (200_000 + Math.floor(r() * 800_000)) * 100;
      earned.set(`${p.code}|${period.code}`, earnedMinor);
      await emit(COLLECTIONS.programFunds, {
        _id: `${programId}:${period.code}`,
        tenantId: tenant,
        programCode: p.code,
        period,
        earnedMinor,
        setBy: admin,
        setAt: new Date(`${period.start}T08:00:00Z`),
      });
    }
  }
  for (const [currency, perUsdMicro] of [
    ['EUR', 921_500],
    ['GBP', 787_000],
  ] as const) {
    await emit(COLLECTIONS.rates, {
      _id: `${tenant}:${currency}`,
      tenantId: tenant,
      currency,
      perUsdMicro,
      setOn: '2026-10-15',
      setBy: admin,
      setAt: new Date('2026-10-15T08:00:00Z'),
    });
  }
  return earned;
}

/** Ledger entries kept per program and period: pruning keeps the newest 10 to 19. */
const LEDGER_ENTRIES = 10;

/**
 * The funds ledger of one program and period as MongoFundsLedger stores it after its claims'
 * moves and pruning: the newest entries, each the whole state (earned funds + every claim's hold).
 */
async function seedLedger(
  tenant: string,
  programCode: string,
  periodCode: string,
  earnedMinor: number | undefined,
  claims: readonly Claim[],
  emit: (collection: string, doc: Doc) => Promise<void>,
): Promise<void> {
  let holds: Record<string, Hold> = {};
  for (const c of claims) holds = withHold(holds, c.id, heldBy(c));
  const last = 1 + claims.filter((c) => c.status !== 'Editing').length * 2;
  for (let seq = Math.max(1, last - LEDGER_ENTRIES + 1); seq <= last; seq++) {
    const entry: FundsEntry = {
      tenantId: tenant,
      programCode,
      periodCode,
      seq,
      ...(earnedMinor === undefined ? {} : { earnedMinor }),
      holds,
      at: new Date('2026-11-28T10:00:00Z'),
      by: person(tenant, 'reviewer', 1),
      why: 'settle',
    };
    await emit(COLLECTIONS.fundsLedger, { ...entry, _id: `${tenant}|${programCode}|${periodCode}|${seq}` });
  }
}

export async function seed(
  db: Db,
  shape: { tenants: number; claimsPerTenant: number },
  progress: (line: string) => void,
): Promise<SeedResult> {
  const t0 = Date.now();
  const writer = new BatchWriter(db, 1_000, 2);
  const emit = (collection: string, doc: Doc) => writer.add(collection, doc);
  const sample: SeededClaim[] = [];
  for (let t = 0; t < shape.tenants; t++) {
    const tenant = tenantId(t);
    const r = rng(1_000 + t);
    const earned = await seedPrograms(r, tenant, emit);
    const buckets = new Map<string, Built[]>();
    for (let n = 1; n <= shape.claimsPerTenant; n++) {
      const built = await seedClaim(r, tenant, n, shape.claimsPerTenant, emit);
      const key = `${built.claim.programCode}|${built.claim.period.code}`;
      buckets.set(key, [...(buckets.get(key) ?? []), built]);
      if (n % 5 === 0) sample.push(built.seeded);
    }
    // The counter is only a hint of the last number taken (MongoClaimRepository.create).
    await emit(COLLECTIONS.counters, { _id: `claim-number:${tenant}`, seq: shape.claimsPerTenant });
    for (const [key, built] of buckets) {
      const [programCode, periodCode] = key.split('|') as [string, string];
      const row = overviewRowOf(
        tenant,
        programCode,
        periodCode,
        built.map((b) => b.entry),
        new Date(),
      );
      await emit(COLLECTIONS.overviewRows, row as unknown as Doc);
      await seedLedger(
        tenant,
        programCode,
        periodCode,
        earned.get(key),
        built.map((b) => b.claim),
        emit,
      );
    }
    if ((t + 1) % 10 === 0 || t + 1 === shape.tenants)
      progress(`  seeded ${t + 1}/${shape.tenants} tenants (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  await writer.close();
  return { counts: writer.counts, ms: Date.now() - t0, sample };
}
