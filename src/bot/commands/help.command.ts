import { z } from 'zod';
import { helpCard } from '../../views/forms.view';
import { defineCommand } from '../router';
import type { BotDeps } from '../turn';

export const helpCommand = (d: Pick<BotDeps, 'cards' | 'helpLines'>) =>
  defineCommand({
    replaySafe: true,
    name: 'help',
    usage: 'help',
    help: [{ usage: 'help', text: 'This list of commands.' }],
    pattern: /^(?:help|\?|commands|hi|hello)$/i,
    args: z.object({}),
    async run() {
      return { kind: 'card', card: helpCard(d.cards, d.helpLines()) };
    },
  });
