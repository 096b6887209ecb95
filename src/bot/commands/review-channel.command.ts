import { z } from 'zod';
import { referenceOf } from '../messenger';
import { defineCommand } from '../router';
import { postReviewCard } from '../sync';
import type { BotDeps } from '../turn';

/** Makes this channel the review channel, and posts a review card for every claim already waiting. */
export const reviewChannelCommand = (d: Pick<BotDeps, 'review' | 'claims' | 'cards' | 'messenger'>) =>
  defineCommand({
    name: 'review-channel',
    usage: 'review channel here',
    help: [
      {
        usage: 'review channel here',
        text: 'Admins: make this channel the review channel — submitted claims arrive here as review cards.',
        menu: false,
      },
    ],
    pattern: /^review channel(?:\s+(?<where>.*))?$/i,
    args: z.object({ where: z.string().regex(/^here$/i) }),
    async run(turn) {
      const waiting = await d.review.setReviewChannel(await turn.actor(), referenceOf(turn.context.activity));
      let posted = 0;
      for (const claim of waiting) if (await postReviewCard(d, turn.log, await d.claims.picture(claim))) posted++;
      const backlog = posted > 0 ? ` I posted the review cards of ${posted} claim(s) that were already waiting.` : '';
      return {
        kind: 'text',
        text: `This channel is now the **review channel**: submitted claims will arrive here as review cards.${backlog} Grant reviewers with \`reviewer @person\`.`,
      };
    },
  });
