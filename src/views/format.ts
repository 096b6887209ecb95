import type { ClaimStatus } from '../domain/status';
import type { TextColor } from './card-models';

export function formatWhen(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export const STATUS_COLOR: Record<ClaimStatus, TextColor> = {
  Editing: 'Accent',
  Submitted: 'Accent',
  InReview: 'Accent',
  ActionRequired: 'Warning',
  Approved: 'Good',
  Rejected: 'Attention',
  Disputed: 'Warning',
  Paid: 'Good',
  Expired: 'Attention',
  Withdrawn: 'Attention',
};

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export { md, safe } from '../domain/text';
import { md } from '../domain/text';

/** At most `max` characters (not UTF-16 units: an emoji or a kanji is one), with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}

/** Clips, then escapes: user text for a card. */
export function userText(text: string | undefined, max: number): string {
  return md(clip(text ?? '', max));
}
