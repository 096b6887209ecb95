import type { Collection, Db } from 'mongodb';
import type { Person } from '../domain/claim';
import type { Member, MemberRepository, RoleEvent } from '../domain/ports';
import type { Role } from '../domain/status';
import { COLLECTIONS, ignoreDuplicate, insertedFirst } from './mongo';

interface MemberDoc {
  _id: string;
  tenantId: string;
  userId: string;
  aadObjectId?: string;
  name: string;
  upn?: string;
  joinedAt: Date;
}

/** One document per granted role: a grant is an insert, so concurrent grants never overwrite each other. */
interface RoleDoc {
  _id: string;
  tenantId: string;
  userId: string;
  name?: string;
  role: Role;
  at: Date;
}

interface TenantDoc {
  _id: string;
  firstAdmin: string;
  at: Date;
}

type RoleEventDoc = RoleEvent & { _id: string };

const ROLE_ORDER: readonly Role[] = ['admin', 'user', 'reviewer'];

/**
 * Members are identified by their Teams user id (29:…), which is what activities and @mentions
 * carry. A person with no role documents is a colleague. Every grant and revoke is also recorded
 * in `role_events` (the roles History).
 */
export class MongoMemberRepository implements MemberRepository {
  private readonly members: Collection<MemberDoc>;
  private readonly roles: Collection<RoleDoc>;
  private readonly tenants: Collection<TenantDoc>;
  private readonly events: Collection<RoleEventDoc>;

  constructor(db: Db) {
    this.members = db.collection<MemberDoc>(COLLECTIONS.members);
    this.roles = db.collection<RoleDoc>(COLLECTIONS.memberRoles);
    this.tenants = db.collection<TenantDoc>(COLLECTIONS.tenants);
    this.events = db.collection<RoleEventDoc>(COLLECTIONS.roleEvents);
  }

  /** One read (the role documents); the member document too when the profile (sign-in name) is wanted. */
  async find(tenantId: string, userId: string, withProfile = false): Promise<Member | undefined> {
    const [docs, member] = await Promise.all([
      this.roles.find({ tenantId, userId }).toArray(),
      withProfile ? this.members.findOne({ _id: memberId(tenantId, userId) }) : Promise.resolve(null),
    ]);
    const roles = ROLE_ORDER.filter((r) => docs.some((d) => d.role === r));
    if (member) return toMember(member, roles);
    if (roles.length > 0) return { tenantId, userId, name: docs[0]?.name ?? '', roles };
    return undefined;
  }

  async remember(tenantId: string, person: Person, upn?: string): Promise<void> {
    const doc: MemberDoc = {
      _id: memberId(tenantId, person.id),
      tenantId,
      userId: person.id,
      ...(person.aadObjectId ? { aadObjectId: person.aadObjectId } : {}),
      name: person.name,
      ...(upn ? { upn: upn.toLowerCase() } : {}),
      joinedAt: new Date(),
    };
    if (!(await insertedFirst(this.members.insertOne(doc))) && upn) {
      await this.members.updateOne({ _id: doc._id }, { $set: { upn: upn.toLowerCase() } });
    }
  }

  async claimFirstAdmin(tenantId: string, userId: string): Promise<boolean> {
    if (await this.tenants.findOne({ _id: tenantId })) return false;
    return insertedFirst(this.tenants.insertOne({ _id: tenantId, firstAdmin: userId, at: new Date() }));
  }

  async grant(tenantId: string, person: Person, role: Role): Promise<boolean> {
    await this.remember(tenantId, person);
    return insertedFirst(
      this.roles.insertOne({
        _id: `${memberId(tenantId, person.id)}:${role}`,
        tenantId,
        userId: person.id,
        name: person.name,
        role,
        at: new Date(),
      }),
    );
  }

  async revoke(tenantId: string, userId: string, role: Role): Promise<boolean> {
    return (await this.roles.deleteOne({ _id: `${memberId(tenantId, userId)}:${role}`, tenantId })).deletedCount === 1;
  }

  async withRole(tenantId: string, role: Role): Promise<readonly Member[]> {
    const docs = await this.roles.find({ tenantId, role }).limit(500).toArray();
    return docs.map((d) => ({ tenantId, userId: d.userId, name: d.name ?? d.userId, roles: [role] }));
  }

  async recordRoleEvent(event: RoleEvent): Promise<void> {
    await ignoreDuplicate(
      this.events.insertOne({
        ...event,
        _id: `${event.tenantId}:${event.userId}:${event.role}:${event.action}:${event.at.getTime()}`,
      }),
    );
  }

  async roleEvents(tenantId: string, limit: number): Promise<readonly RoleEvent[]> {
    const docs = await this.events.find({ tenantId }).sort({ at: -1 }).limit(limit).toArray();
    return docs.map(({ _id, ...rest }) => rest);
  }
}

function memberId(tenantId: string, userId: string): string {
  return `${tenantId}:${userId}`;
}

function toMember(doc: MemberDoc, roles: readonly Role[]): Member {
  return {
    tenantId: doc.tenantId,
    userId: doc.userId,
    ...(doc.aadObjectId ? { aadObjectId: doc.aadObjectId } : {}),
    name: doc.name,
    ...(doc.upn ? { upn: doc.upn } : {}),
    roles,
  };
}
