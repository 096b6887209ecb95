import { z } from 'zod';

import { changeReview } from '../review-card';

import { defineAction } from '../router';
import { claimId, version } from '../schemas';

export const reviewFeedbackAction = defineAction({
  verb: 'review.feedback',
  replaySafe: true,
  data: z.object({ claimId, version }).catchall(z.string().max(5000)),
  run(turn, d) {
    const items = Object.keys(d)
      .filter((k) => k.startsWith('verdict_'))
      .map((k) => {
        const key = k.slice('verdict_'.length);
        const verdict =
          d[k] === 'accepted' || d[k] === 'needsChange' ? (d[k] as 'accepted' | 'needsChange') : ('' as const);
        return {
          key,
          verdict,
          comment: typeof d[`comment_${key}`] === 'string' ? (d[`comment_${key}`] as string) : '',
        };
      });
    return changeReview(turn, d.claimId, () => turn.services.review.feedback(turn.actor, d.claimId, d.version, items), {
      text: 'Feedback saved. The partner sees it on the claim card.',
      style: 'good',
    });
  },
});
