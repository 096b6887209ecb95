import { checkMove, isEditable, STATUSES, type Actor, type ClaimMove, type ClaimStatus } from '../../src/domain/status';

/** domain.md "Life of a claim", written out independently of src/domain/status.ts. */
const ALLOWED: ReadonlyArray<[ClaimStatus, ClaimMove, Actor, ClaimStatus]> = [
  ['Editing', 'submit', 'user', 'Submitted'],
  ['Editing', 'submit', 'admin', 'Submitted'],
  ['Submitted', 'pickUp', 'reviewer', 'InReview'],
  ['InReview', 'requestInfo', 'reviewer', 'ActionRequired'],
  ['ActionRequired', 'resubmit', 'user', 'Submitted'],
  ['ActionRequired', 'resubmit', 'admin', 'Submitted'],
  ['InReview', 'approve', 'reviewer', 'Approved'],
  ['InReview', 'reject', 'reviewer', 'Rejected'],
  ['Rejected', 'dispute', 'user', 'Disputed'],
  ['Rejected', 'dispute', 'admin', 'Disputed'],
  ['Disputed', 'approve', 'reviewer', 'Approved'],
  ['Disputed', 'reject', 'reviewer', 'Rejected'],
  ['Disputed', 'requestInfo', 'reviewer', 'ActionRequired'],
  ['Approved', 'pay', 'admin', 'Paid'],
  ['Editing', 'expire', 'system', 'Expired'],
  // domain.md, Decisions: an incentives admin may decide a claim a reviewer holds.
  ['InReview', 'requestInfo', 'admin', 'ActionRequired'],
  ['InReview', 'approve', 'admin', 'Approved'],
  ['InReview', 'reject', 'admin', 'Rejected'],
  ['Disputed', 'approve', 'admin', 'Approved'],
  ['Disputed', 'reject', 'admin', 'Rejected'],
  ['Disputed', 'requestInfo', 'admin', 'ActionRequired'],
  // Withdraw (Decisions): the partner, while the claim is editable.
  ['Editing', 'withdraw', 'user', 'Withdrawn'],
  ['Editing', 'withdraw', 'admin', 'Withdrawn'],
  ['ActionRequired', 'withdraw', 'user', 'Withdrawn'],
  ['ActionRequired', 'withdraw', 'admin', 'Withdrawn'],
];

const MOVES: readonly ClaimMove[] = [
  'submit',
  'pickUp',
  'requestInfo',
  'resubmit',
  'approve',
  'reject',
  'dispute',
  'pay',
  'expire',
  'withdraw',
];
const ALL_ACTORS: readonly Actor[] = ['admin', 'user', 'reviewer', 'system'];

describe('checkMove', () => {
  it.each(ALLOWED)('when a %s claim gets %s by %s then it moves to %s', (from, move, by, to) => {
    expect(checkMove(from, move, [by])).toEqual({ ok: true, to });
  });

  it.each<[ClaimStatus, ClaimMove, Actor]>([
    ['Editing', 'submit', 'reviewer'],
    ['Editing', 'submit', 'system'],
    ['Submitted', 'pickUp', 'user'],
    ['Submitted', 'pickUp', 'admin'],
    ['InReview', 'approve', 'user'],
    ['InReview', 'reject', 'user'],
    ['InReview', 'requestInfo', 'user'],
    ['ActionRequired', 'resubmit', 'reviewer'],
    ['Rejected', 'dispute', 'reviewer'],
    ['Disputed', 'approve', 'user'],
    ['Editing', 'withdraw', 'reviewer'],
    ['ActionRequired', 'withdraw', 'reviewer'],
    ['Approved', 'pay', 'user'],
    ['Approved', 'pay', 'reviewer'],
    ['Editing', 'expire', 'user'],
    ['Editing', 'expire', 'admin'],
  ])('when a %s claim gets %s by a %s then it is refused for the role', (from, move, by) => {
    expect(checkMove(from, move, [by])).toEqual({ ok: false, reason: 'role' });
  });

  it.each<[ClaimStatus, ClaimMove]>([
    ['Submitted', 'submit'],
    ['InReview', 'submit'],
    ['Approved', 'submit'],
    ['Editing', 'approve'],
    ['Submitted', 'approve'],
    ['Editing', 'reject'],
    ['Submitted', 'pay'],
    ['InReview', 'pay'],
    ['Paid', 'pay'],
    ['Editing', 'resubmit'],
    ['Approved', 'dispute'],
    ['Submitted', 'expire'],
    ['ActionRequired', 'expire'],
    ['Expired', 'submit'],
    ['Withdrawn', 'submit'],
    ['Submitted', 'withdraw'],
    ['Rejected', 'withdraw'],
    ['Approved', 'withdraw'],
  ])('when a %s claim gets %s then there is no such move, whoever asks', (from, move) => {
    expect(checkMove(from, move, ALL_ACTORS)).toEqual({ ok: false, reason: 'no-such-move' });
  });

  // Every (status, move) pair that domain.md does not list is impossible.
  const listed = new Set(ALLOWED.map(([from, move]) => `${from}|${move}`));
  const unlisted = STATUSES.flatMap((from) =>
    MOVES.filter((move) => !listed.has(`${from}|${move}`)).map((move) => [from, move] as [ClaimStatus, ClaimMove]),
  );
  it.each(unlisted)('when a %s claim gets the unlisted move %s then it is refused', (from, move) => {
    expect(checkMove(from, move, ALL_ACTORS)).toEqual({ ok: false, reason: 'no-such-move' });
  });

  it('when the actor holds several roles then any role that may make the move is enough', () => {
    expect(checkMove('Editing', 'submit', ['reviewer', 'user'])).toEqual({ ok: true, to: 'Submitted' });
    expect(checkMove('Submitted', 'pickUp', ['user', 'reviewer'])).toEqual({ ok: true, to: 'InReview' });
  });

  it('when the actor has no roles then every listed move is refused for the role', () => {
    for (const [from, move] of ALLOWED) expect(checkMove(from, move, [])).toEqual({ ok: false, reason: 'role' });
  });
});

describe('isEditable', () => {
  it.each<[ClaimStatus, boolean]>([
    ['Editing', true],
    ['Submitted', false],
    ['InReview', false],
    ['ActionRequired', true],
    ['Approved', false],
    ['Rejected', false],
    ['Disputed', false],
    ['Paid', false],
    ['Expired', false],
    ['Withdrawn', false],
  ])('when the claim is %s then editable is %s', (status, editable) => {
    expect(isEditable(status)).toBe(editable);
  });

  it('when listing statuses then the table above covers every status', () => {
    expect([...STATUSES].sort()).toEqual([
      'ActionRequired',
      'Approved',
      'Disputed',
      'Editing',
      'Expired',
      'InReview',
      'Paid',
      'Rejected',
      'Submitted',
      'Withdrawn',
    ]);
  });
});
