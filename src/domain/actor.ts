import type { Person } from './claim';
import type { Role } from './status';

/** Who is acting and in which tenant: enough for what everyone may do (read a card, comment). */
export interface Who {
  readonly tenantId: string;
  readonly person: Person;
}

/** Who is acting, with their roles (none: a colleague). Built by the bot layer from the activity. */
export interface ActorContext extends Who {
  readonly roles: readonly Role[];
}

/**
 * Where a press or command comes from, and the roles of the person (looked up only when asked): a
 * colleague's view of a claim depends on the conversation they act in (access.ts `canSee`).
 */
export interface Viewer {
  readonly conversationId: string;
  actor(): Promise<ActorContext>;
}

export function hasRole(actor: ActorContext, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}
