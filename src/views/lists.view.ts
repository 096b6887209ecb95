import { findActivity } from '../domain/activities';
import type { Claim, ClaimRow } from '../domain/claim';
import { formatMoney } from '../domain/money';
import type { OverviewLine, OverviewTotal } from '../domain/overview.service';
import type { Page } from '../domain/ports';
import { daysWaiting, disputeOverdue } from '../domain/review.service';
import { STATUS_LABEL, STATUSES, type ClaimStatus } from '../domain/status';
import type { ClaimListRow, ClaimsPageData, OverviewLineRow, OverviewTotalRow } from './card-models';
import { formatWhen, plural, STATUS_COLOR, userText } from './format';
import type { Card, CardRenderer } from './render-card';

export interface ListFilter {
  readonly mine: boolean;
  readonly status?: ClaimStatus;
  readonly program?: string;
  readonly period?: string;
}

function rowOf(
  c: Pick<Claim, 'id' | 'number' | 'claimedMinor' | 'currency' | 'status'>,
  summary: string,
  rowVerb: ClaimListRow['rowVerb'],
): ClaimListRow {
  return {
    claimId: c.id,
    number: c.number,
    summary,
    amount: formatMoney(c.claimedMinor, c.currency),
    status: STATUS_LABEL[c.status],
    statusColor: STATUS_COLOR[c.status],
    rowVerb,
  };
}

export function claimsListCard(
  renderer: CardRenderer,
  claims: Page<ClaimRow>,
  page: number,
  pageSize: number,
  filter: ListFilter,
): Card {
  const pages = Math.max(1, Math.ceil(claims.total / pageSize));
  const scope = filter.mine ? 'My claims' : "This organisation's claims";
  const parts = [filter.program, filter.period, filter.status ? STATUS_LABEL[filter.status] : undefined].filter(
    Boolean,
  );
  const data = (p: number): ClaimsPageData => ({
    page: p,
    status: filter.status ?? '',
    program: filter.program ?? '',
    period: filter.period ?? '',
    mine: filter.mine,
  });
  return renderer.render('claims-list', {
    title: parts.length > 0 ? `${scope} — ${parts.join(' · ')}` : scope,
    subtitle: `${claims.total} claim(s) · page ${page + 1} of ${pages} · filter with \`claims mine\`, \`claims <status>\` or \`claims ADD-PC 2026-Q4 submitted\``,
    page,
    pages,
    prevData: data(page - 1),
    nextData: data(page + 1),
    emptyText:
      parts.length > 0
        ? `No claims match ${parts.join(' · ')}.`
        : 'No claims yet — incentives admins and users start one with `new claim`.',
    rows: claims.items.map((c) =>
      rowOf(
        c,
        `${c.programCode} ${c.periodCode} · ${findActivity(c.activityCode)?.name ?? c.activityCode}`,
        'claim.refresh',
      ),
    ),
  });
}

/**
 * The reviewers' queue: oldest first, with days waiting; overdue disputes say so. Rows open the
 * review card; Previous / Next page through a queue longer than a page.
 */
export function queueCard(renderer: CardRenderer, claims: Page<Claim>, now: Date, page = 0, pageSize = 20): Card {
  const pages = Math.max(1, Math.ceil(claims.total / pageSize));
  return renderer.render('claims-list', {
    title: 'Review queue',
    subtitle: `${claims.total} claim(s) waiting, oldest first${pages > 1 ? ` · page ${page + 1} of ${pages}` : ''}`,
    page,
    pages,
    prevData: { page: page - 1, queue: true },
    nextData: { page: page + 1, queue: true },
    emptyText: 'Nothing is waiting for review.',
    rows: claims.items.map((c) => {
      const overdue = disputeOverdue(c, now) ? ` · ⚠ OVERDUE (re-review was due ${c.review?.dispute?.dueDate})` : '';
      const reviewer = c.review?.reviewer ? ` · ${userText(c.review.reviewer.name, 60)}` : '';
      return rowOf(
        c,
        `${c.programCode} ${c.period.code} · ${findActivity(c.activityCode)?.name ?? c.activityCode} · waiting ${plural(daysWaiting(c, now), 'day')}${reviewer}${overdue}`,
        'review.refresh',
      );
    }),
  });
}

export function overviewCard(
  renderer: CardRenderer,
  lines: readonly OverviewLine[],
  totals: readonly OverviewTotal[],
  at: Date,
): Card {
  const moneyIn = (currency: string) => (minor: number | undefined) =>
    minor === undefined ? 'not set' : formatMoney(minor, currency);
  return renderer.render('overview', {
    subtitle: `Per program and usage period · as of ${formatWhen(at)}`,
    lines: lines.map((l): OverviewLineRow => {
      const money = moneyIn(l.currency);
      const counts = STATUSES.filter((s) => (l.counts[s] ?? 0) > 0).map((s) => `${STATUS_LABEL[s]} ${l.counts[s]}`);
      return {
        programCode: l.programCode,
        periodCode: l.periodCode,
        statusSummary: counts.length > 0 ? `${l.total} claim(s): ${counts.join(' · ')}` : 'No claims yet',
        earned: money(l.earnedMinor),
        approved: money(l.approvedMinor),
        paid: money(l.paidMinor),
        claimed: money(l.claimedMinor),
        remaining: money(l.remainingMinor === undefined ? undefined : Math.max(0, l.remainingMinor)),
      };
    }),
    totals:
      lines.length > 1
        ? totals.map((t): OverviewTotalRow => {
            const money = moneyIn(t.currency);
            return {
              currency: t.currency,
              summary: `${t.total} claim(s) across programs and periods`,
              earned: money(t.earnedMinor),
              approved: money(t.approvedMinor),
              paid: money(t.paidMinor),
              claimed: money(t.claimedMinor),
              remaining: money(t.remainingMinor),
            };
          })
        : [],
  });
}
