import { KIND_LABEL } from '../domain/document';
import { hasEvidencePack } from '../domain/evidence-pack';
import { findLocation } from '../domain/locations';
import { formatMoney, minorDigits } from '../domain/money';
import { isoDate } from '../domain/period';
import type { ClaimPicture } from '../domain/picture';
import { daysWaiting, disputeOverdue } from '../domain/review.service';
import { checklistRows, claimHeader, type Banner, type Drafts } from './claim-parts.view';
import { formatWhen, plural, userText } from './format';
import type { Fact, PoeItemRow, ReviewDocumentRow } from './card-models';
import type { Card, CardRenderer } from './render-card';
import { reviewLines } from './review-lines.view';

const PREVIEW = 600;
const MAX_DOCS = 15;

export interface ReviewCardOptions {
  /** Why the viewer may not review this claim at all (hides every decision). */
  readonly conflict?: string;
  /** The claim is another reviewer's: the viewer may take it over (with a reason). */
  readonly heldBy?: string;
  readonly banner?: Banner;
  readonly drafts?: Drafts;
}

/** The review card: everything a reviewer needs, with per-item controls. `conflict` hides the decisions. */
export function reviewCard(renderer: CardRenderer, p: ClaimPicture, options: ReviewCardOptions = {}): Card {
  const { claim, activity, readiness } = p;
  const drafts = options.drafts ?? {};
  const money = (minor: number) => formatMoney(minor, claim.currency);
  const waiting = daysWaiting(claim, p.now);
  const deciding = claim.status === 'InReview' || claim.status === 'Disputed';
  const overdue = disputeOverdue(claim, p.now);
  const banner: Banner | undefined =
    options.banner ??
    (options.conflict
      ? { text: options.conflict, style: 'warning' }
      : overdue
        ? {
            text: `⚠ This dispute is overdue: its re-review was due ${claim.review?.dispute?.dueDate}.`,
            style: 'attention',
          }
        : undefined);
  const first = claim.firstSubmittedAt;
  return renderer.render(
    'review',
    {
      ...claimHeader(p, banner),
      facts: [
        { title: 'Program', value: `${claim.programCode} · ${claim.period.code}` },
        { title: 'Location', value: findLocation(claim.location)?.name ?? claim.location },
        { title: 'Claimed', value: money(claim.claimedMinor) },
        { title: 'Earned funds', value: p.funds.earnedMinor === undefined ? 'not set' : money(p.funds.earnedMinor) },
        {
          title: 'Submitted',
          value: claim.submittedAt ? `${formatWhen(claim.submittedAt)} (${plural(waiting, 'day')} waiting)` : '—',
        },
        ...(first && claim.submittedAt && first.getTime() !== claim.submittedAt.getTime()
          ? [{ title: 'First submitted', value: `${isoDate(first.getTime())} (deadline ${claim.deadline})` }]
          : []),
        ...(claim.review?.dispute && claim.status === 'Disputed'
          ? [{ title: 'Re-review due', value: `${claim.review.dispute.dueDate}${overdue ? ' — OVERDUE' : ''}` }]
          : []),
        { title: 'Created by', value: userText(claim.createdBy.name, 100) },
      ],
      description: userText(claim.description, PREVIEW),
      reviewLines: reviewLines(claim, p.now),
      checklist: checklistRows(readiness),
      // The card stays under 28 KB: at most MAX_DOCS documents with short notes; the rest are counted.
      documents: [
        ...p.documents.slice(0, MAX_DOCS).map((d): ReviewDocumentRow => ({
          title: `${KIND_LABEL[d.kind]} · ${userText(d.name, 80)}${d.amountMinor ? ` · ${formatMoney(d.amountMinor, d.currency)}` : ''} · by ${userText(d.addedBy.name, 60)}`,
          note: userText(d.note, 160),
        })),
        ...(p.documents.length > MAX_DOCS
          ? [{ title: `…and ${p.documents.length - MAX_DOCS} more (press Documents)`, note: '' }]
          : []),
      ],
      metricFacts: (activity?.metrics ?? [])
        .filter((m) => claim.metrics[m.key] !== undefined)
        .map((m): Fact => {
          const v = claim.metrics[m.key]!;
          return { title: m.label, value: userText(typeof v === 'number' ? v.toLocaleString('en-US') : v, 300) };
        }),
      additionalInfo: userText(claim.additionalInfo, PREVIEW),
      poeItems: (activity?.poe ?? []).map((req): PoeItemRow => {
        const f = claim.review?.feedback?.[req.key];
        const docs = p.documents.filter((d) => d.kind === 'poe' && d.poeKey === req.key).length;
        const state = !f
          ? 'no feedback yet'
          : f.verdict === 'accepted'
            ? 'accepted'
            : f.verdict === 'changed'
              ? `changed — waiting for review (you asked: ${userText(f.comment, 200)})`
              : `needs change: ${userText(f.comment, 200)}`;
        return {
          label: req.label,
          verdictId: `verdict_${req.key}`,
          commentId: `comment_${req.key}`,
          verdict: drafts[`verdict_${req.key}`] ?? (f && f.verdict !== 'changed' ? f.verdict : ''),
          comment: drafts[`comment_${req.key}`] ?? f?.comment ?? '',
          current: `${plural(docs, 'document')} · ${state}`,
        };
      }),
      canPickUp: claim.status === 'Submitted' && !options.conflict,
      canDecide: deciding && !options.conflict && !options.heldBy,
      canTakeOver: deciding && !options.conflict && !!options.heldBy,
      canEvidencePack: hasEvidencePack(claim),
      takeOverText: options.heldBy ? `${userText(options.heldBy, 100)} is reviewing this claim.` : '',
      currency: claim.currency,
      drafts: {
        message: drafts.message ?? '',
        amount:
          drafts.amount ??
          (claim.claimedMinor / 10 ** minorDigits(claim.currency)).toFixed(minorDigits(claim.currency)),
        reason: drafts.reason ?? '',
        reasons: drafts.reasons ?? '',
        takeOverReason: drafts.takeOverReason ?? '',
        comment: drafts.comment ?? '',
      },
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
