import { z } from 'zod';
import { requirePartner } from '../../domain/access';
import { newClaimCard } from '../../views/forms.view';
import { defineCommand } from '../router';
import type { BotDeps } from '../turn';

export const newClaimCommand = (d: Pick<BotDeps, 'claims' | 'cards'>) =>
  defineCommand({
    name: 'new-claim',
    usage: 'new claim',
    help: [
      {
        usage: 'new claim',
        text: 'Start a co-op claim: a form for program, activity, location, usage period and amount.',
      },
    ],
    pattern: /^(?:new claim|create claim|new)$/i,
    args: z.object({}),
    async run(turn) {
      const actor = await turn.actor();
      requirePartner(actor, 'create claims');
      return { kind: 'card', card: newClaimCard(d.cards, await d.claims.choices(actor)) };
    },
  });
