/** The life of a claim (domain.md), as a table. Enforced server-side for every action. */
export const STATUSES = [
  'Editing',
  'Submitted',
  'InReview',
  'ActionRequired',
  'Approved',
  'Rejected',
  'Disputed',
  'Paid',
  'Expired',
  'Withdrawn',
] as const;
export type ClaimStatus = (typeof STATUSES)[number];

export const STATUS_LABEL: Record<ClaimStatus, string> = {
  Editing: 'Editing',
  Submitted: 'Submitted',
  InReview: 'In review',
  ActionRequired: 'Action required',
  Approved: 'Approved',
  Rejected: 'Rejected',
  Disputed: 'Disputed',
  Paid: 'Paid',
  Expired: 'Expired',
  Withdrawn: 'Withdrawn',
};

export type Role = 'admin' | 'user' | 'reviewer';
export type Actor = Role | 'system';

export const ROLE_LABEL: Record<Role, string> = {
  admin: 'incentives admin',
  user: 'incentives user',
  reviewer: 'reviewer',
};

export type ClaimMove =
  'submit' | 'pickUp' | 'requestInfo' | 'resubmit' | 'approve' | 'reject' | 'dispute' | 'pay' | 'expire' | 'withdraw';

interface Transition {
  readonly from: ClaimStatus;
  readonly move: ClaimMove;
  readonly to: ClaimStatus;
  readonly by: readonly Actor[];
}

const PARTNER: readonly Actor[] = ['admin', 'user'];
/** Decisions: reviewers, and incentives admins (who may decide a claim a reviewer holds). */
const DECIDER: readonly Actor[] = ['reviewer', 'admin'];

export const TRANSITIONS: readonly Transition[] = [
  { from: 'Editing', move: 'submit', to: 'Submitted', by: PARTNER },
  { from: 'Submitted', move: 'pickUp', to: 'InReview', by: ['reviewer'] },
  { from: 'InReview', move: 'requestInfo', to: 'ActionRequired', by: DECIDER },
  { from: 'ActionRequired', move: 'resubmit', to: 'Submitted', by: PARTNER },
  { from: 'InReview', move: 'approve', to: 'Approved', by: DECIDER },
  { from: 'InReview', move: 'reject', to: 'Rejected', by: DECIDER },
  { from: 'Rejected', move: 'dispute', to: 'Disputed', by: PARTNER },
  { from: 'Disputed', move: 'approve', to: 'Approved', by: DECIDER },
  { from: 'Disputed', move: 'reject', to: 'Rejected', by: DECIDER },
  { from: 'Disputed', move: 'requestInfo', to: 'ActionRequired', by: DECIDER },
  { from: 'Approved', move: 'pay', to: 'Paid', by: ['admin'] },
  { from: 'Editing', move: 'expire', to: 'Expired', by: ['system'] },
  { from: 'Editing', move: 'withdraw', to: 'Withdrawn', by: PARTNER },
  { from: 'ActionRequired', move: 'withdraw', to: 'Withdrawn', by: PARTNER },
];

export type MoveCheck =
  { readonly ok: true; readonly to: ClaimStatus } | { readonly ok: false; readonly reason: 'no-such-move' | 'role' };

/** Where `move` takes a claim in `from`, if anyone holding one of `actors` may make it. */
export function checkMove(from: ClaimStatus, move: ClaimMove, actors: readonly Actor[]): MoveCheck {
  const t = TRANSITIONS.find((x) => x.from === from && x.move === move);
  if (!t) return { ok: false, reason: 'no-such-move' };
  if (!t.by.some((a) => actors.includes(a))) return { ok: false, reason: 'role' };
  return { ok: true, to: t.to };
}

/** Statuses in which the partner may change the claim's content. */
export const EDITABLE: readonly ClaimStatus[] = ['Editing', 'ActionRequired'];

export function isEditable(status: ClaimStatus): boolean {
  return EDITABLE.includes(status);
}

/** Statuses whose claimed amount counts as "claimed" (submitted and pending) in the overview. */
export const PENDING: readonly ClaimStatus[] = ['Submitted', 'InReview', 'ActionRequired', 'Disputed'];
/** Statuses whose approved amount counts as "approved" in the overview. */
export const APPROVED: readonly ClaimStatus[] = ['Approved', 'Paid'];
/** Statuses in which a claim holds earned funds (its claimed or approved amount). */
export const HOLDS_FUNDS: readonly ClaimStatus[] = [...PENDING, ...APPROVED];
/** Statuses a reviewer works on. */
export const REVIEWABLE: readonly ClaimStatus[] = ['Submitted', 'InReview', 'Disputed'];
