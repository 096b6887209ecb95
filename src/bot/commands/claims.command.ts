import { z } from 'zod';
import { STATUS_LABEL, STATUSES, type ClaimStatus } from '../../domain/status';
import { claimsListCard } from '../../views/lists.view';
import { sendCard } from '../reply';
import { defineCommand } from '../router';
import type { Turn } from '../turn';

export const CLAIMS_PAGE_SIZE = 10;

const byLabel = new Map<string, ClaimStatus>(
  STATUSES.flatMap((s) => [
    [s.toLowerCase(), s],
    [STATUS_LABEL[s].toLowerCase(), s],
  ]),
);

/** `claims`, `claims mine`, `claims submitted`, `claims action required`, `claims mine editing`. */
export const ClaimsFilter = z
  .string()
  .trim()
  .toLowerCase()
  .optional()
  .transform((raw, ctx) => {
    let rest = raw ?? '';
    const mine = /^mine\b/.test(rest);
    if (mine) rest = rest.slice(4).trim();
    if (!rest) return { mine, status: undefined };
    const status = byLabel.get(rest);
    if (!status) {
      ctx.addIssue({ code: 'custom', message: 'unknown status' });
      return z.NEVER;
    }
    return { mine, status };
  });

export async function sendClaimsList(turn: Turn, filter: { mine: boolean; status?: ClaimStatus }, page: number) {
  const claims = await turn.services.claims.list(turn.actor, filter, page, CLAIMS_PAGE_SIZE);
  return claimsListCard(turn.services.cards, claims, page, CLAIMS_PAGE_SIZE, filter.status, filter.mine);
}

export const claimsCommand = defineCommand({
  name: 'claims',
  usage: `claims [mine] [${STATUSES.map((s) => STATUS_LABEL[s].toLowerCase()).join(' | ')}]`,
  help: [
    {
      usage: 'claims [mine] [status]',
      text: "List this organisation's claims (or yours), optionally by status, e.g. `claims submitted`.",
    },
  ],
  pattern: /^claims(?:\s+(?<filter>.*))?$/i,
  args: z.object({ filter: ClaimsFilter }),
  async run(turn, args) {
    await sendCard(turn.context, await sendClaimsList(turn, args.filter, 0));
  },
});
