/**
 * Teams message actions as Teams sends them: `composeExtension/fetchTask` when a person picks an
 * action on a message, `composeExtension/submitAction` when its dialog is sent, each carrying the
 * message (`messagePayload`). Posted through the real HTTP path like every other activity.
 */
import { randomUUID } from 'node:crypto';
import type { UserSpec, Where } from './activities';
import type { TestBot } from './app';
import { cardText } from './app';

const BOT = { id: '28:claims-bot', name: 'ClaimsBot' };

export interface PayloadOptions {
  readonly html?: string;
  readonly attachments?: readonly unknown[];
  readonly from?: UserSpec;
  readonly id?: string;
  readonly link?: string;
}

/** A message as a message action carries it (Teams' MessageActionsPayload). */
export function messagePayload(o: PayloadOptions = {}) {
  const id = o.id ?? `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  return {
    id,
    replyToId: null,
    messageType: 'message',
    createdDateTime: '2026-09-30T14:05:00.000Z',
    lastModifiedDateTime: null,
    deleted: false,
    subject: null,
    summary: null,
    importance: 'normal',
    locale: 'en-us',
    linkToMessage:
      o.link ?? `https://teams.microsoft.com/l/message/19:partner@thread.tacv2/${id}?groupId=g-1&parentMessageId=${id}`,
    from: o.from
      ? { user: { id: o.from.aadObjectId, displayName: o.from.name, userIdentityType: 'aadUser' }, application: null }
      : null,
    body: { contentType: 'html', content: o.html ?? '<p>Here is the file.</p>' },
    attachmentLayout: null,
    attachments: o.attachments ?? [],
    mentions: [],
    reactions: [],
  };
}

/** A file shared in a channel or chat: a link into SharePoint or OneDrive (here: the local file server). */
export function referenceAttachment(name: string, contentUrl: string) {
  return { id: randomUUID(), contentType: 'reference', contentUrl, content: null, name, thumbnailUrl: null };
}

/** A file Teams hands the bot with a pre-signed link, with its content as a JSON string (as message payloads carry it). */
export function downloadInfoAttachment(name: string, downloadUrl: string) {
  return {
    id: randomUUID(),
    contentType: 'application/vnd.microsoft.teams.file.download.info',
    contentUrl: null,
    content: JSON.stringify({ downloadUrl, uniqueId: randomUUID(), fileType: name.split('.').pop() }),
    name,
  };
}

export function messageActionActivity(
  where: Where,
  from: UserSpec,
  name: 'composeExtension/fetchTask' | 'composeExtension/submitAction',
  value: unknown,
) {
  return {
    id: `act-${randomUUID()}`,
    channelId: 'msteams',
    serviceUrl: where.serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: from.id, aadObjectId: from.aadObjectId, name: from.name },
    recipient: BOT,
    conversation: {
      id: where.conversationId,
      tenantId: where.tenantId,
      conversationType: where.conversationType ?? 'channel',
      isGroup: where.conversationType !== 'personal',
    },
    channelData: { tenant: { id: where.tenantId }, source: { name: 'message' } },
    type: 'invoke',
    name,
    value,
  };
}

export interface DialogAnswer {
  readonly status: number;
  readonly body: {
    task?: { type: 'continue' | 'message'; value: unknown };
    [key: string]: unknown;
  };
  /** The dialog's Adaptive Card (a `continue` answer). */
  readonly card?: Record<string, unknown>;
  /** The dialog's message (a `message` answer). */
  readonly message?: string;
  readonly text: string;
}

/** Posts a message action invoke and reads the dialog it answers with. */
export async function postMessageAction(
  bot: TestBot,
  where: Where,
  from: UserSpec,
  name: 'composeExtension/fetchTask' | 'composeExtension/submitAction',
  value: unknown,
): Promise<DialogAnswer & { activity: ReturnType<typeof messageActionActivity> }> {
  const activity = messageActionActivity(where, from, name, value);
  const res = await bot.post(activity);
  const body = (res.text ? JSON.parse(res.text) : {}) as DialogAnswer['body'];
  const task = body.task;
  const card =
    task?.type === 'continue'
      ? ((task.value as { card?: { content?: Record<string, unknown> } }).card?.content ?? undefined)
      : undefined;
  const message = task?.type === 'message' ? String(task.value) : undefined;
  return { status: res.status, body, card, message, text: message ?? cardText(card), activity };
}

/** The data a dialog's button sends (Action.Submit), merged with the inputs as Teams does. */
export function submitData(card: unknown, title: string, inputs: Record<string, string> = {}): Record<string, unknown> {
  const actions = ((card as { actions?: Array<{ type: string; title: string; data?: object }> }).actions ?? []).filter(
    (a) => a.type === 'Action.Submit',
  );
  const action = actions.find((a) => a.title === title);
  if (!action) throw new Error(`no "${title}" button: ${actions.map((a) => a.title).join(', ')}`);
  return { ...inputValues(card), ...inputs, ...(action.data ?? {}) };
}

/** Every input's current value (what Teams sends when nothing is changed). */
export function inputValues(card: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string')
        out[o.id] = typeof o.value === 'string' ? o.value : '';
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** The choices of a ChoiceSet input: [title, value]. */
export function choicesOf(card: unknown, id: string): Array<[string, string]> {
  let found: Array<[string, string]> | undefined;
  const walk = (n: unknown) => {
    if (found) return;
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'Input.ChoiceSet' && o.id === id)
        found = ((o.choices as Array<{ title: string; value: string }>) ?? []).map((c) => [c.title, c.value]);
      else Object.values(o).forEach(walk);
    }
  };
  walk(card);
  if (!found) throw new Error(`no choice set ${id}: ${cardText(card).slice(0, 300)}`);
  return found;
}
