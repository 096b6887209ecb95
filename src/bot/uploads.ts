import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import type { Clock } from '../domain/clock';
import type { DocumentService } from '../domain/document.service';
import { DomainError } from '../domain/errors';
import type { ReminderService } from '../domain/reminder.service';
import type { UploadRequestService } from '../domain/upload-request.service';
import { findActivity } from '../domain/activities';
import type { Claim, DocumentKind } from '../domain/claim';
import type { DetailsErrors, DetailsInput, DocumentRecord } from '../domain/document';
import { documentFormCard } from '../views/documents.view';
import type { Card } from '../views/render-card';
import { renderClaim } from './claim-card';
import type { DirectMessages } from './direct-messages';
import { cardResponse } from './reply';
import type { Turn } from './turn';

/** What the document and upload handlers use (wired in main.ts). */
export interface UploadServices {
  readonly documents: DocumentService;
  readonly requests: UploadRequestService;
  readonly reminders: ReminderService;
  readonly direct: DirectMessages;
  readonly maxBytes: number;
  readonly downloadMinutes: number;
  readonly clock: Clock;
  /** Plain-http download links for files sent in chat (local development only; production takes https). */
  readonly httpDownloads: boolean;
}

/** The full address of an upload link (the token is the credential; it is never logged). */
export function uploadUrl(turnOrServices: Pick<Turn, 'services'> | Turn['services'], token: string): string {
  const services = 'services' in turnOrServices ? turnOrServices.services : turnOrServices;
  return `${services.publicUrl()}/upload/${token}`;
}

/** Domain refusals after which the person should see the claim as it is now, with the reason on top. */
const SHOW_CLAIM = new Set(['CLAIM.CHANGED', 'CLAIM.NOT_EDITABLE', 'AUTH.FORBIDDEN', 'DOCUMENT.NOT_FOUND', 'UPLOAD.TOKEN_USED']);

/** Runs a document/request step; a refusal answers with the current claim card and the reason. */
export async function orClaimCard(turn: Turn, claimId: string, step: () => Promise<AdaptiveCardInvokeResponse>): Promise<AdaptiveCardInvokeResponse> {
  try {
    return await step();
  } catch (err) {
    if (!(err instanceof DomainError) || !SHOW_CLAIM.has(err.code)) throw err;
    turn.log.info({ code: err.code }, 'document step refused');
    const claim = await turn.services.claims.get(turn.actor, claimId);
    return cardResponse(await renderClaim(turn, claim, { text: err.userMessage, style: err.code === 'CLAIM.CHANGED' ? 'warning' : 'attention' }));
  }
}

/**
 * The Add document / Replace form for a claim: `replacesId` names the document being replaced
 * (its kind wins over `kind`); undefined when that document is no longer current.
 */
export async function documentForm(
  turn: Turn,
  claim: Claim,
  options: { kind?: DocumentKind; replacesId?: string; values: (replaced: DocumentRecord | undefined) => DetailsInput; errors?: DetailsErrors; banner?: string },
): Promise<{ card: Card; replaced: DocumentRecord | undefined }> {
  const replaced = options.replacesId ? (await turn.services.uploads.documents.list(turn.actor, claim.id)).documents.find((d) => d.id === options.replacesId) : undefined;
  const card = documentFormCard(turn.services.cards, {
    claim,
    activity: findActivity(claim.activityCode),
    now: turn.services.uploads.clock.now(),
    kind: replaced?.kind ?? options.kind,
    values: options.values(replaced),
    replaces: replaced,
    ...(options.errors ? { errors: options.errors } : {}),
    ...(options.banner ? { banner: options.banner } : {}),
  });
  return { card, replaced };
}
