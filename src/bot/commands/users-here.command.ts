import { z } from 'zod';
import { requireAdmin } from '../../domain/access';
import { defineCommand } from '../router';
import type { BotDeps } from '../turn';
import { rosterOf } from './people';

/** `users here`: every member of this team or chat becomes an incentives user. */
export const usersHereCommand = (d: Pick<BotDeps, 'members'>) =>
  defineCommand({
    name: 'users-here',
    usage: 'users here',
    help: [
      { usage: 'users here', text: 'Admins: make every member of this team or chat an incentives user.', menu: false },
    ],
    pattern: /^users? here$/i,
    args: z.object({}),
    async run(turn) {
      const actor = await turn.actor();
      requireAdmin(actor, 'grant roles');
      const people = await rosterOf(turn);
      let granted = 0;
      for (const p of people) if ((await d.members.grant(actor, p, 'user')) === 'granted') granted++;
      return {
        kind: 'text',
        text: `${granted} member(s) of this conversation are now incentives users (${people.length - granted} already were).`,
      };
    },
  });
