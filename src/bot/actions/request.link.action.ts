import { z } from 'zod';
import { findActivity } from '../../domain/activities';
import { requestState } from '../../domain/upload-request';
import { requestCard } from '../../views/documents.view';
import { defineAction } from '../router';
import type { BotDeps } from '../turn';

/** Upload on a request card in the thread: only the person asked gets their own upload link. */
export const requestLinkAction = (d: Pick<BotDeps, 'requests' | 'cards' | 'clock' | 'settings'>) =>
  defineAction({
    verb: 'request.link',
    side: 'claim',
    data: z.object({ requestId: z.string().uuid() }),
    async run(turn, data) {
      const { request, claim, link } = await d.requests.link(turn.who, data.requestId);
      const card = requestCard(d.cards, {
        request,
        claim,
        activity: findActivity(claim.activityCode),
        state: requestState(request, claim, d.clock.now()),
        uploadUrl: `${d.settings.publicUrl()}/upload/${link.token}`,
        hint: 'This upload link is for you and works once. You can also send the file to me in our 1:1 chat.',
      });
      return { kind: 'card', card };
    },
  });
