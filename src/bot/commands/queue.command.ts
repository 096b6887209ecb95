import { z } from 'zod';
import { queueCard } from '../../views/lists.view';
import { defineCommand } from '../router';
import type { BotDeps } from '../turn';

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
      const page = await d.review.queue(await turn.actor());
      return { kind: 'card', card: queueCard(d.cards, page, d.clock.now()) };
    },
  });
