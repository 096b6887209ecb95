/**
 * Errors the domain raises on purpose: one class per refusal. Each carries a stable code (for logs,
 * tests and the presentation table in the bot and HTTP layers) and a message that is safe to show
 * to a user. A refusal about a claim carries the claim's current picture when the service has it,
 * so the bot can answer with the current card without reading it again.
 */
import type { ReadinessItem } from './readiness';
import type { ClaimPicture } from './picture';

export type DomainErrorCode =
  | 'CLAIM.NOT_FOUND'
  | 'CLAIM.NOT_EDITABLE'
  | 'CLAIM.NOT_READY'
  | 'CLAIM.CHANGED'
  | 'CLAIM.INVALID'
  | 'CLAIM.BAD_TRANSITION'
  | 'PROGRAM.NOT_FOUND'
  | 'PROGRAM.INVALID'
  | 'AUTH.FORBIDDEN'
  | 'INPUT.INVALID'
  | 'DOCUMENT.NOT_FOUND'
  | 'REQUEST.NOT_FOUND'
  | 'UPLOAD.TOKEN_INVALID'
  | 'UPLOAD.TOKEN_EXPIRED'
  | 'UPLOAD.TOKEN_USED'
  | 'UPLOAD.REJECTED'
  | 'UPLOAD.TOO_LARGE'
  | 'UPLOAD.ABORTED'
  | 'DOWNLOAD.LINK_INVALID'
  | 'DOWNLOAD.LINK_EXPIRED'
  | 'DOWNLOAD.LINK_USED'
  | 'UPLOAD.NO_FILE'
  | 'UPLOAD.OUT_OF_REACH'
  | 'BLOB.UNAVAILABLE';

/**
 * A change committed (its History event is stored), and something after it failed: materialising
 * the claim, settling its funds, showing the card, telling the other side. Not a refusal: the
 * person must hear that it was saved, never "nothing was changed", and nothing done for the change
 * (its file, its replay-ledger entry) may be undone.
 */
export class AfterCommitError extends Error {
  constructor(
    readonly what: string,
    cause: unknown,
  ) {
    super(`after commit (${what})`);
    this.name = 'AfterCommitError';
    this.cause = cause;
  }
}

/** Runs what follows a committed change; a failure there is an AfterCommitError (the first one is kept). */
export async function afterCommit<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw err instanceof AfterCommitError ? err : new AfterCommitError(what, err);
  }
}

export class DomainError extends Error {
  /** The claim as it is now, when the refusal is about one (the bot shows it with the reason). */
  picture?: ClaimPicture;

  constructor(
    readonly code: DomainErrorCode,
    readonly userMessage: string,
  ) {
    super(`${code}: ${userMessage}`);
    this.name = new.target.name;
  }

  /** Attaches the current picture (fluent, for `throw new X(…).about(picture)`). */
  about(picture: ClaimPicture | undefined): this {
    if (picture) this.picture = picture;
    return this;
  }
}

export class ClaimNotFoundError extends DomainError {
  constructor(number?: string) {
    super(
      'CLAIM.NOT_FOUND',
      number ? `I can't find claim ${number} in this organisation.` : "I can't find that claim in this organisation.",
    );
  }
}

/** A version-checked write lost: somebody else changed the claim first (or the card is old). */
export class ClaimChangedError extends DomainError {
  constructor(readonly claimId: string) {
    super(
      'CLAIM.CHANGED',
      'This claim changed while you were looking at it, so nothing was saved. Here is the current card — please try again.',
    );
  }
}

export class ClaimNotEditableError extends DomainError {
  constructor(message: string) {
    super('CLAIM.NOT_EDITABLE', message);
  }
}

export class ClaimNotReadyError extends DomainError {
  constructor(
    message: string,
    readonly failing: readonly ReadinessItem[],
  ) {
    super('CLAIM.NOT_READY', message);
  }
}

/** A status move that the claim's status (or a window such as the dispute window) does not allow. */
export class BadTransitionError extends DomainError {
  constructor(message: string) {
    super('CLAIM.BAD_TRANSITION', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('AUTH.FORBIDDEN', message);
  }
}

/** Input that does not fit: `fields` maps each bad form field to its own message. */
export class InvalidInputError<F extends string = string> extends DomainError {
  constructor(
    message: string,
    readonly fields: Readonly<Partial<Record<F, string>>> = {} as Partial<Record<F, string>>,
  ) {
    super('INPUT.INVALID', message);
  }
}

/** The new-claim (or edit-claim) form has fields to fix. */
export class ClaimFormError<F extends string = string> extends DomainError {
  constructor(readonly fields: Readonly<Partial<Record<F, string>>>) {
    super('CLAIM.INVALID', 'Some fields need attention.');
  }
}

export class ProgramInvalidError extends DomainError {
  constructor(message: string) {
    super('PROGRAM.INVALID', message);
  }
}

export class ProgramNotFoundError extends DomainError {
  constructor(code: string) {
    super('PROGRAM.NOT_FOUND', `There is no program ${code} in this organisation.`);
  }
}

export class DocumentNotFoundError extends DomainError {
  constructor(message = "I can't find that document on this claim.") {
    super('DOCUMENT.NOT_FOUND', message);
  }
}

export class RequestNotFoundError extends DomainError {
  constructor(message = "I can't find that upload request in this organisation.") {
    super('REQUEST.NOT_FOUND', message);
  }
}

export class UploadTokenError extends DomainError {
  constructor(code: 'UPLOAD.TOKEN_INVALID' | 'UPLOAD.TOKEN_EXPIRED' | 'UPLOAD.TOKEN_USED', message: string) {
    super(code, message);
  }
}

/** A download link (evidence pack) that is forged, expired or already used. */
export class DownloadLinkError extends DomainError {
  constructor(code: 'DOWNLOAD.LINK_INVALID' | 'DOWNLOAD.LINK_EXPIRED' | 'DOWNLOAD.LINK_USED', message: string) {
    super(code, message);
  }
}

/** A file that is not accepted (type, name, size, a broken form): nothing was stored. */
export class UploadRejectedError extends DomainError {
  constructor(
    message: string,
    code: 'UPLOAD.REJECTED' | 'UPLOAD.TOO_LARGE' | 'UPLOAD.ABORTED' = 'UPLOAD.REJECTED',
    /** Why, for the log only (it may name a host, a port or an upstream status); never shown. */
    readonly logReason?: string,
  ) {
    super(code, message);
  }
}

/** The file stopped arriving before its end (the client went away, the stream broke): nothing was stored. */
export class UploadInterruptedError extends UploadRejectedError {
  constructor(cause?: unknown) {
    super(
      'The upload was interrupted before the whole file arrived. Nothing was saved — please try again.',
      'UPLOAD.ABORTED',
    );
    this.cause = cause;
  }
}

/** "Add to claim" on a message that holds no file or image the bot could add (or none was chosen). */
export class NoFileInMessageError extends DomainError {
  constructor(message = 'This message has no file or image I can add to a claim. Nothing was changed.') {
    super('UPLOAD.NO_FILE', message);
  }
}

/**
 * A file of a message that the bot cannot fetch: files shared in a channel or chat live in
 * SharePoint or OneDrive (images in the chat's own storage), behind the sign-in of the people in
 * it, which the bot does not have.
 */
export class FileOutOfReachError extends DomainError {
  constructor(
    readonly fileName: string,
    /** Why, for the log only (a host or an upstream status); never shown. */
    readonly logReason?: string,
  ) {
    super(
      'UPLOAD.OUT_OF_REACH',
      `I can't open ${fileName}: Teams keeps it behind your sign-in (in SharePoint, OneDrive or the chat's own storage), which I don't have. Nothing was saved.`,
    );
  }
}

/** The blob store is down or unreachable: nothing was stored; the user should try again later. */
export class BlobUnavailableError extends DomainError {
  constructor(cause?: unknown) {
    super(
      'BLOB.UNAVAILABLE',
      'The file store is not reachable right now. Nothing was saved — please try again in a few minutes.',
    );
    this.cause = cause;
  }
}
