/**
 * Errors the domain raises on purpose. Each carries a stable code (for logs, tests and the
 * bot's error mapping) and a message that is safe to show to a user.
 */
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
  | 'STORE.UNAVAILABLE'
  // Documents and uploads (README: Documents and uploads)
  | 'DOCUMENT.NOT_FOUND'
  | 'REQUEST.NOT_FOUND'
  | 'UPLOAD.TOKEN_INVALID'
  | 'UPLOAD.TOKEN_EXPIRED'
  | 'UPLOAD.TOKEN_USED'
  | 'UPLOAD.REJECTED'
  | 'UPLOAD.TOO_LARGE'
  | 'UPLOAD.ABORTED'
  | 'BLOB.UNAVAILABLE';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly userMessage: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}: ${userMessage}`);
    this.name = 'DomainError';
  }
}

/** Raised by a store when the database cannot be reached; the bot answers "try again". */
export class StoreUnavailableError extends DomainError {
  constructor(cause?: unknown) {
    super(
      'STORE.UNAVAILABLE',
      'The claims store is not reachable right now. Nothing was changed — please try again in a minute.',
    );
    this.cause = cause;
  }
}

/** A version-checked write lost: somebody else changed the claim first. */
export class ClaimChangedError extends DomainError {
  constructor(readonly claimId: string) {
    super(
      'CLAIM.CHANGED',
      'This claim changed while you were looking at it, so nothing was saved. Here is the current card — please try again.',
    );
  }
}
