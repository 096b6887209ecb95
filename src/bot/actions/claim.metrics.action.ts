import { z } from 'zod';
import { defineAction } from '../router';
import { claimId, text, version } from '../schemas';
import type { BotDeps } from '../turn';

/** Metric inputs arrive as `metric_<key>` beside claimId and version (a zod transform picks them out). */
export const MetricsData = z
  .object({ claimId, version })
  .catchall(text(5000))
  .transform(({ claimId: id, version: v, ...rest }) => ({
    claimId: id,
    version: v as number,
    values: Object.fromEntries(
      Object.entries(rest)
        .filter(([k]) => k.startsWith('metric_'))
        .map(([k, value]) => [k.slice('metric_'.length), String(value)]),
    ),
  }));

export const claimMetricsAction = (d: Pick<BotDeps, 'claims'>) =>
  defineAction({
    verb: 'claim.metrics',
    replaySafe: true,
    side: 'claim',
    data: MetricsData,
    drafts: (data) => Object.fromEntries(Object.entries(data.values).map(([k, v]) => [`metric_${k}`, v])),
    async run(turn, data) {
      const picture = await d.claims.updateMetrics(await turn.actor(), data.claimId, data.version, data.values);
      return {
        kind: 'claim',
        picture,
        banner: { text: 'Metrics saved.', style: 'good' },
        changed: { reviewSide: true },
      };
    },
  });
