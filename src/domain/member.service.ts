import type { ActorContext } from './actor';
import type { Person } from './claim';
import type { MemberRepository } from './ports';

export class MemberService {
  constructor(private readonly members: MemberRepository) {}

  /** Who is acting: the first member of a tenant becomes its incentives admin, others users. */
  async actor(tenantId: string, person: Person): Promise<ActorContext> {
    const member = await this.members.ensure(tenantId, person);
    return { tenantId, person, roles: member.roles };
  }
}
