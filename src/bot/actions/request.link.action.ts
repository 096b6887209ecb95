import { z } from 'zod';
import { findActivity } from '../../domain/activities';
import { requestState } from '../../domain/upload-request';
import { requestCard } from '../../views/documents.view';
import { cardResponse } from '../reply';
import { defineAction } from '../router';
import { uploadUrl } from '../uploads';

/** Upload on a request card in the thread: the person asked (or a partner) gets their own upload link. */
export const requestLinkAction = defineAction({
  verb: 'request.link',
  data: z.object({ requestId: z.string().uuid() }),
  async run(turn, data) {
    const { request, claim, link } = await turn.services.uploads.requests.link(turn.actor, data.requestId);
    return cardResponse(
      requestCard(turn.services.cards, {
        request,
        claim,
        activity: findActivity(claim.activityCode),
        state: requestState(request, claim, turn.services.uploads.clock.now()),
        uploadUrl: uploadUrl(turn, link.token),
        hint: 'This upload link is for you and works once. You can also send the file to me in our 1:1 chat.',
      }),
    );
  },
});
