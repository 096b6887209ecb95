import { z } from 'zod';
import { sendClaimsList } from '../commands/claims.command';
import { cardResponse } from '../reply';
import { defineAction } from '../router';
import { page, statusName } from '../schemas';

export const claimsPageAction = defineAction({
  verb: 'claims.page',
  replaySafe: true,
  data: z.object({ page, status: z.union([statusName, z.literal('')]).default(''), mine: z.boolean().default(false) }),
  async run(turn, data) {
    return cardResponse(await sendClaimsList(turn, { mine: data.mine, status: data.status || undefined }, data.page));
  },
});
