import { z } from 'zod';
import { QUEUE_PAGE_SIZE } from '../../domain/review.service';
import { queueCard } from '../../views/lists.view';
import { defineCommand } from '../router';
import type { Card } from '../../views/render-card';
import type { BotDeps, Turn } from '../turn';

export const queueCommand = (d: Pick<BotDeps, 'review' | 'cards' | 'clock'>) =>
  defineCommand({
    replaySafe: true,
    name: 'queue',
    usage: 'queue',
    help: [
      {
        usage: 'queue',
        text: 'Reviewers: claims waiting for review, oldest first, with days waiting; overdue disputes flagged.',
      },
    ],
    pattern: /^(?:queue|review queue)$/i,
    args: z.object({}),
    async run(turn) {
      return { kind: 'card', card: await queuePage(d, turn, 0) };
    },
  });

/** A page of the review queue (the command shows the first; the card's Previous / Next the others). */
export async function queuePage(
  d: Pick<BotDeps, 'review' | 'cards' | 'clock'>,
  turn: Turn,
  page: number,
): Promise<Card> {
  const claims = await d.review.queue(await turn.actor(), page);
  return queueCard(d.cards, claims, d.clock.now(), page, QUEUE_PAGE_SIZE);
}
