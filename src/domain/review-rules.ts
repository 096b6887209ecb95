import type { Claim } from './claim';
import { isoDate } from './period';

/** domain.md: disputed claims are re-reviewed within five business days. */
export const DISPUTE_REVIEW_BUSINESS_DAYS = 5;
/** Our rule: a rejected claim can be disputed within 30 days. */
export const DISPUTE_WINDOW_DAYS = 30;
/** Our rule (domain.md, Decisions): an information request gives the partner 30 days to respond. */
export const INFO_RESPONSE_DAYS = 30;

/** A rejected claim can be disputed until the end of its dispute window (UTC calendar day). */
export function canDispute(claim: Claim, now: Date): boolean {
  return (
    claim.status === 'Rejected' &&
    (!claim.review?.rejection || isoDate(now.getTime()) <= claim.review.rejection.disputeUntil)
  );
}
