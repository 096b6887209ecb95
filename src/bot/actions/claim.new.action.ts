import { z } from 'zod';
import { requirePartner } from '../../domain/access';
import { newClaimCard } from '../../views/forms.view';
import { defineAction } from '../router';
import { sendCard } from '../reply';
import type { BotDeps } from '../turn';

export const claimNewAction = (d: Pick<BotDeps, 'claims' | 'cards'>) =>
  defineAction({
    verb: 'claim.new',
    side: 'claim',
    data: z.object({}),
    async run(turn) {
      const actor = await turn.actor();
      requirePartner(actor, 'create claims');
      await sendCard(turn.context, newClaimCard(d.cards, await d.claims.choices(actor)));
      return { kind: 'message', text: 'I posted a new claim form in this conversation.' };
    },
  });
