import { z } from 'zod';
import { requireAdmin } from '../../domain/access';
import { roleWord } from '../../domain/member.service';
import type { Role } from '../../domain/status';
import { defineCommand } from '../router';
import type { BotDeps } from '../turn';
import { mentionedPeople } from './people';

const ROLE_WORDS: Record<string, Role> = { user: 'user', reviewer: 'reviewer', admin: 'admin' };

/** `user @person`, `reviewer @person`, `admin @person`: admins grant roles (History records each grant). */
export const grantRoleCommand = (d: Pick<BotDeps, 'members'>) =>
  defineCommand({
    name: 'grant-role',
    usage: 'user @person   or   reviewer @person   or   admin @person',
    help: [
      {
        usage: 'user @person / reviewer @person / admin @person',
        text: 'Admins: make people incentives users, reviewers or incentives admins.',
        menu: false,
      },
    ],
    pattern: /^(?<role>users?|reviewers?|admins?)\b(?!\s+here\b).*$/i,
    args: z.object({
      role: z
        .string()
        .toLowerCase()
        .transform((r) => r.replace(/s$/, ''))
        .pipe(z.enum(['user', 'reviewer', 'admin'])),
    }),
    async run(turn, { role: word }) {
      const role = ROLE_WORDS[word]!;
      const actor = await turn.actor();
      requireAdmin(actor, 'grant roles');
      const people = mentionedPeople(turn);
      if (people.length === 0)
        return { kind: 'text', text: `Mention the people to make ${roleWord(role, true)}, e.g. \`${word} @Rita\`.` };
      const granted: string[] = [];
      const already: string[] = [];
      for (const p of people) ((await d.members.grant(actor, p, role)) === 'granted' ? granted : already).push(p.name);
      const parts = [
        granted.length > 0
          ? `${granted.join(', ')} ${granted.length === 1 ? 'is' : 'are'} now ${granted.length === 1 ? roleWord(role) : roleWord(role, true)}.`
          : '',
        already.length > 0 ? `${already.join(', ')} already ${already.length === 1 ? 'was' : 'were'}.` : '',
      ];
      return { kind: 'text', text: parts.filter(Boolean).join(' ') };
    },
  });
