import { z } from 'zod';
import { sendClaimsList } from '../commands/claims.command';
import { queuePage } from '../commands/queue.command';
import { defineAction } from '../router';
import { page, statusName } from '../schemas';
import type { BotDeps } from '../turn';

/** Previous / Next of a claims list, or of the review queue (`queue: true`). */
export const claimsPageAction = (d: Pick<BotDeps, 'claims' | 'cards' | 'review' | 'clock'>) =>
  defineAction({
    verb: 'claims.page',
    replaySafe: true,
    side: 'claim',
    data: z.object({
      page,
      status: z.union([statusName, z.literal('')]).default(''),
      program: z
        .string()
        .max(24)
        .regex(/^[A-Za-z0-9-]*$/)
        .default(''),
      period: z
        .string()
        .max(10)
        .regex(/^[A-Za-z0-9-]*$/)
        .default(''),
      mine: z.boolean().default(false),
      queue: z.boolean().default(false),
    }),
    async run(turn, data) {
      if (data.queue) return { kind: 'card', card: await queuePage(d, turn, data.page) };
      const filter = {
        mine: data.mine,
        ...(data.status ? { status: data.status } : {}),
        ...(data.program ? { program: data.program } : {}),
        ...(data.period ? { period: data.period } : {}),
      };
      return { kind: 'card', card: await sendClaimsList(d, turn, filter, data.page) };
    },
  });
