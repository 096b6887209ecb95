import { z } from 'zod';
import { reviewCard } from '../../views/review.view';
import { defineCommand } from '../router';
import type { BotDeps } from '../turn';
import { ClaimNumber } from './claim.command';

/** `review CLM-000123`: that claim's review card, here (reviewers and admins). */
export const reviewCommand = (d: Pick<BotDeps, 'review' | 'cards'>) =>
  defineCommand({
    replaySafe: true,
    name: 'review',
    usage: 'review CLM-000123',
    help: [{ usage: 'review CLM-000123', text: "Reviewers: post that claim's review card here." }],
    pattern: /^review(?!\s+channel\b)(?:\s+(?<number>.*))?$/i,
    args: z.object({ number: ClaimNumber }),
    async run(turn, args) {
      const actor = await turn.actor();
      const picture = await d.review.forReview(actor, args.number);
      const conflict = d.review.conflict(actor, picture.claim);
      const heldBy = d.review.holdsElsewhere(actor, picture.claim) ? picture.claim.review?.reviewer?.name : undefined;
      return {
        kind: 'card',
        card: reviewCard(d.cards, picture, { ...(conflict ? { conflict } : {}), ...(heldBy ? { heldBy } : {}) }),
      };
    },
  });
