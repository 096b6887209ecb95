import { z } from 'zod';
import { requireAdmin } from '../../domain/access';
import { defineCommand } from '../router';
import type { BotDeps } from '../turn';
import { rosterOf } from './people';

export const ROSTER_UNREADABLE =
  "Teams didn't give me the members of this conversation, so nobody was made an incentives user. Try again in a minute, or grant people one by one with `user @person`.";

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
      let people;
      try {
        people = await rosterOf(turn);
      } catch (err) {
        // Teams may refuse the roster (a chat the bot cannot list, a connector hiccup): nobody is granted yet.
        turn.log.warn({ err }, 'could not read the roster');
        return { kind: 'text', text: ROSTER_UNREADABLE };
      }
      let granted = 0;
      for (const p of people) if ((await d.members.grant(actor, p, 'user')) === 'granted') granted++;
      return {
        kind: 'text',
        text: `${granted} member(s) of this conversation are now incentives users (${people.length - granted} already were).`,
      };
    },
  });
