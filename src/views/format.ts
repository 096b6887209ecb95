import type { ClaimStatus } from '../domain/status';

export function formatWhen(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export const STATUS_COLOR: Record<ClaimStatus, string> = {
  Editing: 'Accent',
  Submitted: 'Accent',
  InReview: 'Accent',
  ActionRequired: 'Warning',
  Approved: 'Good',
  Rejected: 'Attention',
  Disputed: 'Warning',
  Paid: 'Good',
  Expired: 'Attention',
};

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
