import { z } from 'zod';
import { postNewClaimForm } from '../commands/new-claim.command';
import { messageResponse } from '../reply';
import { defineAction } from '../router';

export const claimNewAction = defineAction({
  verb: 'claim.new',
  data: z.object({}),
  async run(turn) {
    await postNewClaimForm(turn);
    return messageResponse('I posted a new claim form in this conversation.');
  },
});
