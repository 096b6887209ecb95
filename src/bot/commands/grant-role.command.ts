import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import { hasRole } from '../../domain/actor';
import { defineCommand } from '../router';

interface Mentioned {
  id: string;
  name: string;
}

/** People @mentioned in the message, other than the bot. */
function mentioned(entities: unknown, botId: string): Mentioned[] {
  if (!Array.isArray(entities)) return [];
  const out: Mentioned[] = [];
  for (const e of entities as Array<{ type?: unknown; mentioned?: { id?: unknown; name?: unknown } }>) {
    const id = e?.mentioned?.id;
    if (
      e?.type === 'mention' &&
      typeof id === 'string' &&
      id !== botId &&
      /^[\w:.@-]{1,200}$/.test(id) &&
      !out.some((m) => m.id === id)
    ) {
      out.push({ id, name: typeof e.mentioned?.name === 'string' ? e.mentioned.name.slice(0, 200) : 'Someone' });
    }
  }
  return out.slice(0, 20);
}

export const grantRoleCommand = defineCommand({
  name: 'grant-role',
  usage: 'reviewer @person   or   admin @person',
  help: [{ usage: 'reviewer @person / admin @person', text: 'Admins: grant the reviewer or incentives admin role.' }],
  pattern: /^(?<role>reviewer|admin)\b.*$/i,
  args: z.object({
    role: z
      .string()
      .toLowerCase()
      .pipe(z.enum(['reviewer', 'admin'])),
  }),
  async run(turn, { role }) {
    if (!hasRole(turn.actor, 'admin'))
      throw new DomainError('AUTH.FORBIDDEN', 'Only an incentives admin can grant roles.');
    const people = mentioned(turn.context.activity.entities, turn.context.activity.recipient.id);
    if (people.length === 0) {
      await turn.context.sendActivity(
        `Mention the people to make ${role === 'admin' ? 'incentives admins' : 'reviewers'}, e.g. \`${role} @Rita\`.`,
      );
      return;
    }
    for (const p of people) await turn.services.members.grant(turn.actor, { id: p.id, name: p.name }, role);
    await turn.context.sendActivity(
      `${people.map((p) => p.name).join(', ')} ${people.length === 1 ? 'is' : 'are'} now ${role === 'admin' ? 'incentives admin' : 'reviewer'}${people.length === 1 ? '' : 's'}.`,
    );
  },
});
