import { findActivity, type Activity } from './activities';
import { documentsOf, type Claim, type ClaimDocument, type ClaimRequest } from './claim';
import { checkReadiness, type FundsPicture, type Readiness } from './readiness';

/** Everything a claim card (or review card) shows: the claim, its documents and readiness right now. */
export interface ClaimPicture {
  readonly claim: Claim;
  readonly activity: Activity | undefined;
  readonly documents: readonly ClaimDocument[];
  readonly readiness: Readiness;
  readonly funds: FundsPicture;
  readonly now: Date;
  readonly requests: readonly ClaimRequest[];
}

/** Builds the picture from the claim (which holds its documents and requests) and its funds. */
export function pictureOf(claim: Claim, funds: FundsPicture, now: Date): ClaimPicture {
  const documents = documentsOf(claim);
  return {
    claim,
    activity: findActivity(claim.activityCode),
    documents,
    readiness: checkReadiness({ claim, documents, funds, now }),
    funds,
    now,
    requests: claim.requests ?? [],
  };
}
