import { z } from 'zod';
import { sendClaimsList } from '../commands/claims.command';
import { defineAction } from '../router';
import { page, statusName } from '../schemas';
import type { BotDeps } from '../turn';

export const claimsPageAction = (d: Pick<BotDeps, 'claims' | 'cards'>) =>
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
    }),
    async run(turn, data) {
      const filter = {
        mine: data.mine,
        ...(data.status ? { status: data.status } : {}),
        ...(data.program ? { program: data.program } : {}),
        ...(data.period ? { period: data.period } : {}),
      };
      return { kind: 'card', card: await sendClaimsList(d, turn, filter, data.page) };
    },
  });
