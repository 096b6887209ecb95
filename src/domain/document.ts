/**
 * Supporting documents (domain.md "What a co-op claim is"): invoices, CSRs, proof of execution and
 * other material, each with the fields its kind needs and an explanatory note. Pure rules.
 */
import { safe } from './text';
import { findActivity, type Activity } from './activities';
import type { Claim, ClaimDocument, DocumentDetails, DocumentKind } from './claim';
import { formatMoney, isCurrency, minorDigits, parseAmount, parseCount } from './money';
import { isoDate, isValidDate } from './period';
import { charLength } from './text-length';

export const DOCUMENT_KINDS: readonly DocumentKind[] = ['invoice', 'csr', 'poe', 'other'];

export const KIND_LABEL: Record<DocumentKind, string> = {
  invoice: 'Invoice',
  csr: 'CSR (in-house work)',
  poe: 'Proof of execution',
  other: 'Other document',
};

/** How the Add document form is titled for each kind (people's words: "Add CSR (in-house work)"). */
export const ADD_TITLE: Record<DocumentKind, string> = {
  invoice: 'Add an invoice',
  csr: 'Add CSR (in-house work)',
  poe: 'Add proof of execution',
  other: 'Add another document',
};

export const MAX_NOTE = 2000;

/** A document row: the claim's document (kept as an alias for the upload code's vocabulary). */
export type DocumentRecord = ClaimDocument;

/** Form input as it arrives from a card or the upload page: strings, all optional. */
export interface DetailsInput {
  readonly kind?: string;
  readonly poeKey?: string;
  readonly vendor?: string;
  readonly invoiceNumber?: string;
  readonly invoiceDate?: string;
  readonly amount?: string;
  readonly currency?: string;
  /** The amount in the claim's (program's) currency, for an invoice in another currency. */
  readonly convertedAmount?: string;
  readonly performedBy?: string;
  readonly basis?: string;
  readonly executionDate?: string;
  readonly reach?: string;
  readonly preApprovalId?: string;
  readonly title?: string;
  readonly note?: string;
}

export type DetailsField = Exclude<keyof DetailsInput, 'kind'> | 'kind';
export type DetailsErrors = Partial<Record<DetailsField, string>>;

/** A validated document description, ready to be attached to a file. */
export interface DocumentSpec {
  readonly kind: DocumentKind;
  readonly poeKey?: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly convertedMinor?: number;
  readonly details: DocumentDetails;
  readonly note: string;
}

export type SpecResult =
  { readonly ok: true; readonly spec: DocumentSpec } | { readonly ok: false; readonly errors: DetailsErrors };

/** Which fields each kind asks for, in form order. */
export function fieldsFor(kind: DocumentKind, activity: Activity | undefined): readonly DetailsField[] {
  switch (kind) {
    case 'invoice':
      return ['vendor', 'invoiceNumber', 'invoiceDate', 'amount', 'currency', 'convertedAmount'];
    case 'csr':
      return ['performedBy', 'basis', 'amount'];
    case 'poe':
      return [
        'poeKey',
        'executionDate',
        'amount',
        ...(asksForReach(activity) ? (['reach'] as const) : []),
        'preApprovalId',
      ];
    case 'other':
      return ['title'];
  }
}

/** domain.md: a PoE item carries estimated impressions / reach "where the activity asks for it". */
export function asksForReach(activity: Activity | undefined): boolean {
  return activity?.metrics.some((m) => m.key === 'estimatedReach') ?? false;
}

export function isDocumentKind(value: string | undefined): value is DocumentKind {
  return DOCUMENT_KINDS.includes(value as DocumentKind);
}

const clean = (value: string | undefined) => (value ?? '').replace(/\s+/g, ' ').trim();

/**
 * Checks the fields of one document against its kind and the claim: every bad field gets its own
 * message. `now` bounds dates in the future (an invoice cannot be dated tomorrow).
 */
export function validateDetails(claim: Claim, input: DetailsInput, now: Date): SpecResult {
  const errors: DetailsErrors = {};
  const kind = clean(input.kind);
  if (!isDocumentKind(kind))
    return {
      ok: false,
      errors: { kind: 'Choose what kind of document this is: invoice, CSR, proof of execution or other.' },
    };
  const activity = findActivity(claim.activityCode);
  const today = isoDate(now.getTime());
  const note = (input.note ?? '').trim();
  if (charLength(note) > MAX_NOTE) errors.note = `The note can be at most ${MAX_NOTE} characters.`;
  const text = (field: DetailsField, label: string, max: number, required = true): string => {
    const value = clean(input[field as keyof DetailsInput]);
    if (!value && required) errors[field] = `Enter ${label}.`;
    else if (charLength(value) > max) errors[field] = `${capitalise(label)}: at most ${max} characters.`;
    return value;
  };
  const amount = (currency: string, allowZero: boolean): number => {
    const raw = clean(input.amount);
    if (!raw) {
      errors.amount = 'Enter the amount.';
      return 0;
    }
    if (!isCurrency(currency)) return 0; // the currency's own message says what to fix
    const minor = parseAmount(raw, currency);
    if (minor === undefined) errors.amount = 'Enter an amount such as 1250.00 (digits, at most 2 decimals).';
    else if (minor === 0 && !allowZero) errors.amount = 'The amount must be more than zero.';
    return minor ?? 0;
  };
  const date = (field: 'invoiceDate' | 'executionDate', label: string): string => {
    const value = clean(input[field]);
    if (!value) errors[field] = `Enter ${label} (YYYY-MM-DD).`;
    else if (!isValidDate(value))
      errors[field] = `${capitalise(label)}: ${safe`"${value.slice(0, 20)}"`} is not a date; use YYYY-MM-DD.`;
    else if (value > today) errors[field] = `${capitalise(label)} can't be in the future.`;
    return value;
  };

  let spec: DocumentSpec | undefined;
  switch (kind) {
    case 'invoice': {
      const vendor = text('vendor', 'the vendor', 200);
      const invoiceNumber = text('invoiceNumber', 'the invoice number', 100);
      const invoiceDate = date('invoiceDate', 'the invoice date');
      const currency = clean(input.currency).toUpperCase() || claim.currency;
      if (!isCurrency(currency)) errors.currency = 'Choose a currency (ISO code such as USD).';
      const amountMinor = amount(currency, false);
      // domain.md, Decisions: a document in another currency states its amount in the program's too.
      let convertedMinor: number | undefined;
      if (isCurrency(currency) && currency !== claim.currency) {
        const raw = clean(input.convertedAmount);
        if (!raw)
          errors.convertedAmount = `The invoice is in ${currency}: enter its amount in ${claim.currency} as well.`;
        else {
          convertedMinor = parseAmount(raw, claim.currency);
          if (convertedMinor === undefined)
            errors.convertedAmount = `Enter the ${claim.currency} amount such as 1250.00.`;
          else if (convertedMinor === 0)
            errors.convertedAmount = `The ${claim.currency} amount must be more than zero.`;
        }
      }
      spec = {
        kind,
        amountMinor,
        currency,
        ...(convertedMinor === undefined ? {} : { convertedMinor }),
        details: { vendor, invoiceNumber, invoiceDate },
        note,
      };
      break;
    }
    case 'csr': {
      const performedBy = text('performedBy', 'who did the work', 200);
      const basis = text('basis', 'the basis (hours × rate, or cost)', 500);
      const amountMinor = amount(claim.currency, false);
      spec = { kind, amountMinor, currency: claim.currency, details: { performedBy, basis }, note };
      break;
    }
    case 'poe': {
      const poeKey = clean(input.poeKey);
      const item = activity?.poe.find((p) => p.key === poeKey);
      if (!poeKey) errors.poeKey = 'Choose which required proof this document is.';
      else if (!item)
        errors.poeKey = `${activity?.name ?? 'This activity'} does not ask for that proof; choose one from the list.`;
      const executionDate = date('executionDate', 'the execution date');
      if (
        executionDate &&
        !errors.executionDate &&
        (executionDate < claim.period.start || executionDate > claim.period.end)
      ) {
        errors.executionDate = `The execution date must be inside the activity dates (${claim.period.start} – ${claim.period.end}).`;
      }
      const amountMinor = amount(claim.currency, true);
      let reach: number | undefined;
      if (asksForReach(activity)) {
        const raw = clean(input.reach);
        const count = parseCount(raw);
        if (!raw.trim()) errors.reach = 'Enter the estimated impressions / reach.';
        else if (count === undefined) errors.reach = 'Estimated reach: enter a whole number.';
        else reach = count;
      }
      const preApprovalId = text('preApprovalId', 'the pre-approval id', 100, false);
      spec = {
        kind,
        poeKey,
        amountMinor,
        currency: claim.currency,
        details: {
          executionDate,
          ...(reach === undefined ? {} : { reach }),
          ...(preApprovalId ? { preApprovalId } : {}),
        },
        note,
      };
      break;
    }
    case 'other': {
      const title = text('title', 'a short title', 200, false);
      spec = { kind, amountMinor: 0, currency: claim.currency, details: title ? { title } : {}, note };
      break;
    }
  }
  if (Object.keys(errors).length > 0 || !spec) return { ok: false, errors };
  return { ok: true, spec };
}

/** The form values that describe an existing document (to prefill a replacement). */
export function inputOf(doc: DocumentRecord, claimCurrency: string): DetailsInput {
  const plain = (minor: number, currency: string) =>
    (minor / 10 ** minorDigits(currency)).toFixed(minorDigits(currency));
  const d = doc.details ?? {};
  const digits = minorDigits(doc.currency);
  return {
    kind: doc.kind,
    poeKey: doc.poeKey,
    vendor: d.vendor,
    invoiceNumber: d.invoiceNumber,
    invoiceDate: d.invoiceDate,
    amount: (doc.amountMinor / 10 ** digits).toFixed(digits),
    currency: doc.currency,
    ...(doc.convertedMinor === undefined ? {} : { convertedAmount: plain(doc.convertedMinor, claimCurrency) }),
    performedBy: d.performedBy,
    basis: d.basis,
    executionDate: d.executionDate,
    reach: d.reach === undefined ? undefined : String(d.reach),
    preApprovalId: d.preApprovalId,
    title: d.title,
    note: doc.note,
  };
}

/** One line naming a document for people: "Invoice 4411 · PrintCo · USD 1,200.50". */
export function describeDocument(doc: DocumentRecord, activity?: Activity): string {
  const d = doc.details ?? {};
  const money = doc.amountMinor > 0 ? ` · ${formatMoney(doc.amountMinor, doc.currency)}` : '';
  switch (doc.kind) {
    case 'invoice':
      return `Invoice ${d.invoiceNumber ?? ''} · ${d.vendor ?? ''}${money}`.replace(/\s+·\s+·/g, ' ·');
    case 'csr':
      return `CSR · ${d.performedBy ?? ''}${money}`;
    case 'poe': {
      const item = activity?.poe.find((p) => p.key === doc.poeKey)?.label ?? doc.poeKey ?? '';
      return `Proof: ${item}${d.executionDate ? ` · ${d.executionDate}` : ''}${money}`;
    }
    case 'other':
      return d.title ? `Other: ${d.title}` : 'Other document';
  }
}

/** What a request or slot asks for, in words: "an invoice", "proof: Copy of the final ad". */
export function describeNeed(kind: DocumentKind, poeKey: string | undefined, activity: Activity | undefined): string {
  switch (kind) {
    case 'invoice':
      return 'an invoice';
    case 'csr':
      return 'a CSR for in-house work';
    case 'poe':
      return `proof of execution: ${activity?.poe.find((p) => p.key === poeKey)?.label ?? poeKey ?? 'an item'}`;
    case 'other':
      return 'a document';
  }
}

function capitalise(text: string): string {
  const t = text.replace(/^(the|a|an|who) /, (m) => (m === 'who ' ? m : ''));
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** domain.md: original PoE documents are kept for 24 months from the activity date. */
export const RETENTION_MONTHS = 24;

/**
 * The last day (UTC, YYYY-MM-DD) a document's file must be kept: 24 months after the activity
 * date — the document's own execution date when it is later than the usage period's end, else the
 * period's end (the activity took place within the period, so this never keeps a file too short).
 */
export function keepUntil(doc: Pick<ClaimDocument, 'details'>, claim: Pick<Claim, 'period'>): string {
  const executed = doc.details?.executionDate ?? '';
  const activityDate = executed > claim.period.end ? executed : claim.period.end;
  const [y, m, d] = activityDate.split('-').map(Number) as [number, number, number];
  const month = m - 1 + RETENTION_MONTHS;
  const year = y + Math.floor(month / 12);
  const monthIndex = month % 12;
  // 29 February + 24 months is 29 February again; a day past the month's end becomes its last day.
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, monthIndex, Math.min(d, lastDay))).toISOString().slice(0, 10);
}
