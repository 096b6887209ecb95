import { z } from 'zod';
import { helpCard } from '../../views/forms.view';
import { sendCard } from '../reply';
import { defineCommand } from '../router';

export const helpCommand = defineCommand({
  name: 'help',
  usage: 'help',
  help: [{ usage: 'help', text: 'This list of commands.' }],
  pattern: /^(?:help|\?|commands|hi|hello)$/i,
  args: z.object({}),
  async run(turn) {
    await sendCard(turn.context, helpCard(turn.services.cards, turn.services.helpLines()));
  },
});
