import { z } from 'zod';
import { requireAdmin } from '../../domain/access';
import { roleWord } from '../../domain/member.service';
import { defineCommand } from '../router';
import type { BotDeps } from '../turn';
import { mentionedPeople } from './people';

/** `revoke reviewer @person`: admins take a role back (History records it). */
export const revokeCommand = (d: Pick<BotDeps, 'members'>) =>
  defineCommand({
    name: 'revoke',
    usage: 'revoke user|reviewer|admin @person',
    help: [{ usage: 'revoke ROLE @person', text: 'Admins: take a role back (user, reviewer or admin).', menu: false }],
    pattern: /^revoke(?:\s+(?<role>\S+))?.*$/i,
    args: z.object({
      role: z
        .string()
        .toLowerCase()
        .transform((r) => r.replace(/s$/, ''))
        .pipe(z.enum(['user', 'reviewer', 'admin'])),
    }),
    async run(turn, { role }) {
      const actor = await turn.actor();
      requireAdmin(actor, 'take roles back');
      const people = mentionedPeople(turn);
      if (people.length === 0) return { kind: 'text', text: `Mention the people, e.g. \`revoke ${role} @Rita\`.` };
      const lines: string[] = [];
      for (const p of people) {
        const outcome = await d.members.revoke(actor, p, role);
        lines.push(
          outcome === 'revoked' ? `${p.name} is no longer ${roleWord(role)}.` : `${p.name} was not ${roleWord(role)}.`,
        );
      }
      return { kind: 'text', text: lines.join(' ') };
    },
  });
