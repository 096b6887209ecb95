import { safe } from '../views/format';
import { findActivity } from '../domain/activities';
import { describeNeed } from '../domain/document';
import type { ClaimPicture } from '../domain/picture';
import type { UploadRequest } from '../domain/upload-request';
import type { MintedLink } from '../domain/upload-request.service';
import { requestCard } from '../views/documents.view';
import { CardFactory } from 'botbuilder';
import { mentionActivity, referenceOf } from './messenger';
import type { BotDeps, Turn } from './turn';

type RequestCardDeps = Pick<BotDeps, 'requests' | 'cards' | 'direct' | 'settings'>;

/**
 * A new upload request's cards: one in the thread for everyone (its Upload button gives only the
 * person asked a link of their own), and one in that person's 1:1 chat with the bot, with their
 * link. Returns what the requester is told.
 */
export async function announceRequest(
  d: RequestCardDeps,
  turn: Turn,
  created: { picture: ClaimPicture; request: UploadRequest; link: MintedLink },
): Promise<string> {
  const { picture, request, link } = created;
  const { claim } = picture;
  const activity = findActivity(claim.activityCode);
  const assignee = request.assignee;
  const need = describeNeed(request.need.kind, request.need.poeKey, activity);
  // The thread's card names the person asked, so Teams notifies them even before the 1:1 card lands.
  // The request is committed: a card Teams refuses is logged and said, never turned into an error.
  let inThread: { id?: string } | undefined;
  try {
    inThread = await turn.context.sendActivity({
      ...mentionActivity({
        text: safe`${request.requester.name} asked you for ${need} on ${claim.number}, due ${request.due}.`,
        mention: [assignee],
      }),
      attachments: [
        CardFactory.adaptiveCard(
          requestCard(d.cards, {
            request,
            claim,
            activity,
            state: 'open',
            showLinkButton: true,
            hint: safe`${assignee.name}: press Upload to get your upload link, or send the file to me in our 1:1 chat.`,
          }),
        ),
      ],
    });
  } catch (err) {
    turn.log.warn({ err }, 'could not post the request card in the thread');
  }
  const threadId = inThread?.id;
  if (threadId)
    await d.requests.setCard(request, 'thread', { ...referenceOf(turn.context.activity), activityId: threadId });
  let reached = true;
  try {
    const a = turn.context.activity;
    const posted = await d.direct.sendCard(
      claim.tenantId,
      assignee,
      requestCard(d.cards, {
        request,
        claim,
        activity,
        state: 'open',
        uploadUrl: `${d.settings.publicUrl()}/upload/${link.token}`,
        hint: 'Press Upload file, or send the file to me here in this chat. The link works once.',
      }),
      { serviceUrl: a.serviceUrl, botId: a.recipient.id, botName: a.recipient.name },
    );
    await d.requests.setCard(request, 'personal', posted);
  } catch (err) {
    reached = false;
    turn.log.warn({ err }, 'could not send the 1:1 request card');
  }
  const told = !threadId
    ? reached
      ? "I couldn't post the request card in this thread; they got it in their chat with me."
      : safe`I couldn't post the request card here or message ${assignee.name} directly. The request is saved (the claim card lists it), and the reminders send ${assignee.name} their card again before it is due.`
    : reached
      ? 'They got a card in their chat with me too.'
      : safe`I couldn't message ${assignee.name} directly; they can use Upload on the request card in this thread.`;
  return `${safe`Asked ${assignee.name} for ${need}, due ${request.due}.`} ${told}`;
}
