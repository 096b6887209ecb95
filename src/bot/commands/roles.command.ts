import { z } from 'zod';
import { rolesCard } from '../../views/roles.view';
import { defineCommand } from '../router';
import type { BotDeps } from '../turn';

export const rolesCommand = (d: Pick<BotDeps, 'members' | 'cards'>) =>
  defineCommand({
    replaySafe: true,
    name: 'roles',
    usage: 'roles',
    help: [{ usage: 'roles', text: 'Admins: who holds which role, and the latest grants and revokes.', menu: false }],
    pattern: /^roles$/i,
    args: z.object({}),
    async run(turn) {
      return { kind: 'card', card: rolesCard(d.cards, await d.members.rolesOverview(await turn.actor())) };
    },
  });
