import { findActivity } from '../domain/activities';
import type { Claim, ClaimEvent, DocumentKind } from '../domain/claim';
import { describeNeed } from '../domain/document';
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
      const changed = Object.entries((d.changed as Record<string, unknown>) ?? {}).map(
        ([k, v]) => `${k}: ${v === null ? '(cleared)' : String(v)}`,
      );
      return { what: 'updated metrics', detail: clip(changed.join(', ')) };
    }
    case 'claim.info.updated':
      return { what: 'updated the additional information', detail: clip(String(d.text ?? '')) };
    case 'claim.submitted': {
      const to = STATUS_LABEL[(d.to as ClaimStatus) ?? 'Submitted'] ?? 'Submitted';
      return {
        what: `submitted the claim (${to})`,
        detail: typeof d.claimedMinor === 'number' ? formatMoney(d.claimedMinor, claim.currency) : '',
      };
    }
    case 'document.added': {
      const doc = (d.document as Record<string, unknown>) ?? {};
      return {
        what: `added ${String(doc.kind ?? 'a document')} "${clip(String(doc.name ?? ''))}"`,
        detail: clip(String(doc.note ?? '')),
      };
    }
    case 'claim.pickedUp':
      return { what: 'picked the claim up for review', detail: '' };
    case 'claim.feedback': {
      const items = Object.entries((d.items as Record<string, { verdict: string; comment: string }>) ?? {}).map(
        ([k, f]) => `${k}: ${f.verdict === 'accepted' ? 'accepted' : `needs change — ${f.comment}`}`,
      );
      return { what: 'gave feedback', detail: clip(items.join('; ')) };
    }
    case 'claim.infoRequested':
      return { what: 'requested more information (Action required)', detail: clip(String(d.message ?? '')) };
    case 'claim.approved': {
      const amount = typeof d.approvedMinor === 'number' ? formatMoney(d.approvedMinor, claim.currency) : '';
      return { what: `approved ${amount}${d.partial ? ' (partly)' : ''}`, detail: clip(String(d.reason ?? '')) };
    }
    case 'claim.rejected':
      return { what: 'rejected the claim', detail: clip(String(d.reasons ?? '')) };
    case 'claim.disputed':
      return {
        what: `disputed the rejection (review due ${String(d.dueDate ?? '')})`,
        detail: clip(String(d.reason ?? '')),
      };
    case 'claim.paid':
      return {
        what: `marked the claim paid on ${String(d.date ?? '')}`,
        detail: `Reference ${clip(String(d.reference ?? ''))}`,
      };
    case 'document.replaced': {
      const doc = (d.document as Record<string, unknown>) ?? {};
      const old = (d.replaced as Record<string, unknown>) ?? {};
      return {
        what: `replaced ${String(old.kind ?? 'a document')} "${clip(String(old.name ?? ''))}" with "${clip(String(doc.name ?? ''))}"`,
        detail: clip(String(doc.note ?? '')),
      };
    }
    case 'upload.requested': {
      const r =
        (d.request as {
          assignee?: { name?: string };
          need?: { kind?: string; poeKey?: string };
          due?: string;
          text?: string;
        }) ?? {};
      const need = describeNeed(
        (r.need?.kind ?? 'other') as DocumentKind,
        r.need?.poeKey,
        findActivity(claim.activityCode),
      );
      return {
        what: `asked ${String(r.assignee?.name ?? 'a colleague')} for ${need}, due ${String(r.due ?? '')}`,
        detail: clip(String(r.text ?? '')),
      };
    }
    default:
      return { what: e.type, detail: '' };
  }
}

export function historyCard(
  renderer: CardRenderer,
  claim: Claim,
  events: Page<ClaimEvent>,
  page: number,
  pages: number,
): Card {
  return renderer.render('history', {
    claimId: claim.id,
    number: claim.number,
    subtitle: `${events.total} entries, newest first · page ${page + 1} of ${pages}`,
    page,
    pages,
    entries: events.items.map((e) => ({ who: e.actor.name, ...describeEvent(e, claim), when: formatWhen(e.at) })),
  });
}
