import type { ActorContext } from './actor';
import { hasRole } from './actor';
import { DomainError } from './errors';
import type { Role } from './status';
import type { Person } from './claim';
import type { MemberRepository } from './ports';

export class MemberService {
  constructor(private readonly members: MemberRepository) {}

  /** Who is acting: the first member of a tenant becomes its incentives admin, others users. */
  /** Grants a role to a person (admins only; checked by the caller's command and here). */
  async grant(actor: ActorContext, person: Person, role: Role): Promise<void> {
    if (!hasRole(actor, 'admin')) throw new DomainError('AUTH.FORBIDDEN', 'Only an incentives admin can grant roles.');
    await this.members.grant(actor.tenantId, person, role, actor.person.id);
  }

  async actor(tenantId: string, person: Person): Promise<ActorContext> {
    const member = await this.members.ensure(tenantId, person);
    return { tenantId, person, roles: member.roles };
  }
}
