import type { ClaimPicture } from '../domain/claim.service';
import { findLocation } from '../domain/locations';
import { formatMoney } from '../domain/money';
import { daysUntil } from '../domain/period';
import { isEditable } from '../domain/status';
import { formatWhen, plural } from './format';
import { checklistRows, claimHeader, type Banner } from './claim-parts.view';

export type { Banner };
import { canDispute } from '../domain/review-rules';
import { reviewLines } from './review-lines.view';
import type { Card, CardRenderer } from './render-card';
import { requestLinesData } from './documents.view';

/** The card shows the start of the additional information; the edit form holds all of it. */
const INFO_PREVIEW = 400;

function preview(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (open Additional info to read it all)` : text;
}

export function claimCardData(p: ClaimPicture, banner?: Banner) {
  const { claim, activity, readiness } = p;
  const money = (minor: number) => formatMoney(minor, claim.currency);
  const days = daysUntil(claim.deadline, p.now);
  const deadlineText =
    claim.status === 'Editing' || claim.status === 'ActionRequired'
      ? `${claim.deadline} (${days > 0 ? `${plural(days, 'day')} left` : days === 0 ? 'due today' : `passed ${plural(-days, 'day')} ago`})`
      : claim.deadline;
  const facts = [
    { title: 'Program', value: claim.programCode },
    { title: 'Location', value: findLocation(claim.location)?.name ?? claim.location },
    { title: 'Usage period', value: `${claim.period.code} (${claim.period.start} – ${claim.period.end})` },
    { title: 'Claimed', value: money(claim.claimedMinor) },
    ...(claim.approvedMinor > 0 ? [{ title: 'Approved', value: money(claim.approvedMinor) }] : []),
    { title: 'Earned funds', value: p.earnedMinor === undefined ? 'not set' : money(p.earnedMinor) },
    { title: 'Deadline', value: deadlineText },
    { title: 'Documents', value: String(p.documents.length) },
    { title: 'Created by', value: claim.createdBy.name },
  ];
  const editable = isEditable(claim.status);
  const metricDefs = activity?.metrics ?? [];
  return {
    ...claimHeader(p, banner),
    facts,
    description: claim.description,
    readinessTitle: editable
      ? readiness.ready
        ? 'Ready to submit ✔'
        : `Before you can submit: ${plural(readiness.failing.length, 'item')} to do`
      : 'Readiness checklist',
    readinessColor: readiness.ready ? 'Good' : 'Default',
    checklist: checklistRows(readiness),
    metricFacts: metricDefs
      .filter((m) => claim.metrics[m.key] !== undefined)
      .map((m) => ({ title: m.label, value: String(claim.metrics[m.key]) })),
    metricInputs: metricDefs.map((m) => ({
      id: `metric_${m.key}`,
      label: m.label,
      value: claim.metrics[m.key] === undefined ? '' : String(claim.metrics[m.key]),
      placeholder: m.kind === 'integer' ? 'A whole number' : 'A short summary',
    })),
    additionalInfo: claim.additionalInfo,
    additionalInfoPreview: preview(claim.additionalInfo, INFO_PREVIEW),
    reviewLines: reviewLines(claim, p.now),
    canDispute: canDispute(claim, p.now),
    canMarkPaid: claim.status === 'Approved',
    editable,
    ...requestLinesData(p.requests, activity),
    footer: `Version ${claim.version} · updated ${formatWhen(claim.updatedAt)} · ${plural(claim.commentCount, 'comment')}`,
  };
}

/** The claim card, with `refresh` so everyone who acted on the claim sees it current when they open it. */
export function claimCard(renderer: CardRenderer, p: ClaimPicture, banner?: Banner): Card {
  return renderer.render('claim', claimCardData(p, banner), {
    refresh: {
      action: { type: 'Action.Execute', title: 'Refresh', verb: 'claim.refresh', data: { claimId: p.claim.id } },
      userIds: [...p.claim.participants],
    },
  });
}
