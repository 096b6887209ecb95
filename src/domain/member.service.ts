import { safe } from './text';
import { requireAdmin } from './access';
import type { ActorContext, Who } from './actor';
import { SYSTEM, type Person } from './claim';
import type { Clock } from './clock';
import { ForbiddenError, InvalidInputError } from './errors';
import type { Member, MemberRepository, RoleEvent } from './ports';
import { ROLE_LABEL, type Role } from './status';

/**
 * Who the organisation's incentives admins are (domain.md, Decisions: Roles): named in the bot's
 * configuration by Entra object id or sign-in name. Only a bot running without authentication
 * (local development) makes the first person of an organisation its admin.
 */
export interface AdminSettings {
  readonly objectIds: readonly string[];
  readonly signInNames: readonly string[];
  readonly firstPersonIsAdmin: boolean;
}

export interface RolesOverview {
  readonly byRole: Readonly<Record<Role, readonly Member[]>>;
  readonly configured: AdminSettings;
  readonly history: readonly RoleEvent[];
}

export type GrantOutcome = 'granted' | 'already';
export type RevokeOutcome = 'revoked' | 'not-held';

/** Looks up a person's sign-in name (Teams roster), only when configured admins are named by it. */
export type SignInLookup = () => Promise<string | undefined>;

export class MemberService {
  constructor(
    private readonly members: MemberRepository,
    private readonly clock: Clock,
    private readonly admins: AdminSettings,
  ) {}

  /** The acting person with their roles: stored grants, plus admin by configuration. */
  async actor(who: Who, signIn?: SignInLookup): Promise<ActorContext> {
    const member = await this.members.find(who.tenantId, who.person.id, this.admins.signInNames.length > 0);
    const roles = new Set<Role>(member?.roles ?? []);
    if (await this.configuredAdmin(who, member, signIn)) roles.add('admin');
    if (
      roles.size === 0 &&
      this.admins.firstPersonIsAdmin &&
      (await this.members.claimFirstAdmin(who.tenantId, who.person.id))
    ) {
      await this.members.grant(who.tenantId, who.person, 'admin');
      await this.record(who.tenantId, who.person, 'admin', 'grant', SYSTEM);
      roles.add('admin');
    }
    return { tenantId: who.tenantId, person: who.person, roles: ROLE_ORDER.filter((r) => roles.has(r)) };
  }

  /** Whether the actor is an incentives admin by configuration (their admin role cannot be taken back). */
  isConfiguredAdmin(person: Person, upn?: string): boolean {
    const id = person.aadObjectId?.toLowerCase();
    if (id && this.admins.objectIds.includes(id)) return true;
    return !!upn && this.admins.signInNames.includes(upn.toLowerCase());
  }

  async grant(actor: ActorContext, person: Person, role: Role): Promise<GrantOutcome> {
    requireAdmin(actor, 'grant roles');
    await this.members.remember(actor.tenantId, person);
    const granted = await this.members.grant(actor.tenantId, person, role);
    if (granted) await this.record(actor.tenantId, person, role, 'grant', actor.person);
    return granted ? 'granted' : 'already';
  }

  async revoke(actor: ActorContext, person: Person, role: Role): Promise<RevokeOutcome> {
    requireAdmin(actor, 'take roles back');
    const member = await this.members.find(actor.tenantId, person.id, true);
    if (
      role === 'admin' &&
      this.isConfiguredAdmin({ ...person, aadObjectId: person.aadObjectId ?? member?.aadObjectId }, member?.upn)
    ) {
      throw new ForbiddenError(
        safe`${person.name} is an incentives admin by the bot's configuration (INCENTIVES_ADMINS); change it there.`,
      );
    }
    const revoked = await this.members.revoke(actor.tenantId, person.id, role);
    if (!revoked) return 'not-held';
    // An organisation never loses its last admin this way (two admins revoking each other at once
    // both see the other gone): the role goes back and the admin is told.
    if (
      role === 'admin' &&
      !this.hasConfiguredAdmins() &&
      (await this.members.withRole(actor.tenantId, 'admin')).length === 0
    ) {
      await this.members.grant(actor.tenantId, person, 'admin');
      throw new InvalidInputError(
        safe`${person.name} is the last incentives admin of this organisation. Make someone else admin first.`,
      );
    }
    await this.record(actor.tenantId, person, role, 'revoke', actor.person);
    return 'revoked';
  }

  async rolesOverview(actor: ActorContext): Promise<RolesOverview> {
    requireAdmin(actor, 'see who holds which role');
    const [admin, user, reviewer, history] = await Promise.all([
      this.members.withRole(actor.tenantId, 'admin'),
      this.members.withRole(actor.tenantId, 'user'),
      this.members.withRole(actor.tenantId, 'reviewer'),
      this.members.roleEvents(actor.tenantId, 10),
    ]);
    return { byRole: { admin, user, reviewer }, configured: this.admins, history };
  }

  private hasConfiguredAdmins(): boolean {
    return this.admins.objectIds.length > 0 || this.admins.signInNames.length > 0;
  }

  private async configuredAdmin(who: Who, member: Member | undefined, signIn?: SignInLookup): Promise<boolean> {
    if (this.isConfiguredAdmin(who.person, member?.upn)) return true;
    if (this.admins.signInNames.length === 0 || member?.upn || !signIn) return false;
    // Configured by sign-in name and we do not know this person's yet: ask Teams once, remember it.
    const upn = await signIn();
    if (!upn) return false;
    await this.members.remember(who.tenantId, who.person, upn);
    return this.isConfiguredAdmin(who.person, upn);
  }

  private async record(
    tenantId: string,
    person: Person,
    role: Role,
    action: 'grant' | 'revoke',
    by: Person,
  ): Promise<void> {
    await this.members.recordRoleEvent({
      tenantId,
      userId: person.id,
      name: person.name,
      role,
      action,
      by,
      at: this.clock.now(),
    });
  }
}

const ROLE_ORDER: readonly Role[] = ['admin', 'user', 'reviewer'];

/** "an incentives admin", "a reviewer"; plural without an article: "incentives users". */
export function roleWord(role: Role, many = false): string {
  if (many) return `${ROLE_LABEL[role]}s`;
  return `${/^[aeiou]/i.test(ROLE_LABEL[role]) ? 'an' : 'a'} ${ROLE_LABEL[role]}`;
}
