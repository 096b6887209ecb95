import { ClaimNotReadyError, type DomainError, type DomainErrorCode } from '../domain/errors';
import type { Banner } from './claim-parts.view';

/**
 * How each refusal is presented, in one place for the bot and the HTTP pages: whether the person
 * should see the claim as it is now (with the reason on top), the banner style, the HTTP status of
 * the upload page, and the page's title.
 */
export interface Presentation {
  /** Answer with the claim's current card (claim card or review card) and the reason on top. */
  readonly showsClaim: boolean;
  readonly style: NonNullable<Banner['style']>;
  readonly httpStatus: number;
  readonly pageTitle: string;
}

const P = (showsClaim: boolean, style: Presentation['style'], httpStatus: number, pageTitle: string): Presentation => ({
  showsClaim,
  style,
  httpStatus,
  pageTitle,
});

export const PRESENTATION: Readonly<Record<DomainErrorCode, Presentation>> = {
  'CLAIM.NOT_FOUND': P(false, 'attention', 404, 'This claim cannot be found'),
  'CLAIM.NOT_EDITABLE': P(true, 'attention', 409, 'The claim is locked'),
  'CLAIM.NOT_READY': P(true, 'attention', 409, 'The claim is not ready'),
  'CLAIM.CHANGED': P(true, 'warning', 409, 'The claim changed'),
  'CLAIM.INVALID': P(false, 'attention', 400, 'Some fields need attention'),
  'CLAIM.BAD_TRANSITION': P(true, 'attention', 409, 'Not possible now'),
  'PROGRAM.NOT_FOUND': P(false, 'attention', 404, 'Unknown program'),
  'PROGRAM.INVALID': P(false, 'attention', 400, 'Something needs attention'),
  'AUTH.FORBIDDEN': P(true, 'attention', 403, 'Not allowed'),
  'INPUT.INVALID': P(true, 'attention', 400, 'Something needs attention'),
  'DOCUMENT.NOT_FOUND': P(true, 'attention', 404, 'Document not found'),
  'REQUEST.NOT_FOUND': P(false, 'attention', 404, 'Request not found'),
  'UPLOAD.TOKEN_INVALID': P(false, 'attention', 404, 'This link does not work'),
  'UPLOAD.TOKEN_EXPIRED': P(false, 'attention', 410, 'This link has expired'),
  'UPLOAD.TOKEN_USED': P(true, 'attention', 410, 'This link was already used'),
  'UPLOAD.REJECTED': P(false, 'attention', 422, 'The file was not accepted'),
  'UPLOAD.TOO_LARGE': P(false, 'attention', 413, 'The file is too large'),
  'UPLOAD.ABORTED': P(false, 'attention', 400, 'The upload did not finish'),
  'DOWNLOAD.LINK_INVALID': P(false, 'attention', 404, 'This link does not work'),
  'DOWNLOAD.LINK_EXPIRED': P(false, 'attention', 410, 'This link has expired'),
  'DOWNLOAD.LINK_USED': P(false, 'attention', 410, 'This link was already used'),
  'UPLOAD.NO_FILE': P(false, 'attention', 422, 'No file to add'),
  'UPLOAD.OUT_OF_REACH': P(false, 'attention', 422, 'The file could not be fetched'),
  'BLOB.UNAVAILABLE': P(false, 'warning', 503, 'Please try again later'),
};

export function presentationOf(err: DomainError): Presentation {
  return PRESENTATION[err.code];
}

/** The banner a refusal puts on top of the current card. */
export function refusalBanner(err: DomainError): Banner {
  const items = err instanceof ClaimNotReadyError ? err.failing.map((i) => `${i.label} — ${i.detail}`) : undefined;
  return { text: err.userMessage, ...(items ? { items } : {}), style: presentationOf(err).style };
}
