/**
 * The readable parts of a claim's evidence pack: summary.json, summary.html, history.html and the
 * rows of history.csv. Everything people wrote (names, notes, comments, reasons, file names) is
 * escaped for HTML, and the pages forbid scripts outright (Content-Security-Policy), so a pack
 * opened from disk can never run what someone typed. CSV cells are neutralised by the CSV writer.
 */
import type { Activity } from '../domain/activities';
import type { Claim, ClaimDocument, ClaimEvent, Person } from '../domain/claim';
import { KIND_LABEL } from '../domain/document';
import type { EvidencePack } from '../domain/evidence-pack.service';
import { findLocation } from '../domain/locations';
import { formatMoney, minorDigits } from '../domain/money';
import { STATUS_LABEL } from '../domain/status';
import { chainVerdictText, describeEvent } from './history.view';
import { escapeHtml as h } from './upload-page.view';

/** What streaming a document into the archive found: the sha256 and size of the bytes packed. */
export interface FileCheck {
  readonly sha256: string;
  readonly size: number;
}

/** A document as packed: its entry path, and what the archive really holds. */
export interface PackedFile {
  readonly path: string;
  readonly document: ClaimDocument;
  readonly check: FileCheck;
}

export type ChainState = 'verified' | 'first broken' | 'after the break';

const plainAmount = (minor: number, currency: string) =>
  (minor / 10 ** minorDigits(currency)).toFixed(minorDigits(currency));
const iso = (d: Date | undefined) => d?.toISOString() ?? null;
const person = (p: Person | undefined) => (p ? { name: p.name, id: p.id } : null);
const poeLabel = (activity: Activity | undefined, key: string) =>
  activity?.poe.find((p) => p.key === key)?.label ?? key;

/** The verdict sentence (written for a Teams message) without its markdown. */
export function verdictSentence(pack: EvidencePack): string {
  return chainVerdictText(pack.claim.number, pack.verdict).replace(/\*\*/g, '');
}

/** How an event stands in the chain: verified, the first that does not verify, or after it. */
export function chainState(pack: EvidencePack, seq: number): ChainState {
  if (pack.verdict.intact || seq < pack.verdict.firstBroken) return 'verified';
  return seq === pack.verdict.firstBroken ? 'first broken' : 'after the break';
}

export function fileMatches(f: PackedFile): boolean {
  return f.check.sha256 === f.document.file?.sha256 && f.check.size === f.document.file?.size;
}

function documentFacts(d: ClaimDocument, claim: Claim, activity: Activity | undefined) {
  return {
    kind: d.kind,
    kindLabel: KIND_LABEL[d.kind],
    name: d.name,
    ...(d.poeKey ? { proofItem: poeLabel(activity, d.poeKey) } : {}),
    note: d.note,
    amount: plainAmount(d.amountMinor, d.currency),
    currency: d.currency,
    ...(d.convertedMinor === undefined ? {} : { converted: plainAmount(d.convertedMinor, claim.currency) }),
    details: d.details ?? {},
    addedBy: person(d.addedBy),
    addedAt: iso(d.addedAt),
    contentType: d.file?.contentType ?? null,
  };
}

/** The claim summary as data: what summary.json holds (and summary.html shows). */
export function summaryJson(pack: EvidencePack, files: readonly PackedFile[]) {
  const { claim, activity } = pack;
  const money = (minor: number) => ({
    amount: plainAmount(minor, claim.currency),
    minor,
    text: formatMoney(minor, claim.currency),
  });
  const r = claim.review;
  return {
    format: 'co-op claims evidence pack, version 1',
    generatedAt: pack.generatedAt.toISOString(),
    claim: {
      number: claim.number,
      status: claim.status,
      statusLabel: STATUS_LABEL[claim.status],
      program: claim.programCode,
      period: claim.period,
      activity: {
        code: claim.activityCode,
        name: activity?.name ?? claim.activityCode,
        group: activity?.group ?? null,
      },
      location: { code: claim.location, name: findLocation(claim.location)?.name ?? claim.location },
      description: claim.description,
      currency: claim.currency,
      claimed: money(claim.claimedMinor),
      approved: money(claim.approvedMinor),
      metrics: Object.fromEntries(
        Object.entries(claim.metrics).map(([key, value]) => [
          activity?.metrics.find((m) => m.key === key)?.label ?? key,
          value,
        ]),
      ),
      additionalInfo: claim.additionalInfo,
      createdBy: person(claim.createdBy),
      version: claim.version,
      dates: {
        created: iso(claim.createdAt),
        firstSubmitted: iso(claim.firstSubmittedAt),
        submitted: iso(claim.submittedAt),
        deadline: claim.deadline,
        due: claim.dueDate ?? null,
        updated: iso(claim.updatedAt),
        withdrawn: iso(claim.withdrawal?.at),
        expired: iso(claim.expiredAt),
      },
      withdrawal: claim.withdrawal
        ? { reason: claim.withdrawal.reason, by: person(claim.withdrawal.by), at: iso(claim.withdrawal.at) }
        : null,
    },
    review: {
      reviewer: person(r?.reviewer),
      pickedUpAt: iso(r?.pickedUpAt),
      feedback: Object.entries(r?.feedback ?? {}).map(([key, f]) => ({
        item: poeLabel(activity, key),
        verdict: f.verdict,
        comment: f.comment,
        by: person(f.by),
        at: iso(f.at),
      })),
      infoRequest: r?.infoRequest
        ? {
            message: r.infoRequest.message,
            by: person(r.infoRequest.by),
            at: iso(r.infoRequest.at),
            respondBy: r.infoRequest.dueDate ?? null,
          }
        : null,
      approval: r?.approval
        ? {
            approved: money(r.approval.approvedMinor),
            reason: r.approval.reason,
            by: person(r.approval.by),
            at: iso(r.approval.at),
            paymentCycle: r.approval.paymentCycle,
          }
        : null,
      rejection: r?.rejection
        ? {
            reasons: r.rejection.reasons,
            by: person(r.rejection.by),
            at: iso(r.rejection.at),
            disputeUntil: r.rejection.disputeUntil,
          }
        : null,
      dispute: r?.dispute
        ? { reason: r.dispute.reason, by: person(r.dispute.by), at: iso(r.dispute.at), reviewDue: r.dispute.dueDate }
        : null,
      payment: r?.payment
        ? { date: r.payment.date, reference: r.payment.reference, by: person(r.payment.by), at: iso(r.payment.at) }
        : null,
    },
    documents: files.map((f) => ({
      path: f.path,
      ...documentFacts(f.document, claim, activity),
      sha256: f.document.file?.sha256 ?? null,
      size: f.document.file?.size ?? null,
      packed: { sha256: f.check.sha256, size: f.check.size, matchesRecorded: fileMatches(f) },
    })),
    documentsWithoutFile: pack.withoutFile.map((d) => documentFacts(d, claim, activity)),
    history: {
      events: pack.events.length,
      intact: pack.verdict.intact,
      ...(pack.verdict.intact
        ? { head: pack.verdict.head }
        : { firstBroken: pack.verdict.firstBroken, reason: pack.verdict.reason }),
      verdict: verdictSentence(pack),
    },
  };
}

// ---- HTML -------------------------------------------------------------------------------------

const STYLE = `
body{font-family:"Segoe UI",system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#242424;line-height:1.45}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ccc;padding:.3rem .45rem;text-align:left;vertical-align:top}
td{white-space:pre-wrap;overflow-wrap:break-word}code{font-size:.8rem;overflow-wrap:anywhere}
.ok{border-left:4px solid #107c10;background:#f1faf1;padding:.6rem 1rem}.bad{border-left:4px solid #b10e1c;background:#fdf3f4;padding:.6rem 1rem}
tr.broken td{background:#fdf3f4}
`;

/** The start of a page that can show text and tables and nothing else: no script, no remote content. */
function pageStart(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
`;
}

const PAGE_END = '</body>\n</html>\n';

const when = (d: Date | undefined) => (d ? h(`${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`) : '—');
const who = (p: Person | undefined) => (p ? h(p.name) : '—');
/** A relative link to an archive entry: each segment URL-encoded, then escaped for the attribute. */
const entryLink = (path: string, text: string) =>
  `<a href="${h(path.split('/').map(encodeURIComponent).join('/'))}">${h(text)}</a>`;

function dl(rows: ReadonlyArray<readonly [string, string]>): string {
  return `<dl>${rows.map(([t, v]) => `<dt>${h(t)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function verdictBlock(pack: EvidencePack): string {
  return `<p class="${pack.verdict.intact ? 'ok' : 'bad'}">${h(verdictSentence(pack))}</p>`;
}

export function summaryHtml(pack: EvidencePack, files: readonly PackedFile[]): string {
  const { claim, activity } = pack;
  const money = (minor: number) => h(formatMoney(minor, claim.currency));
  const r = claim.review;
  const decisions: string[] = [];
  if (r?.reviewer) decisions.push(`<li>Reviewer: ${who(r.reviewer)}, picked up ${when(r.pickedUpAt)}</li>`);
  for (const [key, f] of Object.entries(r?.feedback ?? {}))
    decisions.push(
      `<li>Feedback on “${h(poeLabel(activity, key))}”: ${h(f.verdict)}${f.comment ? ` — ${h(f.comment)}` : ''} (${who(f.by)}, ${when(f.at)})</li>`,
    );
  if (r?.infoRequest)
    decisions.push(
      `<li>Information requested by ${who(r.infoRequest.by)}, ${when(r.infoRequest.at)}${r.infoRequest.dueDate ? `, respond by ${h(r.infoRequest.dueDate)}` : ''}: ${h(r.infoRequest.message)}</li>`,
    );
  if (r?.approval)
    decisions.push(
      `<li>Approved ${money(r.approval.approvedMinor)} by ${who(r.approval.by)}, ${when(r.approval.at)} (payment cycle ${h(r.approval.paymentCycle)})${r.approval.reason ? `: ${h(r.approval.reason)}` : ''}</li>`,
    );
  if (r?.rejection)
    decisions.push(
      `<li>Rejected by ${who(r.rejection.by)}, ${when(r.rejection.at)} (dispute until ${h(r.rejection.disputeUntil)}): ${h(r.rejection.reasons)}</li>`,
    );
  if (r?.dispute)
    decisions.push(
      `<li>Disputed by ${who(r.dispute.by)}, ${when(r.dispute.at)} (re-review due ${h(r.dispute.dueDate)}): ${h(r.dispute.reason)}</li>`,
    );
  if (r?.payment)
    decisions.push(
      `<li>Paid on ${h(r.payment.date)}, reference ${h(r.payment.reference)} (recorded by ${who(r.payment.by)}, ${when(r.payment.at)})</li>`,
    );
  if (claim.withdrawal)
    decisions.push(
      `<li>Withdrawn by ${who(claim.withdrawal.by)}, ${when(claim.withdrawal.at)}: ${h(claim.withdrawal.reason)}</li>`,
    );
  const metrics = (activity?.metrics ?? [])
    .filter((m) => claim.metrics[m.key] !== undefined)
    .map((m) => [m.label, h(String(claim.metrics[m.key]))] as const);
  const docRows = files.map((f) => {
    const d = f.document;
    const ok = fileMatches(f);
    return `<tr${ok ? '' : ' class="broken"'}><td>${entryLink(f.path, f.path)}</td><td>${h(KIND_LABEL[d.kind])}${d.poeKey ? `: ${h(poeLabel(activity, d.poeKey))}` : ''}</td><td>${h(d.name)}</td><td>${d.amountMinor ? h(formatMoney(d.amountMinor, d.currency)) : '—'}</td><td>${who(d.addedBy)}<br>${when(d.addedAt)}</td><td>${h(d.note)}</td><td>${h(String(d.file?.size ?? 0))} bytes<br><code>${h(d.file?.sha256 ?? '')}</code><br>${ok ? 'packed file matches' : `<strong>packed file differs: <code>${h(f.check.sha256)}</code>, ${h(String(f.check.size))} bytes</strong>`}</td></tr>`;
  });
  const missing = pack.withoutFile.map(
    (d) =>
      `<li>${h(KIND_LABEL[d.kind])} “${h(d.name)}” (added by ${who(d.addedBy)}, ${when(d.addedAt)}): no stored file</li>`,
  );
  const body = `<h1>Evidence pack · ${h(claim.number)}</h1>
<p>Generated ${when(pack.generatedAt)}. The full History is in <a href="history.html">history.html</a> and <a href="history.csv">history.csv</a>; the same facts as data in <a href="summary.json">summary.json</a>.</p>
${verdictBlock(pack)}
<h2>Claim</h2>
${dl([
  ['Number', h(claim.number)],
  ['Status', h(STATUS_LABEL[claim.status])],
  ['Program', h(claim.programCode)],
  ['Usage period', h(`${claim.period.code} (${claim.period.start} – ${claim.period.end})`)],
  ['Activity', h(activity?.name ?? claim.activityCode)],
  ['Location', h(findLocation(claim.location)?.name ?? claim.location)],
  ['Claimed', money(claim.claimedMinor)],
  ['Approved', money(claim.approvedMinor)],
  ['Description', h(claim.description) || '—'],
  ['Created', `${when(claim.createdAt)} by ${who(claim.createdBy)}`],
  ['First submitted', when(claim.firstSubmittedAt)],
  ['Last submitted', when(claim.submittedAt)],
  ['Deadline', h(claim.deadline)],
  ['Last change', `${when(claim.updatedAt)} (version ${h(String(claim.version))})`],
])}
${metrics.length ? `<h2>Metrics</h2>\n${dl(metrics)}` : ''}
${claim.additionalInfo ? `<h2>Additional information</h2>\n<p style="white-space:pre-wrap">${h(claim.additionalInfo)}</p>` : ''}
<h2>Reviewer decisions</h2>
${decisions.length ? `<ul>${decisions.join('\n')}</ul>` : '<p>None yet.</p>'}
<h2>Documents (${files.length})</h2>
<table><thead><tr><th>File in this pack</th><th>Kind</th><th>Uploaded as</th><th>Amount</th><th>Added</th><th>Note</th><th>Size and sha256</th></tr></thead>
<tbody>
${docRows.join('\n')}
</tbody></table>
${missing.length ? `<ul>${missing.join('\n')}</ul>` : ''}`;
  return `${pageStart(`Evidence pack ${claim.number}`)}${body}\n${PAGE_END}`;
}

/** The sha256 of the file a document event added, replaced with or removed (as its event recorded it). */
export function eventFileSha256(e: ClaimEvent): string {
  const doc = (e.data as { document?: { file?: { sha256?: unknown } } }).document;
  return typeof doc?.file?.sha256 === 'string' ? doc.file.sha256 : '';
}

/** history.html, a piece at a time (a long History is never one string). */
export function* historyHtml(pack: EvidencePack): Generator<string> {
  const { claim } = pack;
  yield `${pageStart(`History of ${claim.number}`)}<h1>History of ${h(claim.number)}</h1>
<p>Every event, oldest first, with who and when, the sha256 of each document file an event added, and each event's hash (SHA-256 over the event and the hash before it).</p>
${verdictBlock(pack)}
<table><thead><tr><th>#</th><th>When</th><th>Who</th><th>What</th><th>Detail</th><th>Document sha256</th><th>Event hash</th><th>Chain</th></tr></thead>
<tbody>
`;
  for (const e of pack.events) {
    const { what, detail } = describeEvent(e, claim, true);
    const state = chainState(pack, e.seq);
    yield `<tr${state === 'verified' ? '' : ' class="broken"'}><td>${e.seq}</td><td>${when(e.at)}</td><td>${who(e.actor)}</td><td>${h(what)}</td><td>${h(detail)}</td><td><code>${h(eventFileSha256(e))}</code></td><td><code>${h(e.hash ?? '(recorded before chaining)')}</code></td><td>${h(state)}</td></tr>\n`;
  }
  yield `</tbody></table>\n${PAGE_END}`;
}

export const HISTORY_CSV_HEADER = [
  'seq',
  'at',
  'type',
  'who',
  'who_id',
  'what',
  'detail',
  'document_sha256',
  'prev_hash',
  'hash',
  'chain',
] as const;

/** The rows of history.csv, header first (the writer neutralises formula-like cells). */
export function* historyCsvRows(pack: EvidencePack): Generator<string[]> {
  yield [...HISTORY_CSV_HEADER];
  for (const e of pack.events) {
    const { what, detail } = describeEvent(e, pack.claim, true);
    yield [
      String(e.seq),
      e.at.toISOString(),
      e.type,
      e.actor.name,
      e.actor.id,
      what,
      detail,
      eventFileSha256(e),
      e.prevHash ?? '',
      e.hash ?? '',
      chainState(pack, e.seq),
    ];
  }
}
