/**
 * The message a Teams message action ("Add to claim") was used on, as the invoke carries it
 * (`value.messagePayload`): checked with zod and bounded at the edge, then read for its files, its
 * text and where it came from. With authentication off anyone can post any payload, so nothing
 * here trusts a field beyond its shape: URLs still go through the download policy when fetched.
 */
import { z } from 'zod';
import type { MessageSource } from '../domain/claim';
import { MAX_NOTE } from '../domain/document';
import { MAX_MESSAGE_FILES } from '../domain/document.service';
import { FILE_DOWNLOAD_INFO } from './chat-files';
import { cleanText } from './schemas';

/** The HTTP body limit bounds the whole payload; these bound each field inside it. */
const MAX_HTML = 262_144;
const MAX_ATTACHMENTS = 50;

const id = z.string().regex(/^[\x21-\x7e]{1,256}$/);
const name = z.string().max(1000);

const Attachment = z.object({
  id: z.string().max(256).nullish(),
  contentType: z.string().max(200).nullish(),
  contentUrl: z.string().max(8000).nullish(),
  /** A card's JSON, or (download info) `{ downloadUrl }` — as an object or as a JSON string. */
  content: z.unknown().optional(),
  name: name.nullish(),
});

const Identity = z.object({ id: z.string().max(256).nullish(), displayName: name.nullish() });

export const MessagePayload = z.object({
  id,
  createdDateTime: z.string().max(64).nullish(),
  linkToMessage: z.string().max(4000).nullish(),
  from: z.object({ user: Identity.nullish(), application: Identity.nullish() }).nullish(),
  body: z.object({ contentType: z.string().max(20).nullish(), content: z.string().max(MAX_HTML).nullish() }).nullish(),
  attachments: z.array(Attachment).max(MAX_ATTACHMENTS).nullish(),
});
export type MessagePayload = z.infer<typeof MessagePayload>;

/** The invoke value of composeExtension/fetchTask and composeExtension/submitAction. */
export const MessageActionValue = z.object({
  commandId: z.string().max(64),
  commandContext: z.string().max(20).nullish(),
  messagePayload: MessagePayload.nullish(),
  /** The dialog's inputs and its button's data (each step checks its own fields). */
  data: z.record(z.string().max(64), z.unknown()).nullish(),
});
export type MessageActionValue = z.infer<typeof MessageActionValue>;

/** Where a file of the message is, and how Teams offers it. */
export type FileOrigin =
  /** A file Teams hands a bot, with a short-lived pre-signed link (1:1 chat). */
  | 'download'
  /** A file shared in a channel or chat: a link into SharePoint or OneDrive. */
  | 'reference'
  /** An image in the message's text. */
  | 'inline';

export interface PayloadFile {
  /** Stable within the payload (f1, f2…): the dialog sends it back to say which files to add. */
  readonly key: string;
  readonly name: string;
  readonly url: string;
  readonly origin: FileOrigin;
}

const DownloadInfo = z.object({ downloadUrl: z.string().min(1).max(8000) });

function downloadUrlOf(content: unknown): string | undefined {
  let value = content;
  if (typeof value === 'string') {
    if (value.length > 10_000) return undefined;
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  const parsed = DownloadInfo.safeParse(value);
  return parsed.success ? parsed.data.downloadUrl : undefined;
}

/** A name for people (a file's, a sender's): cleaned, one line, at most 200 characters. */
function oneLine(raw: string | null | undefined, fallback: string): string {
  const clean = cleanText(raw ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return [...clean].slice(0, 200).join('') || fallback;
}

const IMG = /<img\b[^<>]*>/gi;
const SRC = /\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)')/i;
const EMOJI = /\bitemtype\s*=\s*["'][^"']*(?:emoji|sticker)/i;

/**
 * The files of the message, in the order people see them: attachments (download info and
 * SharePoint/OneDrive references), then images in its text whose host the download policy allows
 * (emoji and images from other sites are not files). At most MAX_MESSAGE_FILES, each URL once.
 */
export function messageFiles(payload: MessagePayload, allows: (url: string) => boolean): PayloadFile[] {
  const found: Array<Omit<PayloadFile, 'key'>> = [];
  const seen = new Set<string>();
  const add = (file: Omit<PayloadFile, 'key'>) => {
    if (seen.has(file.url) || found.length >= MAX_MESSAGE_FILES) return;
    seen.add(file.url);
    found.push(file);
  };
  for (const a of payload.attachments ?? []) {
    if (a.contentType === FILE_DOWNLOAD_INFO) {
      const url = downloadUrlOf(a.content);
      if (url) add({ name: oneLine(a.name, 'file'), url, origin: 'download' });
    } else if (a.contentType === 'reference' && a.contentUrl) {
      add({ name: oneLine(a.name, 'file'), url: a.contentUrl, origin: 'reference' });
    }
  }
  if (payload.body?.contentType !== 'text') {
    let images = 0;
    for (const [tag] of (payload.body?.content ?? '').matchAll(IMG)) {
      if (EMOJI.test(tag)) continue;
      const m = SRC.exec(tag);
      const url = decodeEntities(m?.[1] ?? m?.[2] ?? '').trim();
      if (!url || !allows(url)) continue;
      images++;
      add({ name: `message-image-${images}`, url, origin: 'inline' });
    }
  }
  return found.map((f, i) => ({ ...f, key: `f${i + 1}` }));
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : '';
  });
}

/**
 * The message's text, for the documents' explanatory note: tags removed (line breaks kept where
 * the HTML breaks lines), entities decoded, control characters and bidirectional overrides removed
 * (cleanText), spaces collapsed, and at most MAX_NOTE characters.
 */
export function messageText(payload: MessagePayload): string {
  const raw = payload.body?.content ?? '';
  const plain =
    payload.body?.contentType === 'text'
      ? raw
      : decodeEntities(
          raw
            .replace(/<br\s*\/?>/gi, '\n')
            .replace(/<\/(?:p|div|li|h[1-6]|tr|blockquote)\s*>/gi, '\n')
            // A tag is `<` up to the next `>` with no `<` in between: linear, whatever the input.
            .replace(/<[^<>]*>/g, ''),
        );
  const text = cleanText(plain)
    .split('\n')
    .map((line) => line.replace(/[^\S\n]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const chars = [...text];
  return chars.length > MAX_NOTE ? `${chars.slice(0, MAX_NOTE - 1).join('')}…` : text;
}

/** Hosts Teams links to messages from: anything else is not kept as a link. */
const TEAMS_LINK_HOSTS =
  /^(?:teams\.microsoft\.com|[a-z0-9-]+\.teams\.microsoft\.com|teams\.cloud\.microsoft|teams\.live\.com)$/;

/** Teams' link to the message, if it is an https link on a Teams host (parentheses encoded for Markdown). */
export function messageLink(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return undefined;
  if (!TEAMS_LINK_HOSTS.test(url.hostname)) return undefined;
  return url.toString().replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/** What History keeps about the message: its id, Teams' link to it, who wrote it and when. */
export function messageSource(payload: MessagePayload, conversationId: string): MessageSource {
  const who = payload.from?.user ?? payload.from?.application;
  const senderName = oneLine(who?.displayName, '');
  const sentAt = payload.createdDateTime ? new Date(payload.createdDateTime) : undefined;
  const link = messageLink(payload.linkToMessage);
  return {
    messageId: payload.id,
    ...(link ? { link } : {}),
    ...(who && (senderName || who.id)
      ? {
          sender: {
            ...(who.id && id.safeParse(who.id).success ? { id: who.id } : {}),
            name: senderName || 'Someone',
          },
        }
      : {}),
    ...(sentAt && !Number.isNaN(sentAt.getTime()) ? { sentAt } : {}),
    ...(conversationId ? { conversationId } : {}),
  };
}
