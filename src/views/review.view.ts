import type { ClaimPicture } from '../domain/claim.service';
import { findLocation } from '../domain/locations';
import { formatMoney, minorDigits } from '../domain/money';
import { daysUntil, isoDate } from '../domain/period';
import { checklistRows, claimHeader, type Banner } from './claim-parts.view';
import { reviewLines } from './review-lines.view';
import { formatWhen, plural } from './format';
import type { Card, CardRenderer } from './render-card';

const PREVIEW = 600;
const MAX_DOCS = 15;

function clip(text: string, max = PREVIEW): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The review card: everything a reviewer needs, with per-item controls. `conflict` hides the decisions. */
export function reviewCard(
  renderer: CardRenderer,
  p: ClaimPicture,
  options: { conflict?: string; banner?: Banner } = {},
): Card {
  const { claim, activity, readiness } = p;
  const money = (minor: number) => formatMoney(minor, claim.currency);
  const waiting = claim.submittedAt ? Math.max(0, -daysUntil(isoDate(claim.submittedAt.getTime()), p.now)) : 0;
  const deciding = claim.status === 'InReview' || claim.status === 'Disputed';
  const banner =
    options.banner ?? (options.conflict ? { text: options.conflict, style: 'warning' as const } : undefined);
  return renderer.render(
    'review',
    {
      ...claimHeader(p, banner),
      facts: [
        { title: 'Program', value: `${claim.programCode} · ${claim.period.code}` },
        { title: 'Location', value: findLocation(claim.location)?.name ?? claim.location },
        { title: 'Claimed', value: money(claim.claimedMinor) },
        { title: 'Earned funds', value: p.earnedMinor === undefined ? 'not set' : money(p.earnedMinor) },
        {
          title: 'Submitted',
          value: claim.submittedAt ? `${formatWhen(claim.submittedAt)} (${plural(waiting, 'day')} waiting)` : '—',
        },
        { title: 'Created by', value: claim.createdBy.name },
      ],
      description: clip(claim.description),
      reviewLines: reviewLines(claim, p.now),
      checklist: checklistRows(readiness),
      // The card stays under 28 KB: at most MAX_DOCS documents with short notes; the rest are counted.
      documents: [
        ...p.documents.slice(0, MAX_DOCS).map((d) => ({
          title: `${d.kind.toUpperCase()} · ${clip(d.name, 80)}${d.amountMinor ? ` · ${formatMoney(d.amountMinor, d.currency)}` : ''}`,
          note: clip(d.note, 160),
        })),
        ...(p.documents.length > MAX_DOCS
          ? [{ title: `…and ${p.documents.length - MAX_DOCS} more (see the claim's History)`, note: '' }]
          : []),
      ],
      metricFacts: (activity?.metrics ?? [])
        .filter((m) => claim.metrics[m.key] !== undefined)
        .map((m) => ({ title: m.label, value: clip(String(claim.metrics[m.key]), 300) })),
      additionalInfo: clip(claim.additionalInfo),
      poeItems: (activity?.poe ?? []).map((req) => {
        const f = claim.review?.feedback?.[req.key];
        const docs = p.documents.filter((d) => d.kind === 'poe' && d.poeKey === req.key).length;
        return {
          key: req.key,
          label: req.label,
          verdictId: `verdict_${req.key}`,
          commentId: `comment_${req.key}`,
          verdict: f?.verdict ?? '',
          comment: f?.comment ?? '',
          current: `${plural(docs, 'document')} · ${f ? (f.verdict === 'accepted' ? 'accepted' : `needs change: ${clip(f.comment, 200)}`) : 'no feedback yet'}`,
        };
      }),
      canPickUp: claim.status === 'Submitted' && !options.conflict,
      canDecide: deciding && !options.conflict,
      currency: claim.currency,
      claimedPlain: (claim.claimedMinor / 10 ** minorDigits(claim.currency)).toFixed(minorDigits(claim.currency)),
      footer: `Version ${claim.version} · updated ${formatWhen(claim.updatedAt)}`,
    },
    {
      refresh: {
        action: { type: 'Action.Execute', title: 'Refresh', verb: 'review.refresh', data: { claimId: claim.id } },
        userIds: claim.review?.reviewer ? [claim.review.reviewer.id] : [],
      },
    },
  );
}
