import type { Person } from './claim';
import type { Role } from './status';

/** Who is acting, in which tenant, with which roles. Built by the bot layer from the activity. */
export interface ActorContext {
  readonly tenantId: string;
  readonly person: Person;
  readonly roles: readonly Role[];
}

export function hasRole(actor: ActorContext, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}
