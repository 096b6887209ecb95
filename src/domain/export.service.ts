import { createHash, randomBytes } from 'node:crypto';
import { findActivity } from './activities';
import type { ActorContext } from './actor';
import { hasRole } from './actor';
import type { Claim } from './claim';
import type { Clock } from './clock';
import { ForbiddenError } from './errors';
import { minorDigits } from './money';
import type { ClaimRepository } from './ports';
import { STATUS_LABEL } from './status';

export const EXPORT_LINK_MINUTES = 15;
const PAGE = 500;

export interface DownloadToken {
  readonly tokenHash: string;
  readonly tenantId: string;
  /** What the link opens: each route accepts only its own kind. */
  readonly kind: 'claims-csv' | 'evidence-pack';
  /** The claim of an evidence pack. */
  readonly claimId?: string;
  readonly createdBy: string;
  readonly expiresAt: Date;
}

export interface DownloadTokenRepository {
  insert(token: DownloadToken): Promise<void>;
  find(tokenHash: string): Promise<DownloadToken | undefined>;
  /** Marks the link used: true for exactly one caller (a unique insert), so a link works once. */
  use(tokenHash: string, at: Date): Promise<boolean>;
}

export const CSV_HEADER = [
  'number',
  'program',
  'period',
  'activity',
  'location',
  'status',
  'currency',
  'claimed',
  'approved',
  'paid',
  'payment_date',
  'payment_reference',
  'created',
  'submitted',
  'approved_at',
] as const;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** `export` (admins): a short-lived link to a CSV of the tenant's claims. */
export class ExportService {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly tokens: DownloadTokenRepository,
    private readonly clock: Clock,
  ) {}

  async createLink(actor: ActorContext): Promise<{ token: string; expiresAt: Date }> {
    if (!hasRole(actor, 'admin')) throw new ForbiddenError('Only an incentives admin can export claims.');
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + EXPORT_LINK_MINUTES * 60_000);
    await this.tokens.insert({
      tokenHash: hashToken(token),
      tenantId: actor.tenantId,
      kind: 'claims-csv',
      createdBy: actor.person.id,
      expiresAt,
    });
    return { token, expiresAt };
  }

  /** The tenant a valid, unexpired token exports; a forged or expired one is refused. */
  async redeem(token: string): Promise<string> {
    const hash = /^[\w-]{20,100}$/.test(token) ? hashToken(token) : undefined;
    const found = hash ? await this.tokens.find(hash) : undefined;
    // An evidence-pack link opens one claim's pack, never the organisation's export.
    if (!hash || !found || found.kind !== 'claims-csv')
      throw new ForbiddenError('This download link is not valid. Ask for a new one with `export`.');
    if (found.expiresAt.getTime() < this.clock.now().getTime()) {
      throw new ForbiddenError(
        `This download link expired (links last ${EXPORT_LINK_MINUTES} minutes). Ask for a new one with \`export\`.`,
      );
    }
    // A bearer link works once: whoever forwarded or reloaded it gets this answer instead.
    if (!(await this.tokens.use(hash, this.clock.now())))
      throw new ForbiddenError(
        'This download link was already used (each link works once). Ask for a new one with `export`.',
      );
    return found.tenantId;
  }

  /** Rows of the CSV, page by page, so a large tenant is never held in memory at once. */
  async *rows(tenantId: string): AsyncGenerator<string[]> {
    yield [...CSV_HEADER];
    for (let skip = 0; ; skip += PAGE) {
      const page = await this.claims.list(tenantId, {}, { skip, limit: PAGE });
      for (const c of page.items) yield csvRow(c);
      if (page.items.length < PAGE) return;
    }
  }
}

function amount(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

function csvRow(c: Claim): string[] {
  const approved = c.status === 'Approved' || c.status === 'Paid' ? c.approvedMinor : 0;
  return [
    c.number,
    c.programCode,
    c.period.code,
    findActivity(c.activityCode)?.name ?? c.activityCode,
    c.location,
    STATUS_LABEL[c.status],
    c.currency,
    amount(c.claimedMinor, c.currency),
    amount(approved, c.currency),
    c.status === 'Paid' ? 'yes' : 'no',
    c.review?.payment?.date ?? '',
    c.review?.payment?.reference ?? '',
    c.createdAt.toISOString(),
    c.submittedAt?.toISOString() ?? '',
    c.review?.approval?.at.toISOString() ?? '',
  ];
}
