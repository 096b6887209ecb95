import type { Claim } from './claim';
import { isoDate } from './period';

/** A rejected claim can be disputed until the end of its dispute window (UTC calendar day). */
export function canDispute(claim: Claim, now: Date): boolean {
  return (
    claim.status === 'Rejected' &&
    (!claim.review?.rejection || isoDate(now.getTime()) <= claim.review.rejection.disputeUntil)
  );
}
