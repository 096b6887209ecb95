import type { Collection, Db } from 'mongodb';
import type { Person } from '../domain/claim';
import type { Member, MemberRepository } from '../domain/ports';
import type { Role } from '../domain/status';
import { COLLECTIONS, isDuplicateKey } from './mongo';

interface MemberDoc {
  _id: string;
  tenantId: string;
  aadObjectId: string;
  userId: string;
  name: string;
  roles: Role[];
  joinedAt: Date;
}

interface TenantDoc {
  _id: string;
  firstAdmin: string;
  at: Date;
}

export class MongoMemberRepository implements MemberRepository {
  private readonly members: Collection<MemberDoc>;
  private readonly tenants: Collection<TenantDoc>;

  constructor(db: Db) {
    this.members = db.collection<MemberDoc>(COLLECTIONS.members);
    this.tenants = db.collection<TenantDoc>(COLLECTIONS.tenants);
  }

  async ensure(tenantId: string, person: Person): Promise<Member> {
    const aad = person.aadObjectId ?? person.id;
    const _id = `${tenantId}:${aad}`;
    const found = await this.members.findOne({ _id });
    if (found) return toMember(found);
    // The tenant document is created once; whoever creates it is the tenant's first admin.
    try {
      await this.tenants.insertOne({ _id: tenantId, firstAdmin: aad, at: new Date() });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const tenant = await this.tenants.findOne({ _id: tenantId });
    const roles: Role[] = tenant?.firstAdmin === aad ? ['admin'] : ['user'];
    const doc: MemberDoc = { _id, tenantId, aadObjectId: aad, userId: person.id, name: person.name, roles, joinedAt: new Date() };
    try {
      await this.members.insertOne(doc);
      return toMember(doc);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const again = await this.members.findOne({ _id });
      if (!again) throw err;
      return toMember(again);
    }
  }
}

function toMember(doc: MemberDoc): Member {
  return { tenantId: doc.tenantId, aadObjectId: doc.aadObjectId, name: doc.name, roles: doc.roles };
}
