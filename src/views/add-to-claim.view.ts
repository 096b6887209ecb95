import type { Activity } from '../domain/activities';
import { findActivity } from '../domain/activities';
import type { Claim, ClaimRow, DocumentKind } from '../domain/claim';
import { ADD_TITLE, DOCUMENT_KINDS, KIND_LABEL, type DetailsErrors, type DetailsInput } from '../domain/document';
import { STATUS_LABEL } from '../domain/status';
import { detailInputs } from './documents.view';
import { clip, userText } from './format';
import type { Choice, MessageSourceData } from './card-models';
import type { Card, CardRenderer } from './render-card';

/** The message "Add to claim" was used on, as the dialog shows it. */
export interface MessagePreview {
  /** Who wrote it ('' when Teams did not say). */
  readonly sender: string;
  readonly text: string;
  readonly files: ReadonlyArray<{ readonly key: string; readonly name: string; readonly inline: boolean }>;
}

export type DialogBanner = { readonly text: string; readonly style: 'attention' | 'warning' | 'good' };

function sourceData(preview: MessagePreview): MessageSourceData {
  const files = preview.files.map((f) => `${userText(f.name, 100)}${f.inline ? ' (image in the message)' : ''}`);
  return {
    from: preview.sender ? `Message from ${userText(preview.sender, 100)}` : 'The message',
    text: userText(preview.text, 300),
    files: `${files.length === 1 ? 'File' : 'Files'}: ${files.join(', ')}`,
  };
}

function fileChoices(preview: MessagePreview): Choice[] {
  return preview.files.map((f): Choice => ({
    title: `${clip(f.name, 100)}${f.inline ? ' (image in the message)' : ''}`,
    value: f.key,
  }));
}

export interface ChooseClaimModel {
  readonly preview: MessagePreview;
  /** The claims the person may add documents to, in the order to offer them. */
  readonly claims: readonly ClaimRow[];
  /** How many there are in all (more than `claims` when the list was cut). */
  readonly total: number;
  readonly values?: { readonly claimId?: string; readonly kind?: string };
  readonly banner?: DialogBanner;
}

/** Step 1 of Add to claim: which claim, and what the files are. */
export function chooseClaimCard(renderer: CardRenderer, m: ChooseClaimModel): Card {
  const first = m.claims[0];
  return renderer.render('add-to-claim', {
    banner: m.banner?.text ?? '',
    bannerStyle: m.banner?.style ?? 'attention',
    title: 'Add this message to a claim',
    subtitle:
      "Its files become documents of the claim, with the message's text as their note. Choose the claim and what the files are.",
    source: sourceData(m.preview),
    choose: true,
    claimValue: m.values?.claimId ?? (m.claims.length === 1 && first ? first.id : ''),
    claimChoices: m.claims.map((c): Choice => ({
      title: clip(
        `${c.number} · ${findActivity(c.activityCode)?.name ?? c.activityCode} · ${c.programCode} ${c.periodCode} · ${STATUS_LABEL[c.status]}`,
        160,
      ),
      value: c.id,
    })),
    more:
      m.total > m.claims.length
        ? `Showing the ${m.claims.length} newest of the ${m.total} claims you can add to. For another one, press Add document on its card.`
        : '',
    kindValue: m.values?.kind ?? '',
    kindChoices: DOCUMENT_KINDS.map((k): Choice => ({ title: KIND_LABEL[k], value: k })),
    inputs: [],
    filesValue: '',
    fileChoices: [],
    filesError: '',
    hint: '',
    submitTitle: 'Continue',
    submitData: { step: 'details' },
  });
}

export interface FileDetailsModel {
  readonly preview: MessagePreview;
  readonly claim: Claim;
  readonly activity: Activity | undefined;
  readonly now: Date;
  readonly kind: DocumentKind;
  readonly values?: DetailsInput;
  readonly errors?: DetailsErrors & { readonly files?: string };
  /** Keys of the files to add (all of them when unset). */
  readonly selected?: readonly string[];
  readonly banner?: DialogBanner;
}

/** Step 2 of Add to claim: the document form of that kind for that claim, and which files to add. */
export function fileDetailsCard(renderer: CardRenderer, m: FileDetailsModel): Card {
  const { claim, activity } = m;
  const keys = new Set(m.preview.files.map((f) => f.key));
  const selected = (m.selected ?? [...keys]).filter((k) => keys.has(k));
  return renderer.render('add-to-claim', {
    banner: m.banner?.text ?? '',
    bannerStyle: m.banner?.style ?? 'attention',
    title: `${ADD_TITLE[m.kind]} to ${claim.number}`,
    subtitle: `${activity?.name ?? claim.activityCode} · ${claim.programCode} ${claim.period.code}. Each file you choose becomes one document with these details; the message's text is its note.`,
    source: sourceData(m.preview),
    choose: false,
    claimValue: '',
    claimChoices: [],
    more: '',
    kindValue: '',
    kindChoices: [],
    inputs: detailInputs({
      claim,
      activity,
      now: m.now,
      kind: m.kind,
      ...(m.values ? { values: m.values } : {}),
      ...(m.errors ? { errors: m.errors } : {}),
    }),
    filesValue: selected.join(','),
    fileChoices: fileChoices(m.preview),
    filesError: m.errors?.files ?? '',
    hint: 'Accepted files: PDF, PNG, JPEG, GIF, WebP, DOCX, XLSX, PPTX, CSV, TXT, ZIP.',
    submitTitle: 'Add to claim',
    submitData: { step: 'add', claimId: claim.id, version: claim.version, kind: m.kind },
  });
}
