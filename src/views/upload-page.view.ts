/**
 * The signed upload page: small, server-rendered, no script, accessible (labels, described-by
 * errors, an alert summary, one column). Every value from users or the store is escaped.
 */
import { findActivity } from '../domain/activities';
import type { Claim } from '../domain/claim';
import {
  describeNeed,
  fieldsFor,
  KIND_LABEL,
  MAX_NOTE,
  type DetailsErrors,
  type DetailsField,
  type DetailsInput,
} from '../domain/document';
import { ACCEPTED_TEXT, MAGIC_TYPES, TEXT_TYPES } from '../domain/file-rules';
import type { UploadGrant } from '../domain/upload-request';
import { formatWhen } from './format';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
body{font-family:"Segoe UI",system-ui,sans-serif;margin:0;background:#f5f5f5;color:#242424;line-height:1.5}
main{max-width:36rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:1.4rem;margin-top:0}
label{display:block;font-weight:600;margin-top:1rem}
input,textarea{width:100%;box-sizing:border-box;font:inherit;padding:.45rem;border:1px solid #8a8a8a;border-radius:4px}
input:focus,textarea:focus,button:focus{outline:3px solid #5b5fc7;outline-offset:1px}
.hint{color:#616161;font-size:.9rem;margin:.15rem 0 0}
.error{color:#b10e1c;font-weight:600;margin:.25rem 0 0}
.alert{border-left:4px solid #b10e1c;background:#fdf3f4;padding:.75rem 1rem;margin:1rem 0}
.ok{border-left:4px solid #107c10;background:#f1faf1;padding:.75rem 1rem;margin:1rem 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:1rem 0}
dt{font-weight:600}dd{margin:0}
button{margin-top:1.5rem;background:#5b5fc7;color:#fff;border:0;border-radius:4px;padding:.6rem 1.4rem;font:inherit;font-weight:600;cursor:pointer}
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

interface FieldDef {
  readonly label: string;
  readonly type?: 'text' | 'date' | 'number';
  readonly hint?: string;
  readonly max: number;
  readonly required: boolean;
}

function fieldDef(field: DetailsField, claim: Claim): FieldDef {
  switch (field) {
    case 'vendor':
      return { label: 'Vendor', max: 200, required: true };
    case 'invoiceNumber':
      return { label: 'Invoice number', max: 100, required: true };
    case 'invoiceDate':
      return { label: 'Invoice date', type: 'date', hint: 'YYYY-MM-DD', max: 10, required: true };
    case 'amount':
      return { label: 'Amount', hint: 'For example 1250.00', max: 20, required: true };
    case 'currency':
      return { label: 'Currency', hint: `ISO code, for example ${claim.currency}`, max: 3, required: true };
    case 'convertedAmount':
      return {
        label: `Amount in ${claim.currency}`,
        hint: `Only when the invoice is in another currency than ${claim.currency}: what it comes to in ${claim.currency}`,
        max: 20,
        required: false,
      };
    case 'performedBy':
      return { label: 'Who did the work', max: 200, required: true };
    case 'basis':
      return { label: 'Basis', hint: 'Hours × rate, or the cost the amount is based on', max: 500, required: true };
    case 'executionDate':
      return {
        label: 'Execution date',
        type: 'date',
        hint: `Between ${claim.period.start} and ${claim.period.end} (the activity dates)`,
        max: 10,
        required: true,
      };
    case 'reach':
      return { label: 'Estimated impressions / reach', hint: 'A whole number', max: 15, required: true };
    case 'preApprovalId':
      return { label: 'Pre-approval id', hint: 'If the activity was pre-approved', max: 100, required: false };
    case 'title':
      return { label: 'Title', hint: 'What this document is', max: 200, required: false };
    default:
      return { label: field, max: 200, required: false };
  }
}

export interface UploadFormModel {
  readonly claim: Claim;
  readonly grant: UploadGrant;
  readonly expiresAt: Date;
  readonly values: DetailsInput;
  readonly errors: DetailsErrors;
  /** A message above the form (why the last attempt failed). */
  readonly problem?: string;
  readonly maxBytesText: string;
}

export function uploadFormPage(m: UploadFormModel): string {
  const { claim, grant } = m;
  const activity = findActivity(claim.activityCode);
  const need = describeNeed(grant.need.kind, grant.need.poeKey, activity);
  const fields = fieldsFor(grant.need.kind, activity).filter((f) => f !== 'poeKey');
  const value = (f: DetailsField) =>
    escapeHtml(String((m.values as Record<string, string | undefined>)[f] ?? (f === 'currency' ? claim.currency : '')));
  const errorList = Object.entries(m.errors).filter(([, v]) => v);
  const summary =
    m.problem || errorList.length > 0
      ? `<div class="alert" role="alert" id="problems"><p><strong>${escapeHtml(m.problem ?? 'Some fields need attention. Nothing was saved.')}</strong></p>${
          errorList.length > 0
            ? `<ul>${errorList.map(([f, e]) => `<li><a href="#f-${f}">${escapeHtml(e!)}</a></li>`).join('')}</ul><p>Choose the file again before sending.</p>`
            : ''
        }</div>`
      : '';
  const inputs = fields
    .map((f) => {
      const d = fieldDef(f, claim);
      const err = m.errors[f];
      const described = [d.hint ? `h-${f}` : '', err ? `e-${f}` : ''].filter(Boolean).join(' ');
      return `<label for="f-${f}">${escapeHtml(d.label)}${d.required ? '' : ' (optional)'}</label>
${d.hint ? `<p class="hint" id="h-${f}">${escapeHtml(d.hint)}</p>` : ''}${err ? `<p class="error" id="e-${f}">${escapeHtml(err)}</p>` : ''}
<input id="f-${f}" name="${f}" type="${d.type ?? 'text'}" value="${value(f)}" maxlength="${d.max}"${d.required ? ' required' : ''}${err ? ' aria-invalid="true"' : ''}${described ? ` aria-describedby="${described}"` : ''}>`;
    })
    .join('\n');
  const asked =
    grant.type === 'request' && grant.requester
      ? `<dt>Asked by</dt><dd>${escapeHtml(grant.requester.name)}</dd><dt>Needed</dt><dd>${escapeHtml(capitalise(need))}${grant.text ? ` — “${escapeHtml(grant.text)}”` : ''}</dd>${grant.due ? `<dt>Due</dt><dd>${escapeHtml(grant.due)}</dd>` : ''}`
      : `<dt>Adding</dt><dd>${escapeHtml(KIND_LABEL[grant.need.kind])}${grant.need.kind === 'poe' ? `: ${escapeHtml(need.replace(/^proof of execution: /, ''))}` : ''}</dd>`;
  const accept = [...MAGIC_TYPES, ...TEXT_TYPES]
    .map((t) => `.${t.ext}`)
    .concat('.jpeg')
    .join(',');
  const noteErr = m.errors.note;
  return page(
    `Upload to ${claim.number}`,
    `<h1>Upload a document to ${escapeHtml(claim.number)}</h1>
${summary}
<dl>
<dt>Claim</dt><dd>${escapeHtml(claim.number)} · ${escapeHtml(activity?.name ?? claim.activityCode)}</dd>
<dt>Program</dt><dd>${escapeHtml(claim.programCode)} · ${escapeHtml(claim.period.code)}</dd>
<dt>Uploading as</dt><dd>${escapeHtml(grant.person.name)}</dd>
${asked}
${grant.replaces ? '<dt>Replaces</dt><dd>The current version of this document (the old one stays in History)</dd>' : ''}
</dl>
<form method="post" enctype="multipart/form-data" novalidate>
${inputs}
<label for="f-note">Explanatory note (optional)</label>
<p class="hint" id="h-note">Shown with the document in the claim's History.</p>${noteErr ? `<p class="error" id="e-note">${escapeHtml(noteErr)}</p>` : ''}
<textarea id="f-note" name="note" rows="4" maxlength="${MAX_NOTE}" aria-describedby="h-note${noteErr ? ' e-note' : ''}">${value('note')}</textarea>
<label for="f-file">File</label>
<p class="hint" id="h-file">${escapeHtml(ACCEPTED_TEXT)}; at most ${escapeHtml(m.maxBytesText)}.</p>
<input id="f-file" name="file" type="file" required accept="${accept}" aria-describedby="h-file">
<button type="submit">Upload</button>
</form>
<p class="hint">This link works once and until ${escapeHtml(formatWhen(m.expiresAt))}.</p>`,
  );
}

export function uploadDonePage(claim: Claim, fileName: string, typeLabel: string, sizeText: string): string {
  return page(
    'Uploaded',
    `<h1>Thank you</h1>
<div class="ok" role="status"><p><strong>${escapeHtml(fileName)}</strong> (${escapeHtml(typeLabel)}, ${escapeHtml(sizeText)}) was added to ${escapeHtml(claim.number)}.</p></div>
<p>The claim card in Teams shows it now. You can close this page.</p>`,
  );
}

export function uploadProblemPage(title: string, message: string): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>\n<div class="alert" role="alert"><p>${escapeHtml(message)}</p></div>`,
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
