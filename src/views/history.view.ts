import { findActivity } from '../domain/activities';
import type { Claim, ClaimEvent, DocumentKind, Verdict } from '../domain/claim';
import type { EditChanges } from '../domain/claim.service';
import type { ChainVerdict } from '../domain/history-chain';
import { describeNeed, KIND_LABEL } from '../domain/document';
import { formatMoney } from '../domain/money';
import type { Page } from '../domain/ports';
import { STATUS_LABEL, type ClaimStatus } from '../domain/status';
import { formatWhen, md, userText } from './format';
import type { HistoryEntryRow } from './card-models';
import type { Card, CardRenderer } from './render-card';

/** Each History entry stays short so a page of ten stays far below the 28 KB card limit. */
const MAX_DETAIL = 600;

const VERDICT_WORDS: Record<Verdict, string> = {
  accepted: 'accepted',
  needsChange: 'needs change',
  changed: 'changed — waiting for review',
};
const EDIT_WORDS: Record<keyof EditChanges, string> = {
  activity: 'Activity',
  location: 'Country/region',
  period: 'Usage period',
  amount: 'Claimed amount',
  description: 'Description',
};

/**
 * One History event in people's words: labels, not keys; amounts and numbers formatted. For a card
 * the user text is clipped and markdown-escaped; `plain` keeps it whole and as typed (the evidence
 * pack escapes it for HTML or CSV itself).
 */
export function describeEvent(e: ClaimEvent, claim: Claim, plain = false): { what: string; detail: string } {
  const d = e.data as Record<string, unknown>;
  const u = (value: string, max: number) => (plain ? value : userText(value, max));
  const m = (value: string) => (plain ? value : md(value));
  const activity = findActivity(claim.activityCode);
  const poeLabel = (key: string) => activity?.poe.find((p) => p.key === key)?.label ?? key;
  const kind = (doc: Record<string, unknown>) => KIND_LABEL[(doc.kind as DocumentKind) ?? 'other'] ?? 'Document';
  const text = (value: unknown) => u(String(value ?? ''), MAX_DETAIL);
  const status = (value: unknown) => STATUS_LABEL[value as ClaimStatus] ?? String(value ?? '');
  switch (e.type) {
    case 'claim.created':
      return { what: `created ${claim.number}`, detail: '' };
    case 'claim.edited': {
      const changes = Object.entries((d.changes as EditChanges) ?? {}).map(
        ([field, [from, to]]) => `${EDIT_WORDS[field as keyof EditChanges] ?? field}: ${u(from, 120)} → ${u(to, 120)}`,
      );
      return { what: 'edited the claim', detail: changes.join('; ') };
    }
    case 'claim.commented':
      return { what: 'commented', detail: text(d.text) };
    case 'claim.metrics.updated': {
      const changed = Object.entries((d.changed as Record<string, unknown>) ?? {}).map(([key, v]) => {
        const label = activity?.metrics.find((m) => m.key === key)?.label ?? key;
        const value = v === null ? '(cleared)' : typeof v === 'number' ? v.toLocaleString('en-US') : u(String(v), 200);
        return `${label}: ${value}`;
      });
      return { what: 'updated metrics', detail: changed.join(', ') };
    }
    case 'claim.info.updated':
      return { what: 'updated the additional information', detail: text(d.text) };
    case 'claim.submitted': {
      const to = status(d.to ?? 'Submitted');
      const again = d.from === 'ActionRequired' ? 'resubmitted the claim' : 'submitted the claim';
      return {
        what: `${again} (${to})`,
        detail: typeof d.claimedMinor === 'number' ? formatMoney(d.claimedMinor, claim.currency) : '',
      };
    }
    case 'claim.withdrawn':
      return { what: 'withdrew the claim (Withdrawn)', detail: text(d.reason) };
    case 'claim.expired':
      return {
        what: `expired the draft: its deadline ${String(d.deadline ?? claim.deadline)} passed before it was submitted`,
        detail: '',
      };
    case 'document.added': {
      const doc = (d.document as Record<string, unknown>) ?? {};
      const from = sourceLine(doc.source, plain);
      return { what: `added ${kind(doc)} “${u(String(doc.name ?? ''), 120)}”${from}`, detail: text(doc.note) };
    }
    case 'document.replaced': {
      const doc = (d.document as Record<string, unknown>) ?? {};
      const old = (d.replaced as Record<string, unknown>) ?? {};
      return {
        what: `replaced ${kind(old)} “${u(String(old.name ?? ''), 120)}” with “${u(String(doc.name ?? ''), 120)}”`,
        detail: text(doc.note),
      };
    }
    case 'document.removed': {
      const doc = (d.document as Record<string, unknown>) ?? {};
      return { what: `removed ${kind(doc)} “${u(String(doc.name ?? ''), 120)}” (its file is kept)`, detail: '' };
    }
    case 'upload.requested': {
      const r =
        (d.request as {
          assignee?: { name?: string };
          need?: { kind?: string; poeKey?: string };
          due?: string;
          text?: string;
        }) ?? {};
      const need = describeNeed((r.need?.kind ?? 'other') as DocumentKind, r.need?.poeKey, activity);
      return {
        what: `asked ${u(String(r.assignee?.name ?? 'a colleague'), 100)} for ${m(need)}, due ${String(r.due ?? '')}`,
        detail: text(r.text),
      };
    }
    case 'claim.pickedUp':
      return { what: 'picked the claim up for review', detail: '' };
    case 'claim.reviewerChanged': {
      const from = (d.from as { name?: string } | null)?.name;
      return {
        what: from ? `took the review over from ${u(from, 100)}` : 'took the review over',
        detail: text(d.reason),
      };
    }
    case 'claim.feedback': {
      const items = Object.entries((d.items as Record<string, { verdict: Verdict; comment: string }>) ?? {}).map(
        ([key, f]) =>
          `${m(poeLabel(key))}: ${VERDICT_WORDS[f.verdict] ?? f.verdict}${f.comment ? ` — ${u(f.comment, 200)}` : ''}`,
      );
      return { what: 'gave feedback', detail: items.join('; ') };
    }
    case 'claim.infoRequested':
      return {
        what: `requested more information (Action required${d.dueDate ? `, respond by ${String(d.dueDate)}` : ''})`,
        detail: text(d.message),
      };
    case 'claim.approved': {
      const amount = typeof d.approvedMinor === 'number' ? formatMoney(d.approvedMinor, claim.currency) : '';
      return {
        what: `approved ${amount}${d.partial ? ' (partly)' : ''}${d.paymentCycle ? ` · payment cycle ${String(d.paymentCycle)}` : ''}`,
        detail: text(d.reason),
      };
    }
    case 'claim.rejected':
      return { what: 'rejected the claim', detail: text(d.reasons) };
    case 'claim.disputed':
      return { what: `disputed the rejection (review due ${String(d.dueDate ?? '')})`, detail: text(d.reason) };
    case 'claim.paid':
      return { what: `marked the claim paid on ${String(d.date ?? '')}`, detail: `Reference ${text(d.reference)}` };
    default:
      return { what: m(String(e.type)), detail: '' };
  }
}

/** " from a message by Cole", linking the message when Teams gave a link (Add to claim). */
/** "from a message by …" of a document filed from a Teams message (`plain`: no Markdown, for the evidence pack). */
function sourceLine(source: unknown, plain = false): string {
  if (!source || typeof source !== 'object') return '';
  const { link, sender } = source as { link?: unknown; sender?: { name?: unknown } };
  // Stored only after a check of its host; still, nothing that could end the Markdown link early.
  const safeLink = typeof link === 'string' && /^https:\/\/[^\s()<>[\]]{1,2000}$/.test(link) ? link : undefined;
  const message = safeLink ? (plain ? `a message (${safeLink})` : `[a message](${safeLink})`) : 'a message';
  const name = typeof sender?.name === 'string' ? sender.name : '';
  const by = name ? ` by ${plain ? name : userText(name, 100)}` : '';
  return ` from ${message}${by}`;
}

export function historyCard(
  renderer: CardRenderer,
  claim: Claim,
  events: Page<ClaimEvent>,
  page: number,
  pages: number,
  back: 'claim.refresh' | 'review.refresh' = 'claim.refresh',
): Card {
  return renderer.render('history', {
    claimId: claim.id,
    number: claim.number,
    subtitle: `${events.total} entries, newest first · page ${page + 1} of ${pages}`,
    page,
    pages,
    back,
    side: back === 'review.refresh' ? 'review' : 'claim',
    entries: events.items.map((e): HistoryEntryRow => ({
      who: userText(e.actor.name, 100),
      ...describeEvent(e, claim),
      when: formatWhen(e.at),
    })),
  });
}

/** What `verify CLM-…` (and the evidence pack) says about a claim's hash-chained History. */
export function chainVerdictText(number: string, verdict: ChainVerdict): string {
  if (verdict.intact) {
    const before =
      verdict.unchained > 0
        ? ` Events 1–${verdict.unchained} were recorded before History was chained; the first chained event covers them.`
        : '';
    return (
      `**${number}: History verifies.** ${verdict.events} event(s), each matching its hash, chained unbroken from the first event to the claim as it is now` +
      `${verdict.head ? ` (latest hash ${verdict.head.slice(0, 16)}…)` : ''}.${before}`
    );
  }
  const n = verdict.firstBroken;
  const what: Record<typeof verdict.reason, string> = {
    changed: `event ${n} is not the one that was recorded (its content or its hash was changed)`,
    missing: `event ${n} is missing`,
    unexpected: `event ${n} is out of sequence`,
    truncated: `the History stops at event ${n - 1} but the claim has moved on since: events from ${n} on are missing`,
  };
  return `**${number}: History does NOT verify** — ${what[verdict.reason]}. Treat the History from event ${n} on as altered and tell your incentives admin.`;
}
