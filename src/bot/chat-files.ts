import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { findActivity } from '../domain/activities';
import { describeDocument, describeNeed } from '../domain/document';
import { UploadRejectedError } from '../domain/errors';
import { documentFormCard } from '../views/documents.view';
import { userText } from '../views/format';
import type { ChatFile } from './chat-downloads';
import { sendCard } from './reply';
import type { BotDeps, Turn } from './turn';
import { documentLanded } from './upload-notifier';

/** How Teams hands a bot a file a user sent in a 1:1 chat (the bot's manifest sets supportsFiles). */
export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

const FileAttachment = z.object({
  contentType: z.literal(FILE_DOWNLOAD_INFO),
  name: z.string().max(1000).default(''),
  content: z.object({
    downloadUrl: z.string().min(1).max(8000),
    fileType: z.string().max(40).optional(),
    uniqueId: z.string().max(200).optional(),
  }),
});

/** The trigger: the files attached to a message (none: the message is a command). */
export function chatFiles(activity: Activity): ChatFile[] {
  return (activity.attachments ?? []).flatMap((a) => {
    const parsed = FileAttachment.safeParse(a);
    return parsed.success ? [{ name: parsed.data.name, downloadUrl: parsed.data.content.downloadUrl }] : [];
  });
}

type ChatFileDeps = Pick<
  BotDeps,
  'requests' | 'documents' | 'downloads' | 'claims' | 'cards' | 'messenger' | 'review' | 'clock'
>;

/**
 * A file sent to the bot in a 1:1 chat: it is for the sender's one open request (or an upload they
 * started with Add document); with several, the message names it (#code or CLM number). The bot
 * streams the file from Teams straight into Blob, then adds it — or asks for its details first.
 */
export async function receiveChatFiles(
  d: ChatFileDeps,
  turn: Turn,
  files: readonly ChatFile[],
  text: string,
): Promise<void> {
  const { context, who } = turn;
  if (context.activity.conversation?.conversationType !== 'personal') {
    await context.sendActivity('Send files to me in our 1:1 chat, or use the **Upload** button on the request card.');
    return;
  }
  const file = files[0]!;
  const others = files.length > 1 ? ` I took **${userText(file.name, 120)}** only: send one file per message.` : '';
  const open = await d.requests.openGrantsFor(who.tenantId, who.person);
  if (open.length === 0) {
    await context.sendActivity(
      "I'm not waiting for a file from you. To add a document to a claim, press **Add document** on its card; to ask a colleague, use **Request upload**.",
    );
    return;
  }
  const numbers = [...text.matchAll(/\bclm[- ]?(\d{1,9})\b/gi)].map((m) => `CLM-${m[1]!.padStart(6, '0')}`);
  const codes = [...text.matchAll(/#([a-f0-9]{6})\b/gi)].map((m) => m[1]!.toLowerCase());
  const named = open.filter(
    (o) =>
      (numbers.length === 0 || numbers.includes(o.claim.number)) &&
      (codes.length === 0 || (!!o.request && codes.includes(o.request.code))),
  );
  const candidates = numbers.length > 0 || codes.length > 0 ? named : open;
  const line = (o: (typeof open)[number]) =>
    o.request
      ? `• **#${o.request.code}** — ${describeNeed(o.request.need.kind, o.request.need.poeKey, findActivity(o.claim.activityCode))} for ${o.claim.number} (asked by ${userText(o.request.requester.name, 80)}, due ${o.request.due})`
      : `• **${o.claim.number}** — the ${describeNeed(o.grant.need.kind, o.grant.need.poeKey, findActivity(o.claim.activityCode))} you started adding`;
  if (candidates.length !== 1) {
    const intro =
      candidates.length === 0
        ? 'None of your open requests matches what your message names.'
        : 'Which request is this file for?';
    await context.sendActivity(
      `${intro} Send the file again with the request code (like #${open.find((o) => o.request)?.request?.code ?? 'a1b2c3'}) or the claim number in your message:\n\n${open.map(line).join('\n')}\n\nNothing was saved.`,
    );
    return;
  }
  const { grant, claim } = candidates[0]!;
  const note = text
    .replace(/\bclm[- ]?\d{1,9}\b/gi, '')
    .replace(/#[a-f0-9]{6}\b/gi, '')
    .replace(/\s+/g, ' ')
    .trim();

  let result: Awaited<ReturnType<typeof d.documents.receiveInChat>>;
  try {
    const stream = await d.downloads.open(file);
    try {
      result = await d.documents.receiveInChat(grant, who.person, note, { name: file.name, stream });
    } finally {
      stream.destroy();
    }
  } catch (err) {
    // The user hears the error's own words (no host, port or upstream status); the log gets why.
    if (err instanceof UploadRejectedError && err.logReason)
      turn.log.warn({ reason: err.logReason, code: err.code }, 'chat file not received');
    throw err;
  }
  const activity = findActivity(claim.activityCode);
  if ('received' in result) {
    const { document } = result.received;
    turn.log.info(
      { claimId: claim.id, documentId: document.id, size: document.file?.size },
      'document received in chat',
    );
    await documentLanded(d, turn.log, result.received);
    await context.sendActivity(
      `Added **${userText(document.name, 120)}** to ${claim.number}: ${userText(describeDocument(document, activity), 300)}. The claim card is updated.${others}`,
    );
    return;
  }
  const { staged } = result;
  await sendCard(
    context,
    documentFormCard(d.cards, {
      claim,
      activity,
      now: d.clock.now(),
      kind: grant.need.kind,
      values: { ...grant.prefill, note: staged.note },
      staged: {
        id: staged.id,
        fileName: staged.file.fileName,
        need: describeNeed(grant.need.kind, grant.need.poeKey, activity),
      },
      banner: `I have ${staged.file.fileName}. It needs a few details before I add it.${others}`,
    }),
  );
}
