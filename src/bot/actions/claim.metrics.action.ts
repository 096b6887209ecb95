import { z } from 'zod';
import { changeClaim } from '../claim-card';
import { defineAction } from '../router';
import { claimId, version } from '../schemas';

/** Metric inputs arrive as `metric_<key>` next to claimId and version; any other key must still be a short string. */
export const MetricsData = z.object({ claimId, version }).catchall(z.string().max(5000));

export const claimMetricsAction = defineAction({
  verb: 'claim.metrics',
  replaySafe: true,
  data: MetricsData,
  run(turn, data) {
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(data)) {
      if (key.startsWith('metric_') && typeof value === 'string') values[key.slice('metric_'.length)] = value;
    }
    return changeClaim(
      turn,
      data.claimId,
      () => turn.services.claims.updateMetrics(turn.actor, data.claimId, data.version, values),
      {
        text: 'Metrics saved.',
        style: 'good',
      },
    );
  },
});
