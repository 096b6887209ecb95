import { findActivity } from '../domain/activities';
import type { Claim } from '../domain/claim';
import { formatMoney } from '../domain/money';
import type { OverviewLine } from '../domain/overview.service';
import type { Page } from '../domain/ports';
import { STATUS_LABEL, STATUSES, type ClaimStatus } from '../domain/status';
import { formatWhen, STATUS_COLOR } from './format';
import type { Card, CardRenderer } from './render-card';

export function claimsListCard(
  renderer: CardRenderer,
  claims: Page<Claim>,
  page: number,
  pageSize: number,
  status: ClaimStatus | undefined,
  mine: boolean,
): Card {
  const pages = Math.max(1, Math.ceil(claims.total / pageSize));
  const scope = mine ? 'My claims' : "This organisation's claims";
  return renderer.render('claims-list', {
    title: status ? `${scope} — ${STATUS_LABEL[status]}` : scope,
    subtitle: `${claims.total} claim(s) · page ${page + 1} of ${pages} · filter with \`claims <status>\` or \`claims mine\``,
    page,
    pages,
    statusFilter: status ?? '',
    emptyText: status ? `No claims are ${STATUS_LABEL[status]}.` : 'No claims yet — start one with `new claim`.',
    rows: claims.items.map((c) => ({
      claimId: c.id,
      number: c.number,
      summary: `${c.programCode} ${c.period.code} · ${findActivity(c.activityCode)?.name ?? c.activityCode}`,
      amount: formatMoney(c.claimedMinor, c.currency),
      status: STATUS_LABEL[c.status],
      statusColor: STATUS_COLOR[c.status],
    })),
  });
}

export function overviewCard(renderer: CardRenderer, lines: readonly OverviewLine[], at: Date): Card {
  return renderer.render('overview', {
    subtitle: `Per program and usage period · as of ${formatWhen(at)}`,
    lines: lines.map((l) => {
      const money = (minor: number | undefined) => (minor === undefined ? 'not set' : formatMoney(minor, l.currency));
      const counts = STATUSES.filter((s) => (l.counts[s] ?? 0) > 0).map((s) => `${STATUS_LABEL[s]} ${l.counts[s]}`);
      return {
        programCode: l.programCode,
        periodCode: l.periodCode,
        statusSummary: counts.length > 0 ? `${l.total} claim(s): ${counts.join(' · ')}` : 'No claims yet',
        earned: money(l.earnedMinor),
        approved: money(l.approvedMinor),
        claimed: money(l.claimedMinor),
        remaining: money(l.remainingMinor === undefined ? undefined : Math.max(0, l.remainingMinor)),
      };
    }),
  });
}
