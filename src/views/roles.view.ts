import type { RolesOverview } from '../domain/member.service';
import { ROLE_LABEL, type Role } from '../domain/status';
import { formatWhen, userText } from './format';
import type { RoleRow } from './card-models';
import type { Card, CardRenderer } from './render-card';

const ORDER: readonly Role[] = ['admin', 'user', 'reviewer'];

/** `roles`: who holds which role, the admins named in configuration, and the latest grants and revokes. */
export function rolesCard(renderer: CardRenderer, o: RolesOverview): Card {
  const configured = o.configured.objectIds.length + o.configured.signInNames.length;
  return renderer.render('roles', {
    subtitle: `${configured > 0 ? `${configured} incentives admin(s) named in the bot's configuration also hold the admin role. ` : ''}Everyone else is a colleague: they see claim cards in their conversations, comment, and upload what they are asked for.`,
    roles: ORDER.map((role): RoleRow => ({
      title: `${ROLE_LABEL[role].charAt(0).toUpperCase()}${ROLE_LABEL[role].slice(1)}s (${o.byRole[role].length})`,
      people:
        o.byRole[role].length > 0
          ? o.byRole[role].map((m) => userText(m.name || m.userId, 80)).join(', ')
          : 'nobody yet',
    })),
    history: o.history.map(
      (e) =>
        `${formatWhen(e.at)} · ${userText(e.by.name, 80)} ${e.action === 'grant' ? 'made' : 'took back'} ${userText(e.name, 80)} ${e.action === 'grant' ? '' : 'the role '}${ROLE_LABEL[e.role]}`,
    ),
  });
}
