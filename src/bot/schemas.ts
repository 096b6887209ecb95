import { z } from 'zod';
import { STATUSES } from '../domain/status';
import { wellFormed } from '../domain/text-length';

/**
 * User text as it arrives from a card: control characters (other than tab and line feed) and
 * bidirectional overrides are removed, half emoji (lone surrogates) made U+FFFD as the database
 * would keep them, line ends made `\n`, and the text normalised (NFC). A
 * zero-width or control character can never make a stored text, a card or an export look other
 * than it reads.
 */
export function cleanText(raw: string): string {
  return wellFormed(raw)
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .normalize('NFC');
}

/** A text input: bounded at the edge (generously: the domain says the exact limit in words), cleaned. */
export const text = (max: number) => z.string().max(max).transform(cleanText);
/** The same with '' when the card did not send it. */
export const optionalText = (max: number) => text(max).default('');

/** Shared zod pieces for card data: strict types and lengths, so operators or huge values never get through. */
export const claimId = z.string().uuid();
export const version = z.union([
  z.number().int().min(0).max(1_000_000_000),
  z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
]);
export const page = z
  .union([
    z.number().int().min(0).max(100_000),
    z
      .string()
      .regex(/^\d{1,6}$/)
      .transform(Number),
  ])
  .default(0);
export const statusName = z.enum(STATUSES);
/** Which card a read-only press came from (History and Documents go back to it). */
export const side = z.enum(['claim', 'review']).default('claim');

export const ClaimRef = z.object({ claimId });
export const VersionedClaimRef = z.object({ claimId, version });
