/**
 * Not the app's code: the reads docs/STORAGE.md proposes, measured next to the real ones so the
 * recommendation rests on figures from the same run. Each returns what the app's read returns.
 */
import type { Db } from 'mongodb';
import { APPROVED, PENDING } from '../../src/domain/status';
import { COLLECTIONS } from '../../src/store/mongo';
import { bucketRows, SUMMARIES } from './seed';

/** Scratch collection for the proposal below (the app's overview_rows stay untouched). */
export const PROPOSAL_ROWS = 'bench_overview_rows_proposal';

/** The claims list page from summaries (sort + count there), then the 10 full claims by _id. */
export async function listFromSummaries(db: Db, tenantId: string): Promise<{ items: unknown[]; total: number }> {
  const query = { tenantId, version: { $gte: 1 } };
  const [page, total] = await Promise.all([
    db
      .collection(SUMMARIES)
      .find(query, { projection: { _id: 1 } })
      .sort({ createdAt: -1 })
      .limit(10)
      .toArray(),
    db.collection(SUMMARIES).countDocuments(query),
  ]);
  const items = await Promise.all(page.map((s) => db.collection(COLLECTIONS.claims).findOne({ _id: s._id, tenantId })));
  return { items, total };
}

/** MongoClaimRepository.fundsUse() on summaries: a flat periodCode, so the filter is pushed down whole. */
export async function fundsUseFromSummaries(
  db: Db,
  tenantId: string,
  programCode: string,
  periodCode: string,
  activityCode: string,
  excludeClaimId: string,
): Promise<{ allMinor: number; activityMinor: number }> {
  const docs = await db
    .collection(SUMMARIES)
    .find(
      { tenantId, programCode, periodCode, status: { $in: [...PENDING, ...APPROVED] } },
      { projection: { _id: 1, status: 1, activityCode: 1, claimedMinor: 1, approvedMinor: 1 } },
    )
    .toArray();
  let allMinor = 0;
  let activityMinor = 0;
  for (const d of docs) {
    if (String(d._id) === excludeClaimId) continue;
    const held = APPROVED.includes(d.status) ? (d.approvedMinor as number) : (d.claimedMinor as number);
    allMinor += held;
    if (d.activityCode === activityCode) activityMinor += held;
  }
  return { allMinor, activityMinor };
}

/**
 * refreshOverviewRow's read and write, but from the summaries with a flat periodCode (so the whole
 * filter is pushed down) instead of from the claims with `period.code`.
 */
export async function refreshRowFromSummaries(
  db: Db,
  tenantId: string,
  programCode: string,
  periodCode: string,
): Promise<void> {
  const docs = await db
    .collection(SUMMARIES)
    .find(
      { tenantId, programCode, periodCode, version: { $gte: 1 } },
      { projection: { _id: 0, status: 1, claimedMinor: 1, approvedMinor: 1 } },
    )
    .toArray();
  const _id = `${tenantId}|${programCode}|${periodCode}`;
  await db
    .collection<{ _id: string }>(PROPOSAL_ROWS)
    .replaceOne(
      { _id },
      { tenantId, programCode, periodCode, rows: bucketRows(docs), computedAt: new Date() },
      { upsert: true },
    );
}
