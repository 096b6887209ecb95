/**
 * Why the bot did not start, for the process entry to report in one line: the two kinds differ in
 * what the operator must do, so they are reported (and exit) differently.
 */

/** This setup cannot work here (an engine missing on this platform or in this install): fix the settings. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}

/**
 * A configured service did not answer or refused us at start. Carries the variable that names the
 * service and its host — never the value itself, which may hold a password or key.
 */
export class ServiceStartError extends Error {
  override readonly name = 'ServiceStartError';
  constructor(
    readonly variable: string,
    readonly host: string,
    readonly reason: string,
  ) {
    super(`${variable}: ${host} did not work at start: ${reason}`);
  }
}

/** An error's message as one line without the given secrets (a driver may echo parts of a URI). */
export function oneLineReason(err: unknown, secrets: readonly string[] = []): string {
  let text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  for (const secret of secrets) if (secret.length >= 4) text = text.split(secret).join('[redacted]');
  // user:password@ in anything URI-like.
  text = text.replace(/\/\/[^/\s:@]+:[^/\s@]+@/g, '//[redacted]@');
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
