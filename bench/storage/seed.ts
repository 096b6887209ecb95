/**
 * Seed data for the storage benchmark: documents shaped exactly like the repositories store them
 * (src/store/*.repository.ts), built by applying History events to a claim the way
 * MongoClaimRepository.commit does, so every claim's version equals its number of events and no
 * reader has anything to roll forward.
 */
import type { Db } from 'mongodb';
import { ACTIVITIES, type Activity } from '../../src/domain/activities';
import { overviewKey, type Claim, type ClaimChanges, type ClaimEventType, type Person } from '../../src/domain/claim';
import { claimDeadline, parsePeriod, type UsagePeriod } from '../../src/domain/period';
import type { ClaimStatus } from '../../src/domain/status';
import { COLLECTIONS } from '../../src/store/mongo';

export interface SeedShape {
  readonly tenants: number;
  readonly claimsPerTenant: number;
  readonly programs: readonly { code: string; currency: string }[];
  readonly periods: readonly UsagePeriod[];
}

export const PROGRAMS: SeedShape['programs'] = [
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

export function tenantId(i: number): string {
  return `bench-tenant-${String(i + 1).padStart(2, '0')}`;
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

/** The proposed slim projection of claims (docs/STORAGE.md, recommendation R1); not used by the app. */
export const SUMMARIES = 'bench_claim_summaries';
export interface BucketRow {
  status: string;
  count: number;
  claimedMinor: number;
  approvedMinor: number;
}

/** Folds the claims of one program and period into its overview rows (one per status), as refreshOverviewRow does. */
export function bucketRows(summaries: readonly Record<string, unknown>[]): BucketRow[] {
  const rows = new Map<string, BucketRow>();
  for (const s of summaries) {
    const status = s.status as string;
    const r = rows.get(status) ?? { status, count: 0, claimedMinor: 0, approvedMinor: 0 };
    r.count += 1;
    r.claimedMinor += s.claimedMinor as number;
    r.approvedMinor += s.approvedMinor as number;
    rows.set(status, r);
  }
  return [...rows.values()];
}

/** What the benchmark needs to know about a seeded claim to act on it later. */
export interface SeededClaim {
  readonly id: string;
  readonly tenantId: string;
  readonly version: number;
  readonly status: ClaimStatus;
  readonly programCode: string;
  readonly periodCode: string;
  readonly activityCode: string;
}

export interface SeedResult {
  readonly counts: Record<string, number>;
  readonly ms: number;
  /** A sample of claims per tenant (every 50th), for the measurements. */
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

function addParticipant(list: readonly string[] | undefined, id: string): string[] {
  const l = [...(list ?? [])];
  return l.includes(id) ? l : [...l, id];
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

/**
 * Generates one claim, its History and its document rows, and hands each document to `emit`.
 * Mirrors MongoClaimRepository: create() inserts `{...claim, _id, number, version: 0}` without
 * overviewKey; the created event (seq 1) sets overviewKey; each later event sets its fields and the
 * claim moves to version = seq.
 */
async function seedClaim(
  r: () => number,
  tenant: string,
  n: number,
  emit: (collection: string, doc: Doc) => Promise<void>,
): Promise<SeededClaim> {
  const program = pick(r, PROGRAMS);
  const period = pick(r, PERIODS);
  const activity: Activity = pick(r, ACTIVITIES);
  const status = pickStatus(r);
  const partner = person(tenant, 'partner', 1 + Math.floor(r() * 12));
  const colleague = person(tenant, 'colleague', 1 + Math.floor(r() * 20));
  const reviewer = person(tenant, 'reviewer', 1 + Math.floor(r() * 3));
  const id = `${tenant}-claim-${String(n).padStart(6, '0')}-${Math.floor(r() * 1e9).toString(36)}`;
  const number = `CLM-${String(n).padStart(6, '0')}`;
  const claimedMinor = (1_000 + Math.floor(r() * 40_000)) * 100;
  let at = Date.parse(`${period.end}T09:00:00Z`) - Math.floor(r() * 60) * DAY + Math.floor(r() * 600) * MINUTE;
  const createdAt = new Date(at);

  const {
    id: _id0,
    overviewKey: _k,
    ...base
  }: Omit<Claim, 'version' | 'number'> = {
    id,
    tenantId: tenant,
    programCode: program.code,
    activityCode: activity.code,
    location: pick(r, ['US', 'DE', 'GB', 'FR', 'NL', 'SE', 'JP', 'AU', 'CA', 'BR']),
    period,
    description: `${activity.name} for ${program.code} ${period.code}: campaign ${n} run by the partner's marketing team`,
    claimedMinor,
    approvedMinor: 0,
    currency: program.currency,
    status: 'Editing',
    metrics: Object.fromEntries(
      activity.metrics.map((m) => [
        m.key,
        m.kind === 'integer' ? 1_000 + Math.floor(r() * 50_000) : 'CTR 2.4%, 310 leads',
      ]),
    ),
    additionalInfo: r() < 0.3 ? 'Ran in two regional editions; the second invoice follows the first.' : '',
    deadline: claimDeadline(period),
    createdBy: partner,
    createdAt,
    updatedAt: createdAt,
    home: {
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      channelId: 'msteams',
      conversationId: `19:${tenant}-team-${1 + Math.floor(r() * 5)}@thread.tacv2;messageid=${1_700_000_000_000 + n}`,
      conversationType: 'channel',
      botId: '28:claims-bot',
      botName: 'ClaimsBot',
      cardActivityId: `1:${Math.floor(r() * 1e12).toString(36)}`,
    },
    participants: [partner.id],
    overviewKey: '',
    commentCount: 0,
    documents: [],
    requests: [],
    contributors: [partner.id],
  };
  let claim: Doc & { version: number } = { ...base, _id: id, number, version: 0 };

  const commit = async (type: ClaimEventType, actor: Person, data: Record<string, unknown>, set: ClaimChanges) => {
    at += (1 + Math.floor(r() * 72 * 60)) * MINUTE;
    const when = new Date(at);
    const seq = claim.version + 1;
    const changes: ClaimChanges =
      type === 'claim.created'
        ? set
        : { ...set, participants: addParticipant(claim.participants as string[], actor.id), updatedAt: when };
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
  };

  await commit(
    'claim.created',
    partner,
    { number },
    { overviewKey: overviewKey(program.code, period.code, 'Editing') },
  );

  // Documents: an invoice for the claimed amount, then one PoE document per required item.
  const docs: { kind: 'invoice' | 'poe'; poeKey?: string; amountMinor: number }[] = [
    { kind: 'invoice', amountMinor: claimedMinor },
    ...activity.poe.map((p) => ({ kind: 'poe' as const, poeKey: p.key, amountMinor: 0 })),
  ];
  const docCount = status === 'Editing' ? Math.floor(r() * (docs.length + 1)) : docs.length;
  for (const d of docs.slice(0, docCount)) {
    const by = r() < 0.5 ? partner : colleague;
    const docId = `${id}-doc-${claim.version}`;
    const document = {
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
    };
    await commit(
      'document.added',
      by,
      { document },
      {
        documents: [...((claim.documents as unknown[]) ?? []), document] as never,
        contributors: addParticipant(claim.contributors as string[], by.id),
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
      { commentCount: (claim.commentCount as number) + 1 },
    );
  }

  for (const type of lifeOf(status)) {
    const from = claim.status as ClaimStatus;
    const when = new Date(at);
    const review = (claim.review ?? {}) as Record<string, unknown>;
    const to = ((): ClaimStatus => {
      switch (type) {
        case 'claim.submitted':
          return 'Submitted';
        case 'claim.pickedUp':
          return 'InReview';
        case 'claim.infoRequested':
          return 'ActionRequired';
        case 'claim.approved':
          return 'Approved';
        case 'claim.rejected':
          return 'Rejected';
        case 'claim.disputed':
          return 'Disputed';
        default:
          return 'Paid';
      }
    })();
    const moved = { status: to, overviewKey: overviewKey(program.code, period.code, to) };
    switch (type) {
      case 'claim.submitted':
        await commit(type, partner, { from, to, claimedMinor }, { ...moved, submittedAt: when });
        break;
      case 'claim.pickedUp':
        await commit(type, reviewer, { from, to }, { ...moved, review: { ...review, reviewer, pickedUpAt: when } });
        break;
      case 'claim.infoRequested': {
        const infoRequest = {
          message: 'The invoice date is outside the usage period.',
          items: [],
          by: reviewer,
          at: when,
        };
        await commit(
          type,
          reviewer,
          { from, to, message: infoRequest.message, items: [] },
          { ...moved, review: { ...review, reviewer, infoRequest } },
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
          by: partner,
          at: when,
          dueDate: new Date(at + 7 * DAY).toISOString().slice(0, 10),
        };
        await commit(
          type,
          partner,
          { from, to, reason: dispute.reason, dueDate: dispute.dueDate },
          { ...moved, review: { ...review, dispute } },
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

  await emit(COLLECTIONS.claims, claim);
  // Not an app collection: the slim per-claim projection docs/STORAGE.md proposes (measured as a proposal).
  await emit(SUMMARIES, {
    _id: id,
    tenantId: tenant,
    number,
    status: claim.status,
    overviewKey: claim.overviewKey,
    programCode: program.code,
    periodCode: period.code,
    activityCode: activity.code,
    claimedMinor,
    approvedMinor: claim.approvedMinor,
    currency: program.currency,
    createdAt,
    createdById: partner.id,
    version: claim.version,
  });
  return {
    id,
    tenantId: tenant,
    version: claim.version,
    status: claim.status as ClaimStatus,
    programCode: program.code,
    periodCode: period.code,
    activityCode: activity.code,
  };
}

/** Programs (one per code) and earned funds (one document per program and period), as MongoProgramRepository stores them. */
async function seedPrograms(
  r: () => number,
  tenant: string,
  emit: (collection: string, doc: Doc) => Promise<void>,
): Promise<void> {
  const admin = person(tenant, 'admin', 1);
  for (const p of PROGRAMS) {
    const programId = `${tenant}:${p.code}`;
    await emit(COLLECTIONS.programs, {
      _id: programId,
      tenantId: tenant,
      code: p.code,
      name: p.code,
      currency: p.currency,
      createdAt: new Date('2025-01-02T09:00:00Z'),
    });
    for (const period of PERIODS) {
      await emit(COLLECTIONS.programFunds, {
        _id: `${programId}:${period.code}`,
        tenantId: tenant,
        programCode: p.code,
        period,
        earnedMinor: (200_000 + Math.floor(r() * 800_000)) * 100,
        setBy: admin,
        setAt: new Date(`${period.start}T08:00:00Z`),
      });
    }
  }
}

export async function seed(
  db: Db,
  shape: { tenants: number; claimsPerTenant: number },
  progress: (line: string) => void,
): Promise<SeedResult> {
  const t0 = Date.now();
  const writer = new BatchWriter(db, 1_000, 2);
  const buckets = new Map<string, Record<string, unknown>[]>();
  const emit = (collection: string, doc: Doc) => {
    if (collection === SUMMARIES) {
      const key = `${doc.tenantId as string}|${doc.programCode as string}|${doc.periodCode as string}`;
      buckets.set(key, [...(buckets.get(key) ?? []), doc]);
    }
    return writer.add(collection, doc);
  };
  const sample: SeededClaim[] = [];
  for (let t = 0; t < shape.tenants; t++) {
    const tenant = tenantId(t);
    buckets.clear();
    const r = rng(1_000 + t);
    await seedPrograms(r, tenant, emit);
    for (let n = 1; n <= shape.claimsPerTenant; n++) {
      const c = await seedClaim(r, tenant, n, emit);
      if (n % 50 === 0) sample.push(c);
    }
    // The counter is only a hint of the last number taken (MongoClaimRepository.create).
    await emit(COLLECTIONS.counters, { _id: `claim-number:${tenant}`, seq: shape.claimsPerTenant });
    // overview_rows as MongoClaimRepository.refreshOverviewRow stores them (one per program and period).
    for (const [key, docs] of buckets) {
      const first = docs[0]!;
      await writer.add(COLLECTIONS.overviewRows, {
        _id: key,
        tenantId: tenant,
        programCode: first.programCode,
        periodCode: first.periodCode,
        rows: bucketRows(docs),
        computedAt: new Date(),
      });
    }
    if ((t + 1) % 10 === 0 || t + 1 === shape.tenants)
      progress(`  seeded ${t + 1}/${shape.tenants} tenants (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  await writer.close();
  return { counts: writer.counts, ms: Date.now() - t0, sample };
}
