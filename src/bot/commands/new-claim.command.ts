import { z } from 'zod';
import { newClaimCard } from '../../views/forms.view';
import { sendCard } from '../reply';
import { defineCommand } from '../router';
import type { Turn } from '../turn';

export async function postNewClaimForm(turn: Turn): Promise<void> {
  const programs = await turn.services.programs.list(turn.actor);
  await sendCard(turn.context, newClaimCard(turn.services.cards, programs));
}

export const newClaimCommand = defineCommand({
  name: 'new-claim',
  usage: 'new claim',
  help: [
    { usage: 'new claim', text: 'Start a co-op claim: a form for program, activity, location, period and amount.' },
  ],
  pattern: /^(?:new claim|create claim|new)$/i,
  args: z.object({}),
  run: postNewClaimForm,
});
