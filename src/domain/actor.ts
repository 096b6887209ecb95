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

export function hasRole(actor: ActorContext, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}
