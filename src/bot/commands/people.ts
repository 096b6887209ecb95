import { TeamsInfo, TurnContext } from 'botbuilder';
import type { Person } from '../../domain/claim';
import type { Turn } from '../turn';

const USER_ID = /^[\w:.@-]{1,200}$/;

/** The people @mentioned in the message, other than the bot (the framework finds the mentions). */
export function mentionedPeople(turn: Turn): Person[] {
  const { activity } = turn.context;
  const out: Person[] = [];
  for (const m of TurnContext.getMentions(activity)) {
    const id = m.mentioned?.id;
    if (typeof id !== 'string' || id === activity.recipient?.id || !USER_ID.test(id) || out.some((p) => p.id === id))
      continue;
    const name = typeof m.mentioned.name === 'string' && m.mentioned.name ? m.mentioned.name.slice(0, 200) : 'Someone';
    out.push({
      id,
      ...(typeof m.mentioned.aadObjectId === 'string' ? { aadObjectId: m.mentioned.aadObjectId } : {}),
      name,
    });
  }
  return out.slice(0, 20);
}

/** Everyone in this team or chat (the Teams roster), page by page; at most `limit`. */
export async function rosterOf(turn: Turn, limit = 1000): Promise<Person[]> {
  const people: Person[] = [];
  let token: string | undefined;
  do {
    const page = await TeamsInfo.getPagedMembers(turn.context, 100, token);
    for (const m of page.members ?? []) {
      if (typeof m.id === 'string' && USER_ID.test(m.id) && m.id !== turn.context.activity.recipient?.id) {
        people.push({
          id: m.id,
          ...(m.aadObjectId ? { aadObjectId: m.aadObjectId } : {}),
          name: (m.name ?? '').slice(0, 200) || 'Someone',
        });
      }
    }
    token = page.continuationToken || undefined;
  } while (token && people.length < limit);
  return people.slice(0, limit);
}
