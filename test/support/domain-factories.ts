import { findActivity, type Activity } from '../../src/domain/activities';
import type { ActorContext } from '../../src/domain/actor';
import { overviewKey, type Claim, type ClaimDocument, type Person } from '../../src/domain/claim';
import { claimDeadline, parsePeriod, type UsagePeriod } from '../../src/domain/period';
import type { FundsPicture } from '../../src/domain/readiness';

/** Test data builders: a valid default, overridden per test. */

export const alice: Person = { id: '29:alice', aadObjectId: 'aad-alice', name: 'Alice Partner' };
export const bob: Person = { id: '29:bob', aadObjectId: 'aad-bob', name: 'Bob Colleague' };

export function period(code: string): UsagePeriod {
  const p = parsePeriod(code);
  if (!p) throw new Error(`bad period in test: ${code}`);
  return p;
}

export function activity(code: string): Activity {
  const a = findActivity(code);
  if (!a) throw new Error(`no activity ${code}`);
  return a;
}

let seq = 0;

/** A claim in Editing: print advertising, PARTNER-X, 2026-Q3, USD 1,000.00, reach metric filled in. */
export function aClaim(overrides: Partial<Claim> = {}): Claim {
  seq += 1;
  const programCode = overrides.programCode ?? 'PARTNER-X';
  const p = overrides.period ?? period('2026-Q3');
  const status = overrides.status ?? 'Editing';
  return {
    id: `claim-${seq}`,
    tenantId: 'tenant-a',
    number: `CLM-${String(seq).padStart(6, '0')}`,
    programCode,
    activityCode: 'print-advertising',
    location: 'DE',
    period: p,
    description: 'Ad in the regional business weekly',
    claimedMinor: 100_000,
    approvedMinor: 0,
    currency: 'USD',
    status,
    version: 1,
    metrics: { estimatedReach: 25_000 },
    additionalInfo: '',
    deadline: claimDeadline(p),
    createdBy: alice,
    createdAt: new Date('2026-10-01T09:00:00Z'),
    updatedAt: new Date('2026-10-01T09:00:00Z'),
    participants: [alice.id],
    overviewKey: overviewKey(programCode, p.code, status),
    commentCount: 0,
    documents: [],
    requests: [],
    ...overrides,
  };
}

export function aDocument(overrides: Partial<ClaimDocument> = {}): ClaimDocument {
  seq += 1;
  return {
    id: `doc-${seq}`,
    tenantId: 'tenant-a',
    claimId: 'claim-x',
    kind: 'invoice',
    name: `invoice-${seq}.pdf`,
    note: '',
    amountMinor: 100_000,
    currency: 'USD',
    addedBy: alice,
    addedAt: new Date('2026-10-02T09:00:00Z'),
    ...overrides,
  };
}

/** One invoice for the claimed amount and one PoE document for every PoE item the activity requires. */
export function completeDocuments(claim: Claim): ClaimDocument[] {
  const a = activity(claim.activityCode);
  return [
    aDocument({ claimId: claim.id, kind: 'invoice', amountMinor: claim.claimedMinor, currency: claim.currency }),
    ...a.poe.map((p) =>
      aDocument({
        claimId: claim.id,
        kind: 'poe',
        poeKey: p.key,
        name: `${p.key}.png`,
        amountMinor: 0,
        currency: claim.currency,
      }),
    ),
  ];
}

/** A value for every metric the activity requires (integers get a small whole number). */
export function completeMetrics(activityCode: string): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const m of activity(activityCode).metrics) out[m.key] = m.kind === 'integer' ? 2 : 'CTR 2.4%, 310 leads';
  return out;
}

export function funds(overrides: Partial<FundsPicture> = {}): FundsPicture {
  return { earnedMinor: 10_000_000, usedByOthersMinor: 0, activityUsedByOthersMinor: 0, ...overrides };
}

export function actor(tenantId: string, person: Person, roles: ActorContext['roles']): ActorContext {
  return { tenantId, person, roles };
}
