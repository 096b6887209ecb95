import { TeamsInfo } from 'botbuilder';
import { z } from 'zod';
import { findActivity } from '../../domain/activities';
import type { Person } from '../../domain/claim';
import { describeNeed } from '../../domain/document';
import { DomainError } from '../../domain/errors';
import type { RequestFieldErrors } from '../../domain/upload-request.service';
import { claimCard } from '../../views/claim.view';
import { requestCard, requestFormCard } from '../../views/documents.view';
import { updateSharedCard } from '../claim-card';
import { cardResponse, sendCard } from '../reply';
import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';
import type { Turn } from '../turn';
import { orClaimCard, uploadUrl } from '../uploads';
import { conversationRef } from './claim.create.action';

/** The people picker's value: an Entra object id (or a Teams user id). */
const MemberId = /^[\w:.@-]{1,200}$/;

/**
 * Request upload sent: the colleague (from the people picker) is looked up in this team or chat,
 * the request commits through History, a card goes into the thread and another into the
 * colleague's 1:1 chat with the bot, with their upload link.
 */
export const requestCreateAction = defineAction({
  verb: 'request.create',
  data: VersionedClaimRef.extend({
    assignee: z.string().max(200).default(''),
    need: z.string().max(120).default(''),
    text: z.string().max(2000).default(''),
    due: z.string().max(20).default(''),
  }),
  run: (turn, data) =>
    orClaimCard(turn, data.claimId, async () => {
      const { requests, direct, clock } = turn.services.uploads;
      const values = { assignee: data.assignee, need: data.need, text: data.text, due: data.due };
      const form = async (errors: RequestFieldErrors) => {
        const claim = await turn.services.claims.get(turn.actor, data.claimId);
        return cardResponse(
          requestFormCard(
            turn.services.cards,
            claim,
            findActivity(claim.activityCode),
            clock.now(),
            values,
            errors,
            'Some fields need attention — nothing was sent yet.',
          ),
        );
      };
      const assignee = await member(turn, data.assignee.trim());
      if (!assignee)
        return form({
          assignee: data.assignee.trim()
            ? "I can't find that person in this team or chat. Pick someone who is a member here."
            : 'Pick a colleague.',
        });

      let created;
      try {
        created = await requests.request(turn.actor, data.claimId, data.version, {
          assignee,
          need: data.need,
          text: data.text,
          due: data.due,
        });
      } catch (err) {
        if (err instanceof DomainError && err.code === 'INPUT.INVALID')
          return form((err.details.fields ?? {}) as RequestFieldErrors);
        throw err;
      }
      const { claim, request, link } = created;
      const activity = findActivity(claim.activityCode);
      turn.log.info({ claimId: claim.id, requestId: request.id }, 'upload requested');

      // The thread's card shows the request to everyone; only the colleague gets a link (Upload → their own view).
      const threadId = await sendCard(
        turn.context,
        requestCard(turn.services.cards, {
          request,
          claim,
          activity,
          state: 'open',
          showLinkButton: true,
          hint: `${assignee.name}: press Upload to get your upload link, or send the file to me in our 1:1 chat.`,
        }),
      );
      if (threadId) await requests.setCard(request, 'thread', { ...conversationRef(turn), activityId: threadId });

      let reached = true;
      try {
        const a = turn.context.activity;
        const posted = await direct.sendCard(
          claim.tenantId,
          assignee,
          requestCard(turn.services.cards, {
            request,
            claim,
            activity,
            state: 'open',
            uploadUrl: uploadUrl(turn, link.token),
            hint: 'Press Upload file, or send the file to me here in this chat. The link works once.',
          }),
          { serviceUrl: a.serviceUrl, botId: a.recipient.id, botName: a.recipient.name },
        );
        await requests.setCard(request, 'personal', posted);
      } catch (err) {
        reached = false;
        turn.log.warn({ err }, 'could not send the 1:1 request card');
      }

      const picture = await turn.services.claims.picture(claim);
      await updateSharedCard(turn, claimCard(turn.services.cards, picture));
      const need = describeNeed(request.need.kind, request.need.poeKey, activity);
      const told = reached
        ? 'They got a card in their chat with me too.'
        : `I couldn't message ${assignee.name} directly; they can use Upload on the request card in this thread.`;
      return cardResponse(
        claimCard(turn.services.cards, picture, {
          text: `Asked ${assignee.name} for ${need}, due ${request.due}. ${told}`,
          style: 'good',
        }),
      );
    }),
});

async function member(turn: Turn, id: string): Promise<Person | undefined> {
  if (!MemberId.test(id)) return undefined;
  try {
    const m = await TeamsInfo.getMember(turn.context, id);
    return { id: m.id, aadObjectId: m.aadObjectId, name: (m.name ?? '').slice(0, 200) || 'Colleague' };
  } catch (err) {
    turn.log.info(
      { err: { message: (err as Error).message, status: (err as { statusCode?: number }).statusCode } },
      'people picker value is not a member here',
    );
    return undefined;
  }
}
