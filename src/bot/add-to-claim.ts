/**
 * "Add to claim" on any message (a Teams message action): the dialog asks which claim and what the
 * files are (step 1), then the document form of that kind for that claim (step 2); its submit
 * files the message's attachments and inline images as documents, with the message's text as
 * their note and the message as their source (DocumentService.fileFromMessage). Every step re-reads
 * the claim and the message from what Teams sends; the dialog's data is a request, never the truth.
 */
import type { MessagingExtensionActionResponse } from 'botbuilder';
import { z } from 'zod';
import { requirePartner } from '../domain/access';
import type { ActorContext } from '../domain/actor';
import { findActivity } from '../domain/activities';
import type { ClaimRow, MessageSource } from '../domain/claim';
import { notEditable } from '../domain/claim.service';
import { describeDocument, type DetailsInput } from '../domain/document';
import type { FiledFromMessage, MessageFieldErrors, MessageFile } from '../domain/document.service';
import {
  ClaimChangedError,
  DomainError,
  FileOutOfReachError,
  InvalidInputError,
  UploadRejectedError,
} from '../domain/errors';
import { EDITABLE, isEditable } from '../domain/status';
import { chooseClaimCard, fileDetailsCard, type DialogBanner, type MessagePreview } from '../views/add-to-claim.view';
import { slotCard } from '../views/documents.view';
import { noticeCard } from '../views/forms.view';
import { userText } from '../views/format';
import { DetailsData, detailsOf, documentKind } from './document-schemas';
import { defineMessageAction, dialogCard, dialogNotice, type MessageActionInfo } from './message-action';
import { messageFiles, messageSource, messageText, type MessageActionValue, type PayloadFile } from './message-payload';
import { claimId, version } from './schemas';
import type { BotDeps, Turn } from './turn';
import { documentLanded } from './upload-notifier';

export const ADD_TO_CLAIM: MessageActionInfo = {
  commandId: 'addToClaim',
  title: 'Add to claim',
  description: "Add this message's files and images to a co-op claim as documents, with its text as their note.",
};

const DIALOG_TITLE = 'Add to claim';
/** Claims offered in step 1 (newest first, this conversation's first). */
export const CLAIMS_SHOWN = 50;

const NO_MESSAGE_TEXT =
  "Use Add to claim on a message: open the message's … menu, then More actions → Add to claim. Nothing was changed.";
const NO_FILE_TEXT =
  'This message has no file or image I can add to a claim (images from other websites and emoji are not files). Nothing was changed.';
const NO_CLAIM_TEXT =
  'There is no claim you can add documents to: only claims being edited or waiting for information take documents. Start one with **new claim**.';

const DetailsStep = z.object({ claimId, kind: documentKind });
const AddStep = z
  .object({ claimId, version, kind: documentKind, files: z.string().max(400).default('') })
  .extend(DetailsData.shape);

type Deps = Pick<
  BotDeps,
  'claims' | 'documents' | 'downloads' | 'cards' | 'clock' | 'messenger' | 'review' | 'requests' | 'settings'
>;

interface Message {
  readonly files: readonly PayloadFile[];
  readonly source: MessageSource;
  readonly preview: MessagePreview;
}

export const addToClaim = (d: Deps) =>
  defineMessageAction({
    ...ADD_TO_CLAIM,
    fetch: (turn, value) => start(d, turn, value),
    async submit(turn, value) {
      const step = value.data?.step;
      if (step === 'details') return details(d, turn, value);
      if (step === 'add') return add(d, turn, value);
      return start(d, turn, value);
    },
  });

type Prepared =
  { readonly refusal: MessagingExtensionActionResponse } | { readonly actor: ActorContext; readonly message: Message };

/** Refusals every step makes the same way: a colleague (as on the claim card), no message, no file. */
async function prepare(d: Deps, turn: Turn, value: MessageActionValue): Promise<Prepared> {
  const actor = await turn.actor();
  requirePartner(actor, 'add documents');
  const message = readMessage(d, turn, value);
  if (!message) return { refusal: dialogNotice(d.cards, NO_MESSAGE_TEXT, DIALOG_TITLE) };
  if (message.files.length === 0) return { refusal: dialogNotice(d.cards, NO_FILE_TEXT, DIALOG_TITLE) };
  return { actor, message };
}

function readMessage(d: Deps, turn: Turn, value: MessageActionValue): Message | undefined {
  const payload = value.messagePayload;
  if (!payload) return undefined;
  const files = messageFiles(payload, (url) => d.downloads.allows(url));
  const source = messageSource(payload, turn.conversationId);
  return {
    files,
    source,
    preview: {
      sender: source.sender?.name ?? '',
      text: messageText(payload),
      files: files.map((f) => ({ key: f.key, name: f.name, inline: f.origin === 'inline' })),
    },
  };
}

/** Step 1: which claim, and what the files are. */
async function start(
  d: Deps,
  turn: Turn,
  value: MessageActionValue,
  banner?: DialogBanner,
): Promise<MessagingExtensionActionResponse> {
  const ready = await prepare(d, turn, value);
  if ('refusal' in ready) return ready.refusal;
  const { claims, total } = await editableClaims(d, ready.actor, turn);
  if (claims.length === 0) return dialogNotice(d.cards, NO_CLAIM_TEXT, DIALOG_TITLE);
  const values = z
    .object({ claimId: z.string().max(64).optional(), kind: z.string().max(20).optional() })
    .safeParse(value.data ?? {});
  return dialogCard(
    chooseClaimCard(d.cards, {
      preview: ready.message.preview,
      claims,
      total,
      ...(values.success ? { values: values.data } : {}),
      ...(banner ? { banner } : {}),
    }),
    DIALOG_TITLE,
  );
}

/** The claims the person may add documents to: editable ones, this conversation's first, then their own. */
async function editableClaims(
  d: Deps,
  actor: ActorContext,
  turn: Turn,
): Promise<{ claims: ClaimRow[]; total: number }> {
  const pages = await Promise.all(
    EDITABLE.map((status) => d.claims.list(actor, { status }, turn.conversationId, 0, CLAIMS_SHOWN)),
  );
  const rank = (c: ClaimRow) =>
    c.homeConversationId === turn.conversationId ? 0 : c.createdById === actor.person.id ? 1 : 2;
  // Within a rank, newest first: claim numbers grow with time.
  const claims = pages
    .flatMap((p) => p.items)
    .sort((a, b) => rank(a) - rank(b) || b.number.localeCompare(a.number))
    .slice(0, CLAIMS_SHOWN);
  return { claims, total: pages.reduce((n, p) => n + p.total, 0) };
}

/** Step 2: the document form of that kind for that claim, the message's text as the note. */
async function details(d: Deps, turn: Turn, value: MessageActionValue): Promise<MessagingExtensionActionResponse> {
  const ready = await prepare(d, turn, value);
  if ('refusal' in ready) return ready.refusal;
  const parsed = DetailsStep.safeParse(value.data);
  if (!parsed.success)
    return start(d, turn, value, { text: 'Choose a claim and what the files are.', style: 'attention' });
  const picture = await d.claims.load(ready.actor, parsed.data.claimId);
  const { claim, activity } = picture;
  if (!isEditable(claim.status)) throw notEditable(claim.status);
  if (parsed.data.kind === 'poe' && (activity?.poe.length ?? 0) === 0)
    return start(d, turn, value, {
      text: `${activity?.name ?? 'This activity'} asks for no proof-of-execution items: choose another kind.`,
      style: 'attention',
    });
  return dialogCard(
    fileDetailsCard(d.cards, {
      preview: ready.message.preview,
      claim,
      activity,
      now: d.clock.now(),
      kind: parsed.data.kind,
      values: { note: ready.message.preview.text, currency: claim.currency },
    }),
    DIALOG_TITLE,
  );
}

/** Step 2 sent: the chosen files become documents, or the form says what to fix (nothing was added). */
async function add(d: Deps, turn: Turn, value: MessageActionValue): Promise<MessagingExtensionActionResponse> {
  const ready = await prepare(d, turn, value);
  if ('refusal' in ready) return ready.refusal;
  const { actor, message } = ready;
  const parsed = AddStep.safeParse(value.data);
  if (!parsed.success) {
    turn.log.warn(
      { issues: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), code: i.code })) },
      'malformed Add to claim data',
    );
    return dialogNotice(
      d.cards,
      'This dialog sent data I cannot use. Nothing was changed — start Add to claim again.',
      DIALOG_TITLE,
    );
  }
  const data = parsed.data;
  const input: DetailsInput = { ...detailsOf(data), kind: data.kind };
  const selected = data.files
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const chosen = message.files.filter((f) => selected.includes(f.key));
  const form = async (banner: DialogBanner, errors?: MessageFieldErrors) => {
    const { claim, activity } = await d.claims.load(actor, data.claimId);
    if (!isEditable(claim.status)) throw notEditable(claim.status);
    return dialogCard(
      fileDetailsCard(d.cards, {
        preview: message.preview,
        claim,
        activity,
        now: d.clock.now(),
        kind: data.kind,
        values: input,
        selected,
        banner,
        ...(errors ? { errors } : {}),
      }),
      DIALOG_TITLE,
    );
  };

  let filed: FiledFromMessage;
  try {
    filed = await d.documents.fileFromMessage(
      actor,
      data.claimId,
      data.version,
      input,
      chosen.map((f) => messageFile(d, turn, f)),
      message.source,
    );
  } catch (err) {
    if (err instanceof InvalidInputError)
      return form(
        { text: 'Some fields need attention — nothing was saved yet.', style: 'attention' },
        err.fields as MessageFieldErrors,
      );
    if (err instanceof ClaimChangedError)
      return form({
        text: 'This claim changed while you were looking at it, so nothing was saved. Your details are kept below — press Add to claim again.',
        style: 'warning',
      });
    if (err instanceof FileOutOfReachError)
      return chosen.length === 1
        ? uploadInstead(d, actor, data.claimId, data.version, input, err)
        : form({
            text: `${err.userMessage} To add the other files now, untick it and press Add to claim again; Add to claim with ${err.fileName} alone gives you an upload link for it.`,
            style: 'attention',
          });
    // A file refused (type, size, name), not fetched or not stored: the form again, to untick it or retry.
    if (isFileRefusal(err)) return form({ text: err.userMessage, style: 'attention' });
    throw err;
  }
  turn.log.info(
    { claimId: filed.claim.id, documents: filed.documents.map((x) => x.id), notAdded: filed.notAdded?.names.length },
    'documents filed from a message',
  );
  await documentLanded(d, turn.log, filed.landed);
  return dialogCard(resultCard(d, filed), DIALOG_TITLE);
}

/**
 * The one chosen file sits behind the sign-in of the people in the conversation: the details are
 * kept in an upload slot, so the file can come through the upload page or the 1:1 chat instead.
 */
async function uploadInstead(
  d: Deps,
  actor: ActorContext,
  claimId: string,
  expectedVersion: number,
  input: DetailsInput,
  err: FileOutOfReachError,
) {
  const { claim, grant, link } = await d.documents.startUpload(actor, claimId, expectedVersion, input);
  const url = `${d.settings.publicUrl()}/upload/${link.token}`;
  const card = slotCard(d.cards, claim, findActivity(claim.activityCode), grant, url, link.expiresAt, undefined, {
    text: `${err.userMessage} Your details are kept: upload the file with the button below, or send it to me in our 1:1 chat and I'll add it to ${claim.number}.`,
    style: 'attention',
  });
  // A dialog runs no Universal Actions (Action.Execute): only the upload link stays.
  const actions = (card.actions as Array<{ type?: unknown }> | undefined) ?? [];
  return dialogCard({ ...card, actions: actions.filter((a) => a.type !== 'Action.Execute') }, DIALOG_TITLE);
}

/**
 * A file of the message, fetched through the ChatDownloads port (allow-list, address checks,
 * deadlines, size cap). Only Teams' own download links are pre-signed: a link into SharePoint or
 * OneDrive, or to an image in a chat, needs the sign-in of a person, so when one of those cannot be
 * fetched the person hears where else the file can come from rather than "the download failed".
 */
function messageFile(d: Deps, turn: Turn, file: PayloadFile): MessageFile {
  return {
    name: file.name,
    open: async () => {
      try {
        return await d.downloads.open({ name: file.name, downloadUrl: file.url });
      } catch (err) {
        if (!isFileRefusal(err)) throw err;
        const reason = err instanceof UploadRejectedError ? err.logReason : undefined;
        turn.log.warn({ reason, code: err.code, origin: file.origin }, 'message file not fetched');
        if (file.origin !== 'download' && err.code !== 'UPLOAD.TOO_LARGE')
          throw new FileOutOfReachError(file.name, reason);
        throw err;
      }
    },
  };
}

/** A refusal about a file (its type, size or name, its download, the file store): DomainErrors of those codes. */
function isFileRefusal(err: unknown): err is DomainError {
  return err instanceof DomainError && (err.code.startsWith('UPLOAD.') || err.code === 'BLOB.UNAVAILABLE');
}

function resultCard(d: Deps, filed: FiledFromMessage) {
  const { claim, documents, notAdded } = filed;
  const activity = findActivity(claim.activityCode);
  const lines = documents.map(
    (doc) => `• **${userText(doc.name, 120)}** — ${userText(describeDocument(doc, activity), 200)}`,
  );
  const note = documents[0]?.note ? `\n\nNote: “${userText(documents[0].note, 300)}”` : '';
  const missed = notAdded
    ? `\n\nNot added: ${notAdded.names.map((n) => userText(n, 120)).join(', ')} — ${notAdded.reason.userMessage}`
    : '';
  return noticeCard(
    d.cards,
    `Added ${documents.length === 1 ? 'a document' : `${documents.length} documents`} to ${claim.number}`,
    `${lines.join('\n')}${note}${missed}\n\nThe claim card is updated.`,
    notAdded ? 'Warning' : 'Good',
  );
}
