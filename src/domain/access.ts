/**
 * Who may do what (domain.md, "Who does what" and Decisions: Roles). Incentives admins and users
 * are the partner side; reviewers review; everyone else is a colleague, who may see the claim
 * cards of the conversations they are in, comment, and upload to the requests addressed to them.
 */
import type { ActorContext } from './actor';
import { hasRole } from './actor';
import type { Claim, Person } from './claim';
import { ForbiddenError } from './errors';

export function isPartner(actor: ActorContext): boolean {
  return hasRole(actor, 'admin', 'user');
}

export function isColleague(actor: ActorContext): boolean {
  return actor.roles.length === 0;
}

export function requirePartner(actor: ActorContext, what = 'do that'): void {
  if (!isPartner(actor)) {
    throw new ForbiddenError(
      `Only incentives admins and users can ${what}. Ask an incentives admin to make you an incentives user (\`user @you\`).`,
    );
  }
}

export function requireAdmin(actor: ActorContext, what: string): void {
  if (!hasRole(actor, 'admin')) throw new ForbiddenError(`Only an incentives admin can ${what}.`);
}

export function requireReviewSide(actor: ActorContext, what: string): void {
  if (!hasRole(actor, 'reviewer', 'admin'))
    throw new ForbiddenError(`Only reviewers and incentives admins can ${what}.`);
}

/** Whether the person was asked (by an upload request) for a document of the claim. */
export function isAskedOn(claim: Pick<Claim, 'requests'>, person: Person): boolean {
  return (claim.requests ?? []).some(
    (r) => r.assignee.id === person.id || (!!person.aadObjectId && r.assignee.aadObjectId === person.aadObjectId),
  );
}

/**
 * Whether the claim may be shown to `actor` in `conversationId`: partners and reviewers see every
 * claim of their organisation; a colleague sees the claims whose card lives in this conversation
 * and those they were asked to upload to.
 */
export function canSee(actor: ActorContext, claim: Claim, conversationId: string | undefined): boolean {
  if (!isColleague(actor)) return true;
  return claim.home?.conversationId === conversationId || isAskedOn(claim, actor.person);
}
