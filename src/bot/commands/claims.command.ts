import { z } from 'zod';
import { granularityOf } from '../../domain/period';
import { PROGRAM_CODE } from '../../domain/program';
import { STATUS_LABEL, STATUSES, type ClaimStatus } from '../../domain/status';
import { claimsListCard, type ListFilter } from '../../views/lists.view';
import type { Card } from '../../views/render-card';
import { defineCommand } from '../router';
import type { BotDeps, Turn } from '../turn';

export const CLAIMS_PAGE_SIZE = 10;

const byLabel = new Map<string, ClaimStatus>(
  STATUSES.flatMap((s) => [
    [s.toLowerCase(), s],
    [STATUS_LABEL[s].toLowerCase(), s],
  ]),
);

/**
 * `claims`, `claims mine`, `claims submitted`, `claims action required`, `claims ADD-PC 2026-Q4`,
 * `claims mine ADD-PC 2026-Q4 in review`: mine, a program, a period and a status, in that order, each optional.
 */
export const ClaimsFilter = z
  .string()
  .trim()
  .optional()
  .transform((raw, ctx): ListFilter => {
    let words = (raw ?? '').split(/\s+/).filter(Boolean);
    const mine = words[0]?.toLowerCase() === 'mine';
    if (mine) words = words.slice(1);
    let status: ClaimStatus | undefined;
    for (const take of [2, 1]) {
      const tail = words.slice(-take).join(' ').toLowerCase();
      if (words.length >= take && byLabel.has(tail)) {
        status = byLabel.get(tail);
        words = words.slice(0, -take);
        break;
      }
    }
    let period: string | undefined;
    const last = words[words.length - 1];
    if (last && granularityOf(last)) {
      period = last.toUpperCase();
      words = words.slice(0, -1);
    }
    let program: string | undefined;
    if (words.length === 1 && PROGRAM_CODE.test(words[0]!.toUpperCase())) {
      program = words[0]!.toUpperCase();
      words = [];
    }
    if (words.length > 0) {
      ctx.addIssue({ code: 'custom', message: 'unknown filter' });
      return z.NEVER;
    }
    return { mine, ...(status ? { status } : {}), ...(program ? { program } : {}), ...(period ? { period } : {}) };
  });

export async function sendClaimsList(
  d: Pick<BotDeps, 'claims' | 'cards'>,
  turn: Turn,
  filter: ListFilter,
  page: number,
): Promise<Card> {
  const actor = await turn.actor();
  const claims = await d.claims.list(
    actor,
    {
      mine: filter.mine,
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.program ? { programCode: filter.program } : {}),
      ...(filter.period ? { periodCode: filter.period } : {}),
    },
    turn.conversationId,
    page,
    CLAIMS_PAGE_SIZE,
  );
  return claimsListCard(d.cards, claims, page, CLAIMS_PAGE_SIZE, filter);
}

export const claimsCommand = (d: Pick<BotDeps, 'claims' | 'cards'>) =>
  defineCommand({
    replaySafe: true,
    name: 'claims',
    usage: `claims [mine] [PROGRAM] [PERIOD] [${STATUSES.map((s) => STATUS_LABEL[s].toLowerCase()).join(' | ')}]`,
    help: [
      {
        usage: 'claims [mine] [PROGRAM] [PERIOD] [status]',
        text: "List this organisation's claims (or yours), e.g. `claims submitted` or `claims ADD-PC 2026-Q4 in review`.",
      },
    ],
    pattern: /^claims(?:\s+(?<filter>.*))?$/i,
    args: z.object({ filter: ClaimsFilter }),
    async run(turn, args) {
      return { kind: 'card', card: await sendClaimsList(d, turn, args.filter, 0) };
    },
  });
