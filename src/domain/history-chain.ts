/**
 * Tamper-evident History: each claim's events form a hash chain. An event's hash is the SHA-256 of
 * its canonical JSON (keys sorted, dates as ISO strings, absent fields left out) together with the
 * hash of the event before it, so changing, removing or inserting any event breaks every hash from
 * there on, and the claim document keeps the hash of its latest event so a removed tail shows too.
 *
 * Events recorded before chaining existed carry no hash: they may only come first, and they are
 * chained implicitly (the first chained event commits to their content) — `verify` says how many.
 */
import { createHash } from 'node:crypto';
import type { ClaimEvent } from './claim';
import { wellFormed } from './text-length';

/** The fields of a stored event that its hash covers (everything but the hash itself). */
export interface ChainedEvent {
  readonly tenantId: string;
  readonly claimId: string;
  readonly seq: number;
  readonly type: string;
  readonly actor: unknown;
  readonly at: Date;
  readonly data: unknown;
  readonly set: unknown;
  readonly unset?: readonly string[];
}

/**
 * JSON with object keys sorted at every depth, dates as ISO strings and undefined members left out.
 * Strings count as the database keeps them (lone surrogates as U+FFFD), so an event hashed before
 * it is stored verifies after it is read back.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(wellFormed(k))}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  if (typeof value === 'string') return JSON.stringify(wellFormed(value));
  return JSON.stringify(value);
}

/** The hash of an event that follows `prevHash` (null for a claim's first event). */
export function eventHash(event: ChainedEvent, prevHash: string | null): string {
  const { tenantId, claimId, seq, type, actor, at, data, set, unset } = event;
  const body = canonicalJson({
    v: 1,
    tenantId,
    claimId,
    seq,
    type,
    actor,
    at,
    data,
    set,
    ...(unset && unset.length > 0 ? { unset } : {}),
    prevHash,
  });
  return createHash('sha256').update(body).digest('hex');
}

/** The hash the next event must name as its predecessor, from the whole History (legacy claims only). */
export function chainHead(events: readonly (ChainedEvent & { hash?: string })[]): string | null {
  let head: string | null = null;
  for (const e of events) head = e.hash ?? eventHash(e, head);
  return head;
}

export type ChainVerdict =
  | { readonly intact: true; readonly events: number; readonly unchained: number; readonly head: string | null }
  | {
      readonly intact: false;
      readonly events: number;
      /** The first sequence number that does not verify (a changed, missing or extra event). */
      readonly firstBroken: number;
      readonly reason: 'changed' | 'missing' | 'unexpected' | 'truncated';
    };

/**
 * Checks a claim's whole History (events in any order) against its version and the hash the claim
 * document holds. `claimHash` is undefined for claims whose events predate chaining. Events beyond
 * the version were committed after the claim was read and are left to the next check.
 */
export function verifyChain(
  events: readonly (ChainedEvent & Pick<ClaimEvent, 'prevHash' | 'hash'>)[],
  claimVersion: number,
  claimHash: string | undefined,
): ChainVerdict {
  const sorted = events.filter((e) => e.seq <= claimVersion).sort((a, b) => a.seq - b.seq);
  let head: string | null = null;
  let unchained = 0;
  let chained = false;
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    const expected = i + 1;
    if (e.seq !== expected)
      return {
        intact: false,
        events: sorted.length,
        firstBroken: expected,
        reason: e.seq > expected ? 'missing' : 'unexpected',
      };
    const computed = eventHash(e, head);
    if (e.hash === undefined && e.prevHash === undefined) {
      // Recorded before chaining: allowed only before the first chained event.
      if (chained) return { intact: false, events: sorted.length, firstBroken: e.seq, reason: 'changed' };
      unchained++;
      head = computed;
      continue;
    }
    chained = true;
    if (e.prevHash !== head || e.hash !== computed)
      return { intact: false, events: sorted.length, firstBroken: e.seq, reason: 'changed' };
    head = computed;
  }
  if (sorted.length < claimVersion)
    return { intact: false, events: sorted.length, firstBroken: sorted.length + 1, reason: 'truncated' };
  if (claimHash !== undefined && claimHash !== head)
    return { intact: false, events: sorted.length, firstBroken: sorted.length, reason: 'changed' };
  return { intact: true, events: sorted.length, unchained, head };
}
