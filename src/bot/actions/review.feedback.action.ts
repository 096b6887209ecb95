import { z } from 'zod';
import { defineAction } from '../router';
import { claimId, text, version } from '../schemas';
import type { BotDeps } from '../turn';

/** Verdict inputs arrive as verdict_<poeKey> / comment_<poeKey> beside claimId and version (picked out by a zod transform). */
export const FeedbackData = z
  .object({ claimId, version })
  .catchall(text(5000))
  .transform(({ claimId: id, version: v, ...rest }) => {
    const fields = rest as Record<string, string>;
    const items = Object.keys(fields)
      .filter((k) => k.startsWith('verdict_'))
      .map((k) => {
        const key = k.slice('verdict_'.length);
        const verdict: 'accepted' | 'needsChange' | '' =
          fields[k] === 'accepted' || fields[k] === 'needsChange' ? fields[k] : '';
        return { key, verdict, comment: fields[`comment_${key}`] ?? '' };
      });
    return { claimId: id, version: v as number, items, fields };
  });

export const reviewFeedbackAction = (d: Pick<BotDeps, 'review'>) =>
  defineAction({
    verb: 'review.feedback',
    replaySafe: true,
    side: 'review',
    data: FeedbackData,
    drafts: (data) =>
      Object.fromEntries(
        Object.entries(data.fields).filter(([k]) => k.startsWith('verdict_') || k.startsWith('comment_')),
      ),
    async run(turn, data) {
      const picture = await d.review.feedback(await turn.actor(), data.claimId, data.version, data.items);
      return {
        kind: 'review',
        picture,
        banner: { text: 'Feedback saved. The partner sees it on the claim card.', style: 'good' },
        changed: {},
      };
    },
  });
