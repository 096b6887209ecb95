import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { isPartner } from './access';
import { findActivity, type Activity } from './activities';
import type { ActorContext } from './actor';
import { hasRole } from './actor';
import { documentsOf, type Claim, type ClaimDocument, type ClaimEvent } from './claim';
import type { ClaimService } from './claim.service';
import type { Clock } from './clock';
import { BadTransitionError, DownloadLinkError, ForbiddenError } from './errors';
import { hasEvidencePack, packEntries, type PackEntry } from './evidence-pack';
import { hashToken, type DownloadTokenRepository } from './export.service';
import type { ChainVerdict } from './history-chain';
import type { BlobStore, ClaimRepository } from './ports';
import { STATUS_LABEL } from './status';

export const EVIDENCE_LINK_MINUTES = 15;

/** Everything the pack holds, read once when its link is opened. */
export interface EvidencePack {
  readonly claim: Claim;
  readonly activity: Activity | undefined;
  /** The current documents with a stored file, each with its path in the archive. */
  readonly entries: readonly PackEntry[];
  /** Current documents without a stored file (listed in the summary, not in the archive). */
  readonly withoutFile: readonly ClaimDocument[];
  /** History up to the claim's version, oldest first: exactly what `verdict` judged. */
  readonly events: readonly ClaimEvent[];
  readonly verdict: ChainVerdict;
  readonly generatedAt: Date;
}

const AGAIN = 'Press Evidence pack on the claim card for a new link.';

/**
 * The evidence pack of a claim (issue 14): who may ask for it, its single-use 15-minute link, and
 * what it holds. The archive itself is written by the HTTP layer, file by file, as it streams.
 */
export class EvidencePackService {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly claimService: ClaimService,
    private readonly tokens: DownloadTokenRepository,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
  ) {}

  /**
   * A link for the claim's partners (incentives admins and users) and reviewers. The token is a
   * credential: only its sha256 is stored, and the caller sends it to the person's 1:1 chat.
   */
  async createLink(actor: ActorContext, claimId: string): Promise<{ token: string; expiresAt: Date; claim: Claim }> {
    if (!isPartner(actor) && !hasRole(actor, 'reviewer'))
      throw new ForbiddenError(
        "Only incentives admins, incentives users and reviewers can download a claim's evidence pack.",
      );
    const claim = await this.claimService.get(actor, claimId);
    if (!hasEvidencePack(claim))
      throw new BadTransitionError(
        `${claim.number} is ${STATUS_LABEL[claim.status]}: its evidence pack is ready once the claim has been submitted.`,
      );
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + EVIDENCE_LINK_MINUTES * 60_000);
    await this.tokens.insert({
      tokenHash: hashToken(token),
      tenantId: claim.tenantId,
      kind: 'evidence-pack',
      claimId: claim.id,
      createdBy: actor.person.id,
      expiresAt,
    });
    return { token, expiresAt, claim };
  }

  /**
   * The pack a valid link opens. The claim and its History are read before the link is marked
   * used, so a failed read leaves the link working; of two downloads at once exactly one wins.
   */
  async open(token: string): Promise<EvidencePack> {
    const hash = /^[\w-]{20,100}$/.test(token) ? hashToken(token) : undefined;
    const found = hash ? await this.tokens.find(hash) : undefined;
    if (!hash || !found || found.kind !== 'evidence-pack' || !found.claimId)
      throw new DownloadLinkError('DOWNLOAD.LINK_INVALID', `This download link is not valid. ${AGAIN}`);
    const now = this.clock.now();
    if (found.expiresAt.getTime() < now.getTime())
      throw new DownloadLinkError(
        'DOWNLOAD.LINK_EXPIRED',
        `This download link expired (links last ${EVIDENCE_LINK_MINUTES} minutes). ${AGAIN}`,
      );
    const claim = await this.claims.get(found.tenantId, found.claimId);
    if (!claim) throw new DownloadLinkError('DOWNLOAD.LINK_INVALID', 'The claim of this link no longer exists.');
    const events = (await this.claims.allEvents(claim.tenantId, claim.id)).filter((e) => e.seq <= claim.version);
    const verdict = await this.claimService.verdictOf(claim, events);
    // A bearer link works once: whoever forwarded or reloaded it gets this answer instead.
    if (!(await this.tokens.use(hash, now)))
      throw new DownloadLinkError(
        'DOWNLOAD.LINK_USED',
        `This download link was already used (each link works once). ${AGAIN}`,
      );
    const documents = documentsOf(claim);
    const activity = findActivity(claim.activityCode);
    return {
      claim,
      activity,
      entries: packEntries(documents, activity),
      withoutFile: documents.filter((d) => !d.file),
      events,
      verdict,
      generatedAt: now,
    };
  }

  /** A document's stored file as a stream, read only as fast as the archive takes it. */
  async openFile(document: ClaimDocument, signal?: AbortSignal): Promise<Readable> {
    if (!document.file) throw new Error(`document ${document.id} has no stored file`);
    return this.blobs.openRead(document.file.blobName, signal);
  }
}
