import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { DomainError } from '../domain/errors';
import { findActivity } from '../domain/activities';
import type { Claim, DocumentKind } from '../domain/claim';
import type { DetailsErrors, DetailsInput, DocumentRecord } from '../domain/document';
import { documentFormCard } from '../views/documents.view';
import type { Card } from '../views/render-card';
import { renderClaim } from './claim-card';
import { cardResponse } from './reply';
import type { Turn } from './turn';

/** The full address of an upload link (the token is the credential; it is never logged). */
export function uploadUrl(turnOrServices: Pick<Turn, 'services'> | Turn['services'], token: string): string {
  const services = 'services' in turnOrServices ? turnOrServices.services : turnOrServices;
  return `${services.publicUrl()}/upload/${token}`;
}

/** Domain refusals after which the person should see the claim as it is now, with the reason on top. */
const SHOW_CLAIM = new Set([
  'CLAIM.CHANGED',
  'CLAIM.NOT_EDITABLE',
  'AUTH.FORBIDDEN',
  'DOCUMENT.NOT_FOUND',
  'UPLOAD.TOKEN_USED',
]);

/** Runs a document/request step; a refusal answers with the current claim card and the reason. */
export async function orClaimCard(
  turn: Turn,
  claimId: string,
  step: () => Promise<AdaptiveCardInvokeResponse>,
): Promise<AdaptiveCardInvokeResponse> {
  try {
    return await step();
  } catch (err) {
    if (!(err instanceof DomainError) || !SHOW_CLAIM.has(err.code)) throw err;
    turn.log.info({ code: err.code }, 'document step refused');
    const claim = await turn.services.claims.get(turn.actor, claimId);
    return cardResponse(
      await renderClaim(turn, claim, {
        text: err.userMessage,
        style: err.code === 'CLAIM.CHANGED' ? 'warning' : 'attention',
      }),
    );
  }
}

/**
 * The Add document / Replace form for a claim: `replacesId` names the document being replaced
 * (its kind wins over `kind`); undefined when that document is no longer current.
 */
export async function documentForm(
  turn: Turn,
  claim: Claim,
  options: {
    kind?: DocumentKind;
    replacesId?: string;
    values: (replaced: DocumentRecord | undefined) => DetailsInput;
    errors?: DetailsErrors;
    banner?: string;
  },
): Promise<{ card: Card; replaced: DocumentRecord | undefined }> {
  const replaced = options.replacesId
    ? (await turn.services.uploads.documents.list(turn.actor, claim.id)).documents.find(
        (d) => d.id === options.replacesId,
      )
    : undefined;
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
