/**
 * The data each card template (cards/<name>.card.json) reads, one interface per template. The
 * renderer takes `CardData[N]` for template N, so a view that leaves out or misnames a field does
 * not compile; CARD_FIELDS lists what each template reads, and a unit test compares it with the
 * `${…}` expressions in the template, so a field renamed on either side fails a test.
 */
import type { DocumentKind } from '../domain/claim';
import type { ClaimField, NewClaimInput } from '../domain/claim.service';
import type { DetailsField } from '../domain/document';
import type { ClaimStatus } from '../domain/status';
import type { RequestField } from '../domain/upload-request.service';

export type CardName =
  | 'help'
  | 'notice'
  | 'new-claim'
  | 'claim'
  | 'history'
  | 'claims-list'
  | 'overview'
  | 'review'
  | 'link'
  | 'document-form'
  | 'add-to-claim'
  | 'request-form'
  | 'upload-request'
  | 'documents'
  | 'roles'
  | 'budget';

// ---- Values the templates put into Adaptive Card properties -----------------------------------------

/** A TextBlock's `color`. */
export type TextColor = 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';

/** A Container's `style`. */
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

/** An Input.ChoiceSet choice. */
export interface Choice {
  readonly title: string;
  readonly value: string;
}

/** A FactSet row. */
export interface Fact {
  readonly title: string;
  readonly value: string;
}

/** `data` of an Action.Execute or Action.Submit that sends nothing of its own. */
export type NoActionData = Readonly<Record<string, never>>;

/** The verbs that reopen a claim on its side: the partner's claim card or the reviewer's review card. */
export type ClaimSideVerb = 'claim.refresh' | 'review.refresh';

// ---- help, notice, link ---------------------------------------------------------------------------

export interface HelpCommandRow {
  readonly usage: string;
  readonly text: string;
}

export interface HelpCard {
  readonly commands: readonly HelpCommandRow[];
}

export interface NoticeCard {
  readonly title: string;
  readonly text: string;
  readonly color: TextColor;
  /** '' hides the reference line. */
  readonly ref: string;
}

export interface LinkCard {
  readonly title: string;
  readonly text: string;
  readonly button: string;
  readonly url: string;
}

// ---- new-claim (create and edit) ------------------------------------------------------------------

export interface NewClaimCard {
  readonly heading: string;
  readonly intro: string;
  readonly editing: boolean;
  readonly claimId: string;
  readonly banner: string;
  readonly noPrograms: boolean;
  readonly values: NewClaimInput;
  /** '' for a field without an error. */
  readonly errors: Readonly<Record<ClaimField, string>>;
  readonly programs: readonly Choice[];
  readonly activities: readonly Choice[];
  readonly locations: readonly Choice[];
  readonly periodChoices: readonly Choice[];
  readonly periodHint: string;
  readonly currencies: readonly Choice[];
  readonly submitTitle: string;
  readonly submitVerb: 'claim.create' | 'claim.edit';
  readonly submitData: NoActionData | { readonly claimId: string; readonly version: number };
}

// ---- claim and review cards -----------------------------------------------------------------------

/** The top of both the claim card and the review card: identity, status and banner. */
export interface ClaimHeaderData {
  readonly claimId: string;
  readonly version: number;
  readonly number: string;
  readonly activityName: string;
  readonly statusLabel: string;
  readonly statusColor: TextColor;
  readonly banner: string;
  readonly bannerItems: readonly string[];
  readonly bannerStyle: ContainerStyle;
}

export interface ChecklistRow {
  readonly mark: '✔' | '✖';
  readonly color: TextColor;
  readonly label: string;
  readonly detail: string;
}

export interface MetricInputRow {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly placeholder: string;
}

export interface RequestLineRow {
  readonly state: string;
  readonly color: TextColor;
  readonly text: string;
}

/** The claim card's "Requested documents" block. */
export interface RequestLinesData {
  readonly requestLines: readonly RequestLineRow[];
  /** '' when every request is shown. */
  readonly requestMore: string;
}

/** What the claim card's inputs show again (a stale card's unsaved text, or the saved value). */
export interface ClaimDrafts {
  readonly comment: string;
  readonly additionalInfo: string;
  readonly reason: string;
  readonly withdrawReason: string;
  readonly date: string;
  readonly reference: string;
}

export interface ClaimCard extends ClaimHeaderData, RequestLinesData {
  readonly facts: readonly Fact[];
  readonly description: string;
  readonly readinessTitle: string;
  readonly readinessColor: TextColor;
  readonly checklist: readonly ChecklistRow[];
  readonly metricFacts: readonly Fact[];
  readonly metricInputs: readonly MetricInputRow[];
  /** '' hides the block; the card shows additionalInfoPreview. */
  readonly additionalInfo: string;
  readonly additionalInfoPreview: string;
  readonly drafts: ClaimDrafts;
  readonly reviewLines: readonly string[];
  readonly canDispute: boolean;
  readonly canMarkPaid: boolean;
  readonly canEvidencePack: boolean;
  readonly editable: boolean;
  readonly footer: string;
}

export interface ReviewDocumentRow {
  readonly title: string;
  readonly note: string;
}

export interface PoeItemRow {
  readonly label: string;
  readonly verdictId: string;
  readonly commentId: string;
  readonly verdict: string;
  readonly comment: string;
  readonly current: string;
}

export interface ReviewDrafts {
  readonly message: string;
  readonly amount: string;
  readonly reason: string;
  readonly reasons: string;
  readonly takeOverReason: string;
  readonly comment: string;
}

export interface ReviewCard extends ClaimHeaderData {
  readonly facts: readonly Fact[];
  readonly description: string;
  readonly reviewLines: readonly string[];
  readonly checklist: readonly ChecklistRow[];
  readonly documents: readonly ReviewDocumentRow[];
  readonly metricFacts: readonly Fact[];
  readonly additionalInfo: string;
  readonly poeItems: readonly PoeItemRow[];
  readonly canPickUp: boolean;
  readonly canDecide: boolean;
  readonly canTakeOver: boolean;
  readonly canEvidencePack: boolean;
  readonly takeOverText: string;
  readonly currency: string;
  readonly drafts: ReviewDrafts;
  readonly footer: string;
}

// ---- history, lists, overview, budget, roles ------------------------------------------------------

export interface HistoryEntryRow {
  readonly who: string;
  readonly what: string;
  /** '' hides the line. */
  readonly detail: string;
  readonly when: string;
}

export interface HistoryCard {
  readonly claimId: string;
  readonly number: string;
  readonly subtitle: string;
  readonly page: number;
  readonly pages: number;
  readonly back: ClaimSideVerb;
  readonly side: 'claim' | 'review';
  readonly entries: readonly HistoryEntryRow[];
}

export interface ClaimListRow {
  readonly claimId: string;
  readonly number: string;
  readonly summary: string;
  readonly amount: string;
  readonly status: string;
  readonly statusColor: TextColor;
  readonly rowVerb: ClaimSideVerb;
}

/** What Previous and Next send (`claims.page`). */
export interface ClaimsPageData {
  readonly page: number;
  readonly status: ClaimStatus | '';
  readonly program: string;
  readonly period: string;
  readonly mine: boolean;
}

/** `data` of the review queue's Previous / Next (claims.page with `queue`). */
export interface QueuePageData {
  readonly page: number;
  readonly queue: true;
}

export interface ClaimsListCard {
  readonly title: string;
  readonly subtitle: string;
  readonly page: number;
  readonly pages: number;
  readonly prevData: ClaimsPageData | QueuePageData | NoActionData;
  readonly nextData: ClaimsPageData | QueuePageData | NoActionData;
  readonly emptyText: string;
  readonly rows: readonly ClaimListRow[];
}

export interface OverviewLineRow {
  readonly programCode: string;
  readonly periodCode: string;
  readonly statusSummary: string;
  readonly earned: string;
  readonly approved: string;
  readonly paid: string;
  readonly claimed: string;
  readonly remaining: string;
}

export interface OverviewTotalRow {
  readonly currency: string;
  readonly summary: string;
  readonly earned: string;
  readonly approved: string;
  readonly paid: string;
  readonly claimed: string;
  readonly remaining: string;
}

export interface OverviewCard {
  readonly subtitle: string;
  readonly lines: readonly OverviewLineRow[];
  readonly totals: readonly OverviewTotalRow[];
}

export interface BudgetCapRow {
  readonly name: string;
  readonly detail: string;
  readonly headroom: string;
  readonly color: TextColor;
}

export interface BudgetCard {
  readonly programCode: string;
  readonly periodCode: string;
  readonly subtitle: string;
  readonly facts: readonly Fact[];
  readonly caps: readonly BudgetCapRow[];
}

export interface RoleRow {
  readonly title: string;
  readonly people: string;
}

export interface RolesCard {
  readonly subtitle: string;
  readonly roles: readonly RoleRow[];
  readonly history: readonly string[];
}

// ---- documents: forms, requests, the list ---------------------------------------------------------

/** One input of a document's details (Add document and Add to claim render the same ones). */
export interface DetailInputRow {
  readonly id: DetailsField;
  readonly type: 'text' | 'date' | 'choice';
  readonly label: string;
  readonly value: string;
  /** '' for no error. */
  readonly error: string;
  readonly required: boolean;
  readonly placeholder: string;
  /** maxLength of a text input. */
  readonly max: number;
  readonly multiline: boolean;
  /** A date input's bounds ('' for none). */
  readonly min: string;
  readonly maxDate: string;
  /** A choice input's choices (empty for the others). */
  readonly choices: readonly Choice[];
}

export interface DocumentKindChoice {
  readonly title: string;
  readonly data: { readonly claimId: string; readonly version: number; readonly kind: DocumentKind };
}

export interface DocumentFormCard {
  readonly banner: string;
  readonly bannerStyle: ContainerStyle;
  readonly title: string;
  readonly subtitle: string;
  readonly chooseKind: boolean;
  readonly inputs: readonly DetailInputRow[];
  readonly kindChoices: readonly DocumentKindChoice[];
  readonly hint: string;
  readonly submitTitle: string;
  readonly submitVerb: 'upload.finish' | 'document.add';
  readonly submitData:
    | { readonly stagedId: string }
    | {
        readonly claimId: string;
        readonly version: number;
        readonly kind: DocumentKind | '';
        readonly replaces?: string;
      };
  /** '' hides Back to claim. */
  readonly claimId: string;
}

/** The Add to claim dialog's view of the message it was used on. */
export interface MessageSourceData {
  readonly from: string;
  readonly text: string;
  readonly files: string;
}

export interface AddToClaimCard {
  readonly banner: string;
  readonly bannerStyle: ContainerStyle;
  readonly title: string;
  readonly subtitle: string;
  readonly source: MessageSourceData;
  /** Step 1 (choose the claim and the kind) rather than step 2 (details and files). */
  readonly choose: boolean;
  readonly claimValue: string;
  readonly claimChoices: readonly Choice[];
  readonly more: string;
  readonly kindValue: string;
  readonly kindChoices: readonly Choice[];
  readonly inputs: readonly DetailInputRow[];
  /** Comma-separated keys of the chosen files. */
  readonly filesValue: string;
  readonly fileChoices: readonly Choice[];
  readonly filesError: string;
  readonly hint: string;
  readonly submitTitle: string;
  readonly submitData:
    | { readonly step: 'details' }
    | { readonly step: 'add'; readonly claimId: string; readonly version: number; readonly kind: DocumentKind };
}

export interface RequestFormValues {
  readonly assignee: string;
  readonly need: string;
  readonly text: string;
  readonly due: string;
}

export interface RequestFormCard {
  readonly claimId: string;
  readonly version: number;
  readonly number: string;
  readonly subtitle: string;
  readonly banner: string;
  readonly values: RequestFormValues;
  readonly errors: Readonly<Record<RequestField, string>>;
  readonly needs: readonly Choice[];
  /** The due date's bounds. */
  readonly today: string;
  readonly deadline: string;
}

/** A colleague's upload request, and the slot card after Add document. */
export interface UploadRequestCard {
  readonly banner: string;
  readonly bannerStyle: ContainerStyle;
  readonly title: string;
  readonly facts: readonly Fact[];
  readonly text: string;
  readonly hint: string;
  /** '' hides the Upload file button. */
  readonly uploadUrl: string;
  readonly showLinkButton: boolean;
  readonly requestId: string;
  readonly claimId: string;
}

export interface DocumentRow {
  readonly label: string;
  readonly meta: string;
  readonly note: string;
  /** '' hides Download. */
  readonly downloadUrl: string;
  readonly canReplace: boolean;
  readonly replaceData: { readonly claimId: string; readonly version: number; readonly replaces: string };
  readonly removeData: { readonly claimId: string; readonly version: number; readonly documentId: string };
}

export interface DocumentsCard {
  readonly claimId: string;
  readonly number: string;
  /** The card it was opened from, which Back returns to (and the side its pages keep). */
  readonly back: ClaimSideVerb;
  readonly side: 'claim' | 'review';
  readonly banner: string;
  readonly bannerStyle: ContainerStyle;
  readonly subtitle: string;
  readonly page: number;
  readonly pages: number;
  readonly documents: readonly DocumentRow[];
  readonly footer: string;
}

// ---- The map the renderer takes ------------------------------------------------------------------

export interface CardData {
  readonly help: HelpCard;
  readonly notice: NoticeCard;
  readonly 'new-claim': NewClaimCard;
  readonly claim: ClaimCard;
  readonly history: HistoryCard;
  readonly 'claims-list': ClaimsListCard;
  readonly overview: OverviewCard;
  readonly review: ReviewCard;
  readonly link: LinkCard;
  readonly 'document-form': DocumentFormCard;
  readonly 'add-to-claim': AddToClaimCard;
  readonly 'request-form': RequestFormCard;
  readonly 'upload-request': UploadRequestCard;
  readonly documents: DocumentsCard;
  readonly roles: RolesCard;
  readonly budget: BudgetCard;
}

/**
 * How a template reads a value of type T: `true` when it uses the value whole (shows it, tests it
 * in `$when`, or sends it as an action's `data`), an object of the same keys when it reads the
 * fields one by one, and `[fields of a row]` when it repeats an element per row (`$data`). The
 * mapped type makes TypeScript insist on every key of the model, and on no other.
 */
export type TemplateFields<T> = T extends readonly (infer Row)[]
  ? Row extends object
    ? true | readonly [FieldsOf<Row>]
    : true
  : T extends object
    ? true | FieldsOf<T>
    : true;

/** Every field of T, each as its template reads it. */
export type FieldsOf<T> = { readonly [K in keyof T]-?: TemplateFields<T[K]> };

const FACT: TemplateFields<readonly Fact[]> = [{ title: true, value: true }];
const CHOICES: TemplateFields<readonly Choice[]> = [{ title: true, value: true }];
const CLAIM_HEADER: FieldsOf<ClaimHeaderData> = {
  claimId: true,
  version: true,
  number: true,
  activityName: true,
  statusLabel: true,
  statusColor: true,
  banner: true,
  bannerItems: true,
  bannerStyle: true,
};
const CHECKLIST: TemplateFields<readonly ChecklistRow[]> = [{ mark: true, color: true, label: true, detail: true }];
const DETAIL_INPUTS: TemplateFields<readonly DetailInputRow[]> = [
  {
    id: true,
    type: true,
    label: true,
    value: true,
    error: true,
    required: true,
    placeholder: true,
    max: true,
    multiline: true,
    min: true,
    maxDate: true,
    choices: CHOICES,
  },
];

/** What each template reads of its data: every field of its model (test/unit/card-models.test.ts checks it against cards/). */
export const CARD_FIELDS: { readonly [N in CardName]: FieldsOf<CardData[N]> } = {
  help: { commands: [{ usage: true, text: true }] },
  notice: { title: true, text: true, color: true, ref: true },
  link: { title: true, text: true, button: true, url: true },
  'new-claim': {
    heading: true,
    intro: true,
    editing: true,
    claimId: true,
    banner: true,
    noPrograms: true,
    values: {
      program: true,
      activity: true,
      location: true,
      period: true,
      amount: true,
      currency: true,
      description: true,
    },
    errors: {
      program: true,
      activity: true,
      location: true,
      period: true,
      amount: true,
      currency: true,
      description: true,
    },
    programs: CHOICES,
    activities: CHOICES,
    locations: CHOICES,
    periodChoices: CHOICES,
    periodHint: true,
    currencies: CHOICES,
    submitTitle: true,
    submitVerb: true,
    submitData: true,
  },
  claim: {
    ...CLAIM_HEADER,
    facts: FACT,
    description: true,
    readinessTitle: true,
    readinessColor: true,
    checklist: CHECKLIST,
    metricFacts: FACT,
    metricInputs: [{ id: true, label: true, value: true, placeholder: true }],
    additionalInfo: true,
    additionalInfoPreview: true,
    drafts: { comment: true, additionalInfo: true, reason: true, withdrawReason: true, date: true, reference: true },
    reviewLines: true,
    canDispute: true,
    canMarkPaid: true,
    canEvidencePack: true,
    editable: true,
    requestLines: [{ state: true, color: true, text: true }],
    requestMore: true,
    footer: true,
  },
  review: {
    ...CLAIM_HEADER,
    facts: FACT,
    description: true,
    reviewLines: true,
    checklist: CHECKLIST,
    documents: [{ title: true, note: true }],
    metricFacts: FACT,
    additionalInfo: true,
    poeItems: [{ label: true, verdictId: true, commentId: true, verdict: true, comment: true, current: true }],
    canPickUp: true,
    canDecide: true,
    canTakeOver: true,
    canEvidencePack: true,
    takeOverText: true,
    currency: true,
    drafts: { message: true, amount: true, reason: true, reasons: true, takeOverReason: true, comment: true },
    footer: true,
  },
  history: {
    claimId: true,
    number: true,
    subtitle: true,
    page: true,
    pages: true,
    back: true,
    side: true,
    entries: [{ who: true, what: true, detail: true, when: true }],
  },
  'claims-list': {
    title: true,
    subtitle: true,
    page: true,
    pages: true,
    prevData: true,
    nextData: true,
    emptyText: true,
    rows: [
      { claimId: true, number: true, summary: true, amount: true, status: true, statusColor: true, rowVerb: true },
    ],
  },
  overview: {
    subtitle: true,
    lines: [
      {
        programCode: true,
        periodCode: true,
        statusSummary: true,
        earned: true,
        approved: true,
        paid: true,
        claimed: true,
        remaining: true,
      },
    ],
    totals: [
      { currency: true, summary: true, earned: true, approved: true, paid: true, claimed: true, remaining: true },
    ],
  },
  budget: {
    programCode: true,
    periodCode: true,
    subtitle: true,
    facts: FACT,
    caps: [{ name: true, detail: true, headroom: true, color: true }],
  },
  roles: { subtitle: true, roles: [{ title: true, people: true }], history: true },
  'document-form': {
    banner: true,
    bannerStyle: true,
    title: true,
    subtitle: true,
    chooseKind: true,
    inputs: DETAIL_INPUTS,
    kindChoices: [{ title: true, data: true }],
    hint: true,
    submitTitle: true,
    submitVerb: true,
    submitData: true,
    claimId: true,
  },
  'add-to-claim': {
    banner: true,
    bannerStyle: true,
    title: true,
    subtitle: true,
    source: { from: true, text: true, files: true },
    choose: true,
    claimValue: true,
    claimChoices: CHOICES,
    more: true,
    kindValue: true,
    kindChoices: CHOICES,
    inputs: DETAIL_INPUTS,
    filesValue: true,
    fileChoices: CHOICES,
    filesError: true,
    hint: true,
    submitTitle: true,
    submitData: true,
  },
  'request-form': {
    claimId: true,
    version: true,
    number: true,
    subtitle: true,
    banner: true,
    values: { assignee: true, need: true, text: true, due: true },
    errors: { assignee: true, need: true, text: true, due: true },
    needs: CHOICES,
    today: true,
    deadline: true,
  },
  'upload-request': {
    banner: true,
    bannerStyle: true,
    title: true,
    facts: FACT,
    text: true,
    hint: true,
    uploadUrl: true,
    showLinkButton: true,
    requestId: true,
    claimId: true,
  },
  documents: {
    claimId: true,
    number: true,
    back: true,
    side: true,
    banner: true,
    bannerStyle: true,
    subtitle: true,
    page: true,
    pages: true,
    documents: [
      {
        label: true,
        meta: true,
        note: true,
        downloadUrl: true,
        canReplace: true,
        replaceData: true,
        removeData: true,
      },
    ],
    footer: true,
  },
};
