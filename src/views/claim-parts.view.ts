import type { ClaimPicture } from '../domain/claim.service';
import type { Readiness } from '../domain/readiness';
import { STATUS_LABEL } from '../domain/status';
import { STATUS_COLOR } from './format';

export interface Banner {
  readonly text: string;
  readonly items?: readonly string[];
  readonly style?: 'good' | 'attention' | 'warning' | 'accent' | 'emphasis';
}

/** The top of both the claim card and the review card: identity, status and banner. */
export function claimHeader(p: ClaimPicture, banner?: Banner) {
  const { claim, activity } = p;
  return {
    claimId: claim.id,
    version: claim.version,
    number: claim.number,
    activityName: activity?.name ?? claim.activityCode,
    statusLabel: STATUS_LABEL[claim.status],
    statusColor: STATUS_COLOR[claim.status],
    banner: banner?.text ?? '',
    bannerItems: banner?.items ?? [],
    bannerStyle: banner?.style ?? 'emphasis',
  };
}

export function checklistRows(readiness: Readiness) {
  return readiness.items.map((i) => ({
    mark: i.ok ? '✔' : '✖',
    color: i.ok ? 'Good' : 'Attention',
    label: i.label,
    detail: i.detail,
  }));
}
