import { z } from 'zod';
import { overviewCard } from '../../views/lists.view';
import { sendCard } from '../reply';
import { defineCommand } from '../router';

export const overviewCommand = defineCommand({
  name: 'overview',
  usage: 'overview',
  help: [
    {
      usage: 'overview',
      text: 'Per program and usage period: claims by status, funds claimed, approved, earned and remaining.',
    },
  ],
  pattern: /^overview$/i,
  args: z.object({}),
  async run(turn) {
    const { lines, at } = await turn.services.overview.overview(turn.actor);
    await sendCard(turn.context, overviewCard(turn.services.cards, lines, at));
  },
});
