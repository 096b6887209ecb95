import { randomUUID } from 'node:crypto';
import { SYSTEM, type Person } from '../../src/domain/claim';
import { ForbiddenError, InvalidInputError } from '../../src/domain/errors';
import { MemberService, type AdminSettings } from '../../src/domain/member.service';
import type { RoleEvent } from '../../src/domain/ports';
import { MongoMemberRepository } from '../../src/store/members.repository';
import { COLLECTIONS } from '../../src/store/mongo';
import { TestClock } from '../support/clock';
import { openTestDb, type TestDb } from '../support/db';
import { actor } from '../support/domain-factories';

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

const authOff: AdminSettings = { objectIds: [], signInNames: [], firstPersonIsAdmin: true };

function service(admins: AdminSettings = authOff): MemberService {
  return new MemberService(members, new TestClock(), admins);
}

function roleEvent(tenantId: string, who: Person, at: string, overrides: Partial<RoleEvent> = {}): RoleEvent {
  return {
    tenantId,
    userId: who.id,
    name: who.name,
    role: 'reviewer',
    action: 'grant',
    by: SYSTEM,
    at: new Date(at),
    ...overrides,
  };
}

describe('MongoMemberRepository.find and remember', () => {
  it('when a person was never seen then find answers undefined (a colleague)', async () => {
    expect(await members.find(tenant(), `29:${randomUUID()}`)).toBeUndefined();
    expect(await members.find(tenant(), `29:${randomUUID()}`, true)).toBeUndefined();
  });

  it('when a person is remembered without roles then only the profile read finds them, with no roles and their sign-in name', async () => {
    const tenantId = tenant();
    const ada = person('Ada');
    await members.remember(tenantId, ada, 'Ada@Contoso.COM');
    expect(await members.find(tenantId, ada.id)).toBeUndefined();
    expect(await members.find(tenantId, ada.id, true)).toEqual({
      tenantId,
      userId: ada.id,
      aadObjectId: ada.aadObjectId,
      name: 'Ada',
      upn: 'ada@contoso.com',
      roles: [],
    });
  });

  it('when a person is remembered twice then one member is stored, and a sign-in name learnt later is added', async () => {
    const tenantId = tenant();
    const ada = person('Ada');
    await members.remember(tenantId, ada);
    await members.remember(tenantId, ada);
    expect(await members.find(tenantId, ada.id, true)).not.toHaveProperty('upn');
    await members.remember(tenantId, ada, 'ada@contoso.com');
    expect(await members.find(tenantId, ada.id, true)).toMatchObject({ upn: 'ada@contoso.com' });
    expect(await t.db.collection(COLLECTIONS.members).countDocuments({ tenantId })).toBe(1);
  });

  it('when the same person makes first contact twice at once then one member is stored', async () => {
    const tenantId = tenant();
    const ada = person('Ada');
    await Promise.all([members.remember(tenantId, ada), members.remember(tenantId, ada)]);
    expect(await t.db.collection(COLLECTIONS.members).countDocuments({ tenantId })).toBe(1);
  });

  it('when a person has no Entra object id then their Teams id identifies them', async () => {
    const tenantId = tenant();
    const guest: Person = { id: `29:${randomUUID()}`, name: 'Guest' };
    await members.grant(tenantId, guest, 'user');
    expect(await members.find(tenantId, guest.id, true)).toEqual({
      tenantId,
      userId: guest.id,
      name: 'Guest',
      roles: ['user'],
    });
  });
});

describe('MongoMemberRepository.grant and revoke', () => {
  it('when a role is granted then the first grant is true, a repeat is false, and find lists the role', async () => {
    const tenantId = tenant();
    const rita = person('Rita');
    expect(await members.grant(tenantId, rita, 'reviewer')).toBe(true);
    expect(await members.grant(tenantId, rita, 'reviewer')).toBe(false);
    expect(await members.find(tenantId, rita.id)).toMatchObject({ userId: rita.id, name: 'Rita', roles: ['reviewer'] });
    expect(await t.db.collection(COLLECTIONS.memberRoles).countDocuments({ tenantId })).toBe(1);
  });

  it('when roles are granted at once then none is lost, the same role counts once, and roles come in admin, user, reviewer order', async () => {
    const tenantId = tenant();
    const rita = person('Rita');
    const results = await Promise.all([
      members.grant(tenantId, rita, 'reviewer'),
      members.grant(tenantId, rita, 'admin'),
      members.grant(tenantId, rita, 'reviewer'),
      members.grant(tenantId, rita, 'user'),
    ]);
    expect([results[0], results[2]].filter(Boolean)).toHaveLength(1);
    expect([results[1], results[3]]).toEqual([true, true]);
    expect((await members.find(tenantId, rita.id))?.roles).toEqual(['admin', 'user', 'reviewer']);
  });

  it('when a role is revoked then revoke is true once and false after, and the other roles stay', async () => {
    const tenantId = tenant();
    const rita = person('Rita');
    await members.grant(tenantId, rita, 'reviewer');
    await members.grant(tenantId, rita, 'user');
    expect(await members.revoke(tenantId, rita.id, 'reviewer')).toBe(true);
    expect(await members.revoke(tenantId, rita.id, 'reviewer')).toBe(false);
    expect(await members.revoke(tenantId, rita.id, 'admin')).toBe(false);
    expect((await members.find(tenantId, rita.id))?.roles).toEqual(['user']);
  });

  it('when a role is granted in one tenant then the same person has no role in another, and a revoke there changes nothing', async () => {
    const a = tenant();
    const b = tenant();
    const rita = person('Rita');
    await members.grant(a, rita, 'reviewer');
    expect(await members.find(b, rita.id)).toBeUndefined();
    expect(await members.revoke(b, rita.id, 'reviewer')).toBe(false);
    expect((await members.find(a, rita.id))?.roles).toEqual(['reviewer']);
  });
});

describe('MongoMemberRepository.withRole', () => {
  it('when people hold roles then withRole lists exactly the holders of that role in that tenant', async () => {
    const tenantId = tenant();
    const [rita, carl, bob] = [person('Rita'), person('Carl'), person('Bob')];
    await members.grant(tenantId, rita, 'reviewer');
    await members.grant(tenantId, carl, 'reviewer');
    await members.grant(tenantId, carl, 'admin');
    await members.grant(tenantId, bob, 'user');
    await members.grant(tenant(), bob, 'reviewer');
    await members.revoke(tenantId, carl.id, 'admin');

    const reviewers = await members.withRole(tenantId, 'reviewer');
    expect(reviewers.map((m) => [m.name, m.roles]).sort()).toEqual([
      ['Carl', ['reviewer']],
      ['Rita', ['reviewer']],
    ]);
    expect(reviewers.every((m) => m.tenantId === tenantId)).toBe(true);
    expect(await members.withRole(tenantId, 'admin')).toEqual([]);
    expect((await members.withRole(tenantId, 'user')).map((m) => m.userId)).toEqual([bob.id]);
  });
});

describe('MongoMemberRepository role events', () => {
  it('when grants and revokes are recorded then roleEvents gives them newest first, limited, for that tenant only', async () => {
    const tenantId = tenant();
    const rita = person('Rita');
    const admin = person('Ann');
    await members.recordRoleEvent(roleEvent(tenantId, rita, '2026-10-01T09:00:00Z', { by: admin }));
    await members.recordRoleEvent(roleEvent(tenantId, rita, '2026-10-03T09:00:00Z', { action: 'revoke', by: admin }));
    await members.recordRoleEvent(roleEvent(tenantId, rita, '2026-10-02T09:00:00Z', { role: 'user', by: admin }));
    await members.recordRoleEvent(roleEvent(tenant(), rita, '2026-10-04T09:00:00Z'));

    const events = await members.roleEvents(tenantId, 10);
    expect(events.map((e) => [e.at.toISOString().slice(0, 10), e.role, e.action])).toEqual([
      ['2026-10-03', 'reviewer', 'revoke'],
      ['2026-10-02', 'user', 'grant'],
      ['2026-10-01', 'reviewer', 'grant'],
    ]);
    expect(events[0]).toEqual(roleEvent(tenantId, rita, '2026-10-03T09:00:00Z', { action: 'revoke', by: admin }));
    expect((await members.roleEvents(tenantId, 2)).map((e) => e.at.toISOString().slice(0, 10))).toEqual([
      '2026-10-03',
      '2026-10-02',
    ]);
  });

  it('when the same role event is recorded twice (a retry) then it is stored once', async () => {
    const tenantId = tenant();
    const rita = person('Rita');
    const event = roleEvent(tenantId, rita, '2026-10-01T09:00:00Z');
    await members.recordRoleEvent(event);
    await members.recordRoleEvent(event);
    expect(await members.roleEvents(tenantId, 10)).toHaveLength(1);
  });
});

describe('MongoMemberRepository.claimFirstAdmin', () => {
  it('when 20 people claim a fresh tenant at once then exactly one wins, and later claims lose', async () => {
    const tenantId = tenant();
    const people = Array.from({ length: 20 }, (_, i) => person(`Racer ${i}`));
    const results = await Promise.all(people.map((p) => members.claimFirstAdmin(tenantId, p.id)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await members.claimFirstAdmin(tenantId, people[results.indexOf(true)]!.id)).toBe(false);
    expect(await members.claimFirstAdmin(tenantId, person('Late').id)).toBe(false);
  }, 120_000);

  it('when another tenant is claimed then its first person wins there too', async () => {
    const a = tenant();
    const ada = person('Ada');
    expect(await members.claimFirstAdmin(a, ada.id)).toBe(true);
    expect(await members.claimFirstAdmin(tenant(), ada.id)).toBe(true);
  });
});

describe('MemberService.actor (auth off: the first person becomes admin)', () => {
  it('when the first person of a tenant acts then they are its admin, recorded as granted by the bot; the second is a colleague', async () => {
    const tenantId = tenant();
    const ada = person('Ada');
    const ben = person('Ben');
    expect(await service().actor({ tenantId, person: ada })).toEqual({ tenantId, person: ada, roles: ['admin'] });
    expect(await service().actor({ tenantId, person: ben })).toEqual({ tenantId, person: ben, roles: [] });
    expect(await service().actor({ tenantId, person: ada })).toEqual({ tenantId, person: ada, roles: ['admin'] });
    expect(await members.roleEvents(tenantId, 10)).toEqual([
      expect.objectContaining({ userId: ada.id, role: 'admin', action: 'grant', by: SYSTEM }),
    ]);
  });

  it('when 10 people make first contact with a fresh tenant at once then exactly one becomes admin', async () => {
    const tenantId = tenant();
    const people = Array.from({ length: 10 }, (_, i) => person(`Racer ${i}`));
    const actors = await Promise.all(people.map((p) => service().actor({ tenantId, person: p })));
    expect(actors.filter((a) => a.roles.includes('admin'))).toHaveLength(1);
    expect(actors.filter((a) => a.roles.length === 0)).toHaveLength(9);
    expect(await members.withRole(tenantId, 'admin')).toHaveLength(1);
  }, 120_000);

  it('when the first person is not made admin (auth on) then a newcomer has no role', async () => {
    const tenantId = tenant();
    const ada = person('Ada');
    expect(await service({ ...authOff, firstPersonIsAdmin: false }).actor({ tenantId, person: ada })).toEqual({
      tenantId,
      person: ada,
      roles: [],
    });
  });

  it('when a person is an admin by configuration then they act as admin without a stored role', async () => {
    const tenantId = tenant();
    const ada = person('Ada');
    const configured = service({ objectIds: [ada.aadObjectId!], signInNames: [], firstPersonIsAdmin: false });
    expect((await configured.actor({ tenantId, person: ada })).roles).toEqual(['admin']);
    expect(await members.find(tenantId, ada.id)).toBeUndefined();
  });
});

describe('MemberService grant and revoke', () => {
  it('when an admin grants a role twice then it is granted once and recorded once', async () => {
    const tenantId = tenant();
    const admin = actor(tenantId, person('Ann'), ['admin']);
    const rita = person('Rita');
    expect(await service().grant(admin, rita, 'reviewer')).toBe('granted');
    expect(await service().grant(admin, rita, 'reviewer')).toBe('already');
    expect(await members.roleEvents(tenantId, 10)).toEqual([
      expect.objectContaining({ userId: rita.id, role: 'reviewer', action: 'grant', by: admin.person }),
    ]);
  });

  it('when someone who is not an admin grants or revokes then it is refused and nothing changes', async () => {
    const tenantId = tenant();
    const user = actor(tenantId, person('Bob'), ['user', 'reviewer']);
    const rita = person('Rita');
    await expect(service().grant(user, rita, 'reviewer')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(service().revoke(user, rita, 'reviewer')).rejects.toBeInstanceOf(ForbiddenError);
    expect(await members.find(tenantId, rita.id)).toBeUndefined();
  });

  it('when the last stored admin is revoked then it is refused and the role stays', async () => {
    const tenantId = tenant();
    const ann = person('Ann');
    await members.grant(tenantId, ann, 'admin');
    const admin = actor(tenantId, ann, ['admin']);
    await expect(service().revoke(admin, ann, 'admin')).rejects.toBeInstanceOf(InvalidInputError);
    expect((await members.find(tenantId, ann.id))?.roles).toEqual(['admin']);
    const second = person('Sue');
    await service().grant(admin, second, 'admin');
    expect(await service().revoke(admin, ann, 'admin')).toBe('revoked');
    expect(await service().revoke(admin, ann, 'admin')).toBe('not-held');
  });
});
