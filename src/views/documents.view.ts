import type { Activity } from '../domain/activities';
import type { Claim, ClaimDocument, ClaimRequest, DocumentKind } from '../domain/claim';
import {
  ADD_TITLE,
  describeDocument,
  describeNeed,
  DOCUMENT_KINDS,
  fieldsFor,
  keepUntil,
  KIND_LABEL,
  MAX_NOTE,
  type DetailsErrors,
  type DetailsField,
  type DetailsInput,
} from '../domain/document';
import { formatBytes, MAGIC_TYPES, TEXT_TYPES } from '../domain/file-rules';
import { isoDate } from '../domain/period';
import { requestState, type RequestState, type UploadGrant, type UploadRequest } from '../domain/upload-request';
import type { RequestFieldErrors } from '../domain/upload-request.service';
import type {
  Choice,
  DetailInputRow,
  DocumentFormCard,
  DocumentKindChoice,
  DocumentRow,
  RequestFormValues,
  RequestLineRow,
  RequestLinesData,
  TextColor,
} from './card-models';
import { clip, formatWhen, userText } from './format';
import type { Card, CardRenderer } from './render-card';

const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function typeLabel(ext: string | undefined): string {
  return [...MAGIC_TYPES, ...TEXT_TYPES].find((t) => t.ext === ext)?.label ?? 'file';
}

// ---- Add document / Replace / finish a file sent in chat ------------------------------------------

const FIELD_LABEL: Record<DetailsField, string> = {
  kind: 'Kind',
  poeKey: 'Which required proof is this?',
  vendor: 'Vendor',
  invoiceNumber: 'Invoice number',
  invoiceDate: 'Invoice date',
  amount: 'Amount',
  currency: 'Currency (ISO code)',
  convertedAmount: 'Amount in the claim currency (only if the invoice is in another currency)',
  performedBy: 'Who did the work',
  basis: 'Basis (hours × rate, or cost)',
  executionDate: 'Execution date',
  reach: 'Estimated impressions / reach',
  preApprovalId: 'Pre-approval id (if any)',
  title: 'Title (optional)',
  note: 'Explanatory note (optional)',
};

const OPTIONAL: ReadonlySet<DetailsField> = new Set(['preApprovalId', 'title', 'note', 'convertedAmount']);

export interface DocumentFormModel {
  readonly claim: Claim;
  readonly activity: Activity | undefined;
  readonly now: Date;
  /** Unset: first ask which kind. */
  readonly kind?: DocumentKind;
  readonly values?: DetailsInput;
  readonly errors?: DetailsErrors;
  readonly banner?: string;
  readonly replaces?: ClaimDocument;
  /** A file that arrived in chat and needs its details (the form then finishes it). */
  readonly staged?: { readonly id: string; readonly fileName: string; readonly need: string };
}

/** What detailInputs needs: the claim the document is for, its kind, and what was typed so far. */
export interface DetailInputsModel {
  readonly claim: Claim;
  readonly activity: Activity | undefined;
  readonly now: Date;
  readonly kind: DocumentKind;
  readonly values?: DetailsInput;
  readonly errors?: DetailsErrors;
}

/**
 * The inputs a document of `kind` asks for (its fields, then the explanatory note), each with its
 * value, error and limits: the Add document form and the Add to claim dialog render the same ones.
 */
export function detailInputs(m: DetailInputsModel): DetailInputRow[] {
  const { claim, activity } = m;
  const values = m.values ?? {};
  const errors = m.errors ?? {};
  const fields: DetailsField[] = [...fieldsFor(m.kind, activity), 'note'];
  return fields.map((f): DetailInputRow => {
    const base: Omit<DetailInputRow, 'type'> = {
      id: f,
      label: FIELD_LABEL[f],
      value: String(values[f] ?? (f === 'currency' ? claim.currency : '')),
      error: errors[f] ?? '',
      required: !OPTIONAL.has(f),
      placeholder: '',
      max: 200,
      multiline: false,
      min: '',
      maxDate: '',
      choices: [],
    };
    if (f === 'poeKey')
      return {
        ...base,
        type: 'choice',
        choices: (activity?.poe ?? []).map((p): Choice => ({ title: p.label, value: p.key })),
      };
    if (f === 'invoiceDate') return { ...base, type: 'date', maxDate: isoDate(m.now.getTime()) };
    if (f === 'executionDate')
      return {
        ...base,
        type: 'date',
        label: `Execution date (${claim.period.start} – ${claim.period.end})`,
        min: claim.period.start,
        maxDate: claim.period.end,
      };
    if (f === 'note')
      return {
        ...base,
        type: 'text',
        multiline: true,
        max: MAX_NOTE,
        placeholder: 'Anything the reviewer should know about this document',
      };
    if (f === 'basis') return { ...base, type: 'text', max: 500, placeholder: 'e.g. 40 hours × USD 75' };
    if (f === 'amount') return { ...base, type: 'text', max: 40, placeholder: 'e.g. 1250.00' };
    if (f === 'convertedAmount')
      return {
        ...base,
        type: 'text',
        max: 40,
        label: `Amount in ${claim.currency} (if the invoice is in another currency)`,
        placeholder: `e.g. 1180.00 ${claim.currency}`,
      };
    if (f === 'reach') return { ...base, type: 'text', max: 20, placeholder: 'A whole number' };
    if (f === 'currency') return { ...base, type: 'text', max: 3 };
    return { ...base, type: 'text' };
  });
}

export function documentFormCard(renderer: CardRenderer, m: DocumentFormModel): Card {
  const { claim, activity } = m;
  const chooseKind = !m.kind;
  const inputs = m.kind
    ? detailInputs({
        claim,
        activity,
        now: m.now,
        kind: m.kind,
        ...(m.values ? { values: m.values } : {}),
        ...(m.errors ? { errors: m.errors } : {}),
      })
    : [];
  const kindChoices = chooseKind
    ? DOCUMENT_KINDS.filter((k) => k !== 'poe' || (activity?.poe.length ?? 0) > 0).map((k): DocumentKindChoice => ({
        title: KIND_LABEL[k],
        data: { claimId: claim.id, version: claim.version, kind: k },
      }))
    : [];
  const title = m.staged
    ? `Finish ${userText(m.staged.fileName, 80)}`
    : m.replaces
      ? `Replace a document of ${claim.number}`
      : m.kind
        ? `${ADD_TITLE[m.kind]} to ${claim.number}`
        : `Add a document to ${claim.number}`;
  const subtitle = m.staged
    ? `For ${claim.number}: ${userText(m.staged.need, 200)}. Fill in its details and I'll add it.`
    : m.replaces
      ? `Replacing ${userText(describeDocument(m.replaces, activity), 200)} (${userText(m.replaces.name, 100)}). The old version stays in History.`
      : m.kind
        ? 'Fill in the details, then upload the file on the next step.'
        : `${activity?.name ?? claim.activityCode} · ${claim.programCode} ${claim.period.code}`;
  const submitData: DocumentFormCard['submitData'] = m.staged
    ? { stagedId: m.staged.id }
    : {
        claimId: claim.id,
        version: claim.version,
        kind: m.kind ?? '',
        ...(m.replaces ? { replaces: m.replaces.id } : {}),
      };
  return renderer.render('document-form', {
    banner: m.banner ?? '',
    bannerStyle: 'attention',
    title,
    subtitle,
    chooseKind,
    inputs,
    kindChoices,
    hint: m.kind && !m.staged ? 'Accepted files: PDF, PNG, JPEG, GIF, WebP, DOCX, XLSX, PPTX, CSV, TXT, ZIP.' : '',
    submitTitle: m.staged ? 'Add document' : 'Continue to upload',
    submitVerb: m.staged ? 'upload.finish' : 'document.add',
    submitData,
    claimId: m.staged ? '' : claim.id,
  });
}

// ---- Request upload ----------------------------------------------------------------------------

export type { RequestFormValues };

export function needChoices(activity: Activity | undefined): Choice[] {
  return [
    { title: 'An invoice', value: 'invoice' },
    { title: 'A CSR (in-house work)', value: 'csr' },
    ...(activity?.poe ?? []).map((p) => ({ title: `Proof: ${clip(p.label, 100)}`, value: `poe:${p.key}` })),
    { title: 'Another document', value: 'other' },
  ];
}

export function requestFormCard(
  renderer: CardRenderer,
  claim: Claim,
  activity: Activity | undefined,
  now: Date,
  values: RequestFormValues,
  errors: RequestFieldErrors = {},
  banner = '',
): Card {
  return renderer.render('request-form', {
    claimId: claim.id,
    version: claim.version,
    number: claim.number,
    subtitle: `${activity?.name ?? claim.activityCode}. Your colleague gets a card here and in a 1:1 chat with me, with an upload button.`,
    banner,
    values,
    errors: { assignee: '', need: '', text: '', due: '', ...errors },
    needs: needChoices(activity),
    today: isoDate(now.getTime()),
    deadline: claim.status === 'ActionRequired' && claim.dueDate ? claim.dueDate : claim.deadline,
  });
}

// ---- Request cards (thread, 1:1, reminders) and the upload-slot card ---------------------------------

const STATE_LABEL: Record<RequestState, string> = { open: 'Open', done: 'Done ✔', overdue: 'Overdue' };

export interface RequestCardModel {
  readonly request: UploadRequest;
  readonly claim: Claim;
  readonly activity: Activity | undefined;
  readonly state: RequestState;
  /** The signed upload link (only ever in a card for the person asked). */
  readonly uploadUrl?: string;
  readonly showLinkButton?: boolean;
  readonly banner?: string;
  readonly bannerStyle?: 'good' | 'attention' | 'warning' | 'accent' | 'emphasis';
  readonly hint?: string;
}

export function requestCard(renderer: CardRenderer, m: RequestCardModel): Card {
  const { request, claim, activity } = m;
  const need = describeNeed(request.need.kind, request.need.poeKey, activity);
  const assignee = userText(request.assignee.name, 100);
  const title =
    m.state === 'done' ? `Done: ${need} for ${claim.number}` : `${assignee}, please upload ${need} for ${claim.number}`;
  return renderer.render('upload-request', {
    banner: m.banner ?? '',
    bannerStyle: m.bannerStyle ?? 'emphasis',
    title,
    facts: [
      { title: 'Claim', value: `${claim.number} · ${activity?.name ?? claim.activityCode}` },
      { title: 'Asked by', value: userText(request.requester.name, 100) },
      { title: 'For', value: assignee },
      { title: 'Needed', value: cap(need) },
      { title: 'Due', value: `${request.due}${m.state === 'overdue' ? ' (overdue)' : ''}` },
      { title: 'Status', value: STATE_LABEL[m.state] },
      { title: 'Request', value: `#${request.code}` },
    ],
    text: request.text ? `“${userText(request.text, 500)}”` : '',
    hint: m.hint ?? '',
    uploadUrl: m.state === 'done' ? '' : (m.uploadUrl ?? ''),
    showLinkButton: m.state !== 'done' && !!m.showLinkButton,
    requestId: request.id,
    claimId: claim.id,
  });
}

/** After Add document: where to send the file. */
export function slotCard(
  renderer: CardRenderer,
  claim: Claim,
  activity: Activity | undefined,
  grant: UploadGrant,
  uploadUrl: string,
  expiresAt: Date,
  replaced?: ClaimDocument,
  banner: { readonly text: string; readonly style: 'good' | 'attention' } = {
    text: 'Details saved. Now upload the file.',
    style: 'good',
  },
): Card {
  const need =
    grant.need.kind === 'poe' ? describeNeed('poe', grant.need.poeKey, activity) : KIND_LABEL[grant.need.kind];
  return renderer.render('upload-request', {
    banner: banner.text,
    bannerStyle: banner.style,
    title: `Upload ${grant.need.kind === 'poe' ? 'the proof' : KIND_LABEL[grant.need.kind] === 'CSR (in-house work)' ? 'the CSR' : `the ${KIND_LABEL[grant.need.kind].toLowerCase()}`} for ${claim.number}`,
    facts: [
      { title: 'Claim', value: `${claim.number} · ${activity?.name ?? claim.activityCode}` },
      { title: 'Adding', value: cap(need) },
      ...(replaced
        ? [{ title: 'Replaces', value: `${userText(replaced.name, 100)} (the old version stays in History)` }]
        : []),
      { title: 'Link works until', value: formatWhen(expiresAt) },
    ],
    text: '',
    hint: 'Or send the file to me in a 1:1 chat — I will attach it to this claim. The link works once.',
    uploadUrl,
    showLinkButton: false,
    requestId: '',
    claimId: claim.id,
  });
}

// ---- Documents list ----------------------------------------------------------------------------------

export const DOCUMENTS_PAGE = 8;

export interface DocumentsModel {
  readonly claim: Claim;
  readonly activity: Activity | undefined;
  readonly documents: readonly ClaimDocument[];
  readonly page: number;
  /** Short-lived download links, by document id, for the documents on this page. */
  readonly links: ReadonlyMap<string, string>;
  readonly linkMinutes: number;
  readonly editable: boolean;
  readonly banner?: string;
  /** Opened from the review card: Back and the pages stay on the review side. Default: the claim card. */
  readonly side?: 'claim' | 'review';
}

export function documentsPage(
  documents: readonly ClaimDocument[],
  page: number,
): { items: readonly ClaimDocument[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(documents.length / DOCUMENTS_PAGE));
  const safe = Math.min(Math.max(0, page), pages - 1);
  const newestFirst = [...documents].reverse();
  return { items: newestFirst.slice(safe * DOCUMENTS_PAGE, (safe + 1) * DOCUMENTS_PAGE), page: safe, pages };
}

export function documentsCard(renderer: CardRenderer, m: DocumentsModel): Card {
  const { claim, activity } = m;
  const { items, page, pages } = documentsPage(m.documents, m.page);
  const side = m.side ?? 'claim';
  return renderer.render('documents', {
    claimId: claim.id,
    number: claim.number,
    back: side === 'review' ? 'review.refresh' : 'claim.refresh',
    side,
    banner: m.banner ?? '',
    bannerStyle: 'attention',
    subtitle: `${m.documents.length} current document${m.documents.length === 1 ? '' : 's'} · page ${page + 1} of ${pages}. Replaced and removed versions stay in History.`,
    page,
    pages,
    documents: items.map((d): DocumentRow => ({
      label: userText(describeDocument(d, activity), 300),
      meta: userText(
        `${d.name} · ${typeLabel(d.file?.ext)}${d.file ? `, ${formatBytes(d.file.size)}` : ''} · added by ${d.addedBy.name}, ${formatWhen(d.addedAt)}${d.replaces ? ' · replaces an earlier version' : ''} · kept until ${keepUntil(d, claim)}`,
        400,
      ),
      note: userText(d.note, 300),
      downloadUrl: m.links.get(d.id) ?? '',
      canReplace: m.editable,
      replaceData: { claimId: claim.id, version: claim.version, replaces: d.id },
      removeData: { claimId: claim.id, version: claim.version, documentId: d.id },
    })),
    footer:
      m.links.size > 0 ? `Download links work for ${m.linkMinutes} minutes; open Documents again for fresh ones.` : '',
  });
}

// ---- Claim card lines --------------------------------------------------------------------------------

const STATE_COLOR: Record<RequestState, TextColor> = { open: 'Accent', done: 'Good', overdue: 'Attention' };
export const MAX_REQUEST_LINES = 6;

/** The claim card's "Requested documents" block: newest first, open and overdue before done. */
export function requestLinesData(
  requests: readonly ClaimRequest[],
  claim: Claim,
  activity: Activity | undefined,
  now: Date,
): RequestLinesData {
  const all = [...requests]
    .reverse()
    .map((request) => ({ request, state: requestState(request, claim, now) }))
    .sort((a, b) => Number(a.state === 'done') - Number(b.state === 'done'));
  const shown = all.slice(0, MAX_REQUEST_LINES).map(({ request, state }): RequestLineRow => ({
    state: STATE_LABEL[state],
    color: STATE_COLOR[state],
    text: userText(
      `${cap(describeNeed(request.need.kind, request.need.poeKey, activity))} · ${request.assignee.name} · due ${request.due}`,
      200,
    ),
  }));
  const more = all.length - shown.length;
  return { requestLines: shown, requestMore: more > 0 ? `and ${more} more (see History)` : '' };
}
