import type { Collection, Db } from 'mongodb';
import type { Person } from '../domain/claim';
import type { Member, MemberRepository } from '../domain/ports';
import type { Role } from '../domain/status';
import { COLLECTIONS, ignoreDuplicate } from './mongo';

interface MemberDoc {
  _id: string;
  tenantId: string;
  userId: string;
  aadObjectId?: string;
  name: string;
  joinedAt: Date;
}

/** One document per granted role: a grant is an insert, so concurrent grants never overwrite each other. */
interface RoleDoc {
  _id: string;
  tenantId: string;
  userId: string;
  role: Role;
  grantedBy: string;
  at: Date;
}

interface TenantDoc {
  _id: string;
  firstAdmin: string;
  at: Date;
}

const ROLE_ORDER: readonly Role[] = ['admin', 'user', 'reviewer'];

/** Members are identified by their Teams user id (29:…), which is what activities and @mentions carry. */
export class MongoMemberRepository implements MemberRepository {
  private readonly members: Collection<MemberDoc>;
  private readonly roles: Collection<RoleDoc>;
  private readonly tenants: Collection<TenantDoc>;

  constructor(db: Db) {
    this.members = db.collection<MemberDoc>(COLLECTIONS.members);
    this.roles = db.collection<RoleDoc>(COLLECTIONS.memberRoles);
    this.tenants = db.collection<TenantDoc>(COLLECTIONS.tenants);
  }

  async ensure(tenantId: string, person: Person): Promise<Member> {
    const roles = await this.rolesOf(tenantId, person.id);
    if (roles.length > 0) return member(tenantId, person, roles);
    // First contact. The tenant document is created once; whoever creates it is the first admin.
    await ignoreDuplicate(this.tenants.insertOne({ _id: tenantId, firstAdmin: person.id, at: new Date() }));
    const tenant = await this.tenants.findOne({ _id: tenantId });
    await this.grant(tenantId, person, tenant?.firstAdmin === person.id ? 'admin' : 'user', 'system');
    return member(tenantId, person, await this.rolesOf(tenantId, person.id));
  }

  async grant(tenantId: string, person: Person, role: Role, grantedBy: string): Promise<Member> {
    await ignoreDuplicate(
      this.members.insertOne({
        _id: memberId(tenantId, person.id),
        tenantId,
        userId: person.id,
        aadObjectId: person.aadObjectId,
        name: person.name,
        joinedAt: new Date(),
      }),
    );
    await ignoreDuplicate(
      this.roles.insertOne({
        _id: `${memberId(tenantId, person.id)}:${role}`,
        tenantId,
        userId: person.id,
        role,
        grantedBy,
        at: new Date(),
      }),
    );
    return member(tenantId, person, await this.rolesOf(tenantId, person.id));
  }

  private async rolesOf(tenantId: string, userId: string): Promise<Role[]> {
    const docs = await this.roles.find({ tenantId, userId }).toArray();
    return ROLE_ORDER.filter((r) => docs.some((d) => d.role === r));
  }
}

function memberId(tenantId: string, userId: string): string {
  return `${tenantId}:${userId}`;
}

function member(tenantId: string, person: Person, roles: readonly Role[]): Member {
  return { tenantId, userId: person.id, name: person.name, roles };
}
