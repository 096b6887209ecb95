import { randomUUID } from 'node:crypto';
import type { Person } from '../../src/domain/claim';
import { MemberService } from '../../src/domain/member.service';
import { MongoMemberRepository } from '../../src/store/members.repository';
import { COLLECTIONS } from '../../src/store/mongo';
import { openTestDb, type TestDb } from '../support/db';

let t: TestDb;
let members: MongoMemberRepository;

beforeAll(async () => {
  t = await openTestDb();
  members = new MongoMemberRepository(t.db);
});

afterAll(async () => {
  await t.drop();
});

function tenant(): string {
  return `tenant-${randomUUID()}`;
}

function person(name: string): Person {
  const id = randomUUID();
  return { id: `29:${id}`, aadObjectId: `aad-${id}`, name };
}

describe('MongoMemberRepository.ensure', () => {
  it('when the first person of a tenant appears then they are its admin, and the second is a user', async () => {
    const tenantId = tenant();
    const first = await members.ensure(tenantId, person('Ada'));
    const second = await members.ensure(tenantId, person('Ben'));
    expect(first).toMatchObject({ tenantId, name: 'Ada', roles: ['admin'] });
    expect(second).toMatchObject({ tenantId, name: 'Ben', roles: ['user'] });
  });

  it('when another tenant gets its first member then that member is admin there too', async () => {
    const a = tenant();
    const b = tenant();
    await members.ensure(a, person('Ada'));
    await members.ensure(a, person('Ben'));
    expect((await members.ensure(b, person('Cy'))).roles).toEqual(['admin']);
    expect((await members.ensure(b, person('Di'))).roles).toEqual(['user']);
  });

  it('when the same person in two tenants is seen then each tenant has its own membership', async () => {
    const a = tenant();
    const b = tenant();
    const p = person('Ada');
    await members.ensure(a, person('Owner of A'));
    expect((await members.ensure(a, p)).roles).toEqual(['user']);
    expect((await members.ensure(b, p)).roles).toEqual(['admin']);
  });

  it('when 10 people make first contact with a fresh tenant at once then exactly one becomes admin', async () => {
    const tenantId = tenant();
    const people = Array.from({ length: 10 }, (_, i) => person(`Racer ${i}`));
    const result = await Promise.all(people.map((p) => members.ensure(tenantId, p)));
    expect(result.filter((m) => m.roles.includes('admin'))).toHaveLength(1);
    expect(result.filter((m) => m.roles.length === 1 && m.roles[0] === 'user')).toHaveLength(9);
    expect(await t.db.collection(COLLECTIONS.members).countDocuments({ tenantId })).toBe(10);
    expect(await t.db.collection(COLLECTIONS.memberRoles).countDocuments({ tenantId, role: 'admin' })).toBe(1);
  });

  it('when ensure is called again for a member then it returns the same member and stores nothing new', async () => {
    const tenantId = tenant();
    const ada = person('Ada');
    const ben = person('Ben');
    const first = await members.ensure(tenantId, ada);
    const benFirst = await members.ensure(tenantId, ben);
    expect(await members.ensure(tenantId, ada)).toEqual(first);
    expect(await members.ensure(tenantId, { ...ben, name: 'Ben (renamed)' })).toEqual({
      ...benFirst,
      name: 'Ben (renamed)',
    });
    expect(await t.db.collection(COLLECTIONS.members).countDocuments({ tenantId })).toBe(2);
  });

  it('when the same person makes first contact twice at once then both calls agree and one member is stored', async () => {
    const tenantId = tenant();
    const ada = person('Ada');
    const [x, y] = await Promise.all([members.ensure(tenantId, ada), members.ensure(tenantId, ada)]);
    expect(x).toEqual(y);
    expect(x.roles).toEqual(['admin']);
    expect(await t.db.collection(COLLECTIONS.members).countDocuments({ tenantId })).toBe(1);
  });

  it('when a person has no AAD object id then their Teams id identifies them', async () => {
    const tenantId = tenant();
    const p: Person = { id: `29:${randomUUID()}`, name: 'Guest' };
    const m = await members.ensure(tenantId, p);
    expect(m.userId).toBe(p.id);
    expect(await members.ensure(tenantId, p)).toEqual(m);
  });

  it('when an admin grants roles at once then none is lost and grants are idempotent', async () => {
    const tenantId = tenant();
    await members.ensure(tenantId, person('Owner'));
    const rev = person('Rita');
    await Promise.all([
      members.grant(tenantId, rev, 'reviewer', 'x'),
      members.grant(tenantId, rev, 'admin', 'x'),
      members.grant(tenantId, rev, 'reviewer', 'x'),
    ]);
    expect((await members.ensure(tenantId, rev)).roles).toEqual(['admin', 'reviewer']);
  });
});

describe('MemberService.actor', () => {
  it('when a member acts then the actor carries the tenant, the person and their stored roles', async () => {
    const service = new MemberService(members);
    const tenantId = tenant();
    const ada = person('Ada');
    const ben = person('Ben');
    expect(await service.actor(tenantId, ada)).toEqual({ tenantId, person: ada, roles: ['admin'] });
    expect(await service.actor(tenantId, ben)).toEqual({ tenantId, person: ben, roles: ['user'] });
  });
});
