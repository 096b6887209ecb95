import type { ClaimPicture } from '../domain/picture';
import type { Readiness } from '../domain/readiness';
import { STATUS_LABEL } from '../domain/status';
import type { ChecklistRow, ClaimHeaderData } from './card-models';
import { md, STATUS_COLOR } from './format';

export interface Banner {
  readonly text: string;
  readonly items?: readonly string[];
  readonly style?: 'good' | 'attention' | 'warning' | 'accent' | 'emphasis';
}

/** What a person typed on a card that could not be saved: shown again in the same inputs. */
export type Drafts = Readonly<Record<string, string>>;

/** The top of both the claim card and the review card: identity, status and banner. */
export function claimHeader(p: ClaimPicture, banner?: Banner): ClaimHeaderData {
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

/** The readiness items; a metric's detail is its value as typed, so it is escaped (the others are ours). */
export function checklistRows(readiness: Readiness): ChecklistRow[] {
  return readiness.items.map((i): ChecklistRow => ({
    mark: i.ok ? '✔' : '✖',
    color: i.ok ? 'Good' : 'Attention',
    label: i.label,
    detail: i.key.startsWith('metric:') ? md(i.detail) : i.detail,
  }));
}

/** A card without its banner: the copy everyone else sees when one person's press updates it. */
export function withoutBanner(card: Record<string, unknown>): Record<string, unknown> {
  const body = card.body as Array<Record<string, unknown>> | undefined;
  return body ? { ...card, body: body.filter((b) => b.id !== 'banner') } : card;
}
