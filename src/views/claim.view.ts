import { hasEvidencePack } from '../domain/evidence-pack';
import { findLocation } from '../domain/locations';
import { formatMoney } from '../domain/money';
import { daysUntil, isoDate } from '../domain/period';
import type { ClaimPicture } from '../domain/picture';
import { canDispute } from '../domain/review-rules';
import { isEditable } from '../domain/status';
import type { ClaimCard, Fact, MetricInputRow } from './card-models';
import { checklistRows, claimHeader, type Banner, type Drafts } from './claim-parts.view';
import { requestLinesData } from './documents.view';
import { formatWhen, plural, userText } from './format';
import type { Card, CardRenderer } from './render-card';
import { reviewLines } from './review-lines.view';

export type { Banner, Drafts };

/** The card shows the start of the additional information; the edit form holds all of it. */
const INFO_PREVIEW = 400;

export interface ClaimCardOptions {
  readonly banner?: Banner;
  /** Text the person typed that was not saved (a stale card): shown again in its input. */
  readonly drafts?: Drafts;
}

export function claimCardData(p: ClaimPicture, options: ClaimCardOptions = {}): ClaimCard {
  const { claim, activity, readiness } = p;
  const drafts = options.drafts ?? {};
  const money = (minor: number) => formatMoney(minor, claim.currency);
  const days = daysUntil(claim.deadline, p.now);
  const editable = isEditable(claim.status);
  const deadlineText =
    claim.status === 'Editing'
      ? `${claim.deadline} (${days > 0 ? `${plural(days, 'day')} left` : days === 0 ? 'due today' : `passed ${plural(-days, 'day')} ago`})`
      : claim.firstSubmittedAt
        ? `${claim.deadline} (first submitted ${isoDate(claim.firstSubmittedAt.getTime())})`
        : claim.deadline;
  const respondBy = claim.status === 'ActionRequired' ? claim.review?.infoRequest?.dueDate : undefined;
  const respondLeft = respondBy ? daysUntil(respondBy, p.now) : 0;
  const facts: Fact[] = [
    { title: 'Program', value: claim.programCode },
    { title: 'Location', value: findLocation(claim.location)?.name ?? claim.location },
    { title: 'Usage period', value: `${claim.period.code} (${claim.period.start} – ${claim.period.end})` },
    { title: 'Claimed', value: money(claim.claimedMinor) },
    ...(claim.approvedMinor > 0 ? [{ title: 'Approved', value: money(claim.approvedMinor) }] : []),
    { title: 'Earned funds', value: p.funds.earnedMinor === undefined ? 'not set' : money(p.funds.earnedMinor) },
    { title: 'Deadline', value: deadlineText },
    ...(respondBy
      ? [
          {
            title: 'Respond by',
            value: `${respondBy} (${respondLeft >= 0 ? `${plural(respondLeft, 'day')} left` : `overdue by ${plural(-respondLeft, 'day')}`})`,
          },
        ]
      : []),
    { title: 'Documents', value: String(p.documents.length) },
    { title: 'Created by', value: userText(claim.createdBy.name, 100) },
    ...(claim.withdrawal
      ? [
          {
            title: 'Withdrawn',
            value: `${formatWhen(claim.withdrawal.at)} by ${userText(claim.withdrawal.by.name, 100)}: ${userText(claim.withdrawal.reason, 300)}`,
          },
        ]
      : []),
    ...(claim.expiredAt
      ? [{ title: 'Expired', value: `${formatWhen(claim.expiredAt)}: the deadline passed before it was submitted` }]
      : []),
  ];
  const metricDefs = activity?.metrics ?? [];
  const metricValue = (key: string) => {
    const v = claim.metrics[key];
    return v === undefined ? '' : typeof v === 'number' ? v.toLocaleString('en-US') : v;
  };
  return {
    ...claimHeader(p, options.banner),
    facts,
    description: userText(claim.description, 600),
    readinessTitle: editable
      ? readiness.ready
        ? 'Ready to submit ✔'
        : `Before you can submit: ${plural(readiness.failing.length, 'item')} to do`
      : 'Readiness checklist',
    readinessColor: readiness.ready ? 'Good' : 'Default',
    checklist: checklistRows(readiness),
    metricFacts: metricDefs
      .filter((m) => claim.metrics[m.key] !== undefined)
      .map((m): Fact => ({ title: m.label, value: userText(metricValue(m.key), 300) })),
    metricInputs: metricDefs.map((m): MetricInputRow => ({
      id: `metric_${m.key}`,
      label: m.label,
      value: drafts[`metric_${m.key}`] ?? (claim.metrics[m.key] === undefined ? '' : String(claim.metrics[m.key])),
      placeholder: m.kind === 'integer' ? 'A whole number' : 'A short summary',
    })),
    additionalInfo: claim.additionalInfo,
    additionalInfoPreview:
      userText(claim.additionalInfo, INFO_PREVIEW) +
      ([...claim.additionalInfo].length > INFO_PREVIEW ? ' (open Additional info to read it all)' : ''),
    drafts: {
      comment: drafts.comment ?? '',
      additionalInfo: drafts.additionalInfo ?? claim.additionalInfo,
      reason: drafts.reason ?? '',
      withdrawReason: drafts.withdrawReason ?? '',
      date: drafts.date ?? '',
      reference: drafts.reference ?? '',
    },
    reviewLines: reviewLines(claim, p.now),
    canDispute: canDispute(claim, p.now),
    canMarkPaid: claim.status === 'Approved',
    canEvidencePack: hasEvidencePack(claim),
    editable,
    ...requestLinesData(p.requests, claim, p.activity, p.now),
    footer: `Version ${claim.version} · updated ${formatWhen(claim.updatedAt)} · ${plural(claim.commentCount, 'comment')}`,
  };
}

/** The claim card, with `refresh` so everyone who acted on the claim sees it current when they open it. */
export function claimCard(renderer: CardRenderer, p: ClaimPicture, options: ClaimCardOptions = {}): Card {
  return renderer.render('claim', claimCardData(p, options), {
    refresh: {
      action: { type: 'Action.Execute', title: 'Refresh', verb: 'claim.refresh', data: { claimId: p.claim.id } },
      userIds: [...p.claim.participants],
    },
  });
}
