import { z } from 'zod';
import { findActivity } from '../../domain/activities';
import { formatMoney } from '../../domain/money';
import { daysUntil, isoDate } from '../../domain/period';
import { STATUS_LABEL } from '../../domain/status';
import { STATUS_COLOR } from '../../views/format';
import { sendCard } from '../reply';
import { defineCommand } from '../router';

export const queueCommand = defineCommand({
  name: 'queue',
  usage: 'queue',
  help: [{ usage: 'queue', text: 'Reviewers: claims waiting for review, oldest first, with days waiting.' }],
  pattern: /^(?:queue|review queue)$/i,
  args: z.object({}),
  async run(turn) {
    const page = await turn.services.review.queue(turn.actor);
    const now = turn.services.claims.now();
    const card = turn.services.cards.render('claims-list', {
      title: 'Review queue',
      subtitle: `${page.total} claim(s) waiting, oldest first`,
      page: 0,
      pages: 1,
      statusFilter: '',
      emptyText: 'Nothing is waiting for review.',
      rows: page.items.map((c) => {
        const since =
          c.status === 'Disputed' && c.review?.dispute ? c.review.dispute.at : (c.submittedAt ?? c.createdAt);
        const days = -daysUntil(isoDate(since.getTime()), now);
        return {
          claimId: c.id,
          number: c.number,
          summary: `${c.programCode} ${c.period.code} · ${findActivity(c.activityCode)?.name ?? c.activityCode} · waiting ${days} day(s)${c.review?.reviewer ? ` · ${c.review.reviewer.name}` : ''}`,
          amount: formatMoney(c.claimedMinor, c.currency),
          status: STATUS_LABEL[c.status],
          statusColor: STATUS_COLOR[c.status],
        };
      }),
    });
    await sendCard(turn.context, card);
  },
});
