import type { Claim, ClaimEvent } from '../domain/claim';
import { formatMoney } from '../domain/money';
import type { Page } from '../domain/ports';
import { STATUS_LABEL, type ClaimStatus } from '../domain/status';
import { formatWhen } from './format';
import type { Card, CardRenderer } from './render-card';

/** Each History entry stays short so a page of ten stays far below the 28 KB card limit. */
const MAX_DETAIL = 600;

function clip(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}

export function describeEvent(e: ClaimEvent, claim: Claim): { what: string; detail: string } {
  const d = e.data as Record<string, unknown>;
  switch (e.type) {
    case 'claim.created':
      return { what: `created ${claim.number}`, detail: '' };
    case 'claim.commented':
      return { what: 'commented', detail: clip(String(d.text ?? '')) };
    case 'claim.metrics.updated': {
      const changed = Object.entries((d.changed as Record<string, unknown>) ?? {}).map(([k, v]) => `${k}: ${v === null ? '(cleared)' : String(v)}`);
      return { what: 'updated metrics', detail: clip(changed.join(', ')) };
    }
    case 'claim.info.updated':
      return { what: 'updated the additional information', detail: clip(String(d.text ?? '')) };
    case 'claim.submitted': {
      const to = STATUS_LABEL[(d.to as ClaimStatus) ?? 'Submitted'] ?? 'Submitted';
      return { what: `submitted the claim (${to})`, detail: typeof d.claimedMinor === 'number' ? formatMoney(d.claimedMinor, claim.currency) : '' };
    }
    case 'document.added': {
      const doc = (d.document as Record<string, unknown>) ?? {};
      return { what: `added ${String(doc.kind ?? 'a document')} "${clip(String(doc.name ?? ''))}"`, detail: clip(String(doc.note ?? '')) };
    }
    default:
      return { what: e.type, detail: '' };
  }
}

export function historyCard(renderer: CardRenderer, claim: Claim, events: Page<ClaimEvent>, page: number, pages: number): Card {
  return renderer.render('history', {
    claimId: claim.id,
    number: claim.number,
    subtitle: `${events.total} entries, newest first · page ${page + 1} of ${pages}`,
    page,
    pages,
    entries: events.items.map((e) => ({ who: e.actor.name, ...describeEvent(e, claim), when: formatWhen(e.at) })),
  });
}
