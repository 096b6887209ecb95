import { TeamsInfo } from 'botbuilder';
import { findActivity } from '../../domain/activities';
import type { Person } from '../../domain/claim';
import { InvalidInputError } from '../../domain/errors';
import type { RequestFieldErrors } from '../../domain/upload-request.service';
import { requestFormCard } from '../../views/documents.view';
import { announceRequest } from '../request-cards';
import { defineAction } from '../router';
import { optionalText, VersionedClaimRef } from '../schemas';
import type { BotDeps, Turn } from '../turn';

/** The people picker's value: an Entra object id (or a Teams user id). */
const MemberId = /^[\w:.@-]{1,200}$/;

/**
 * Request upload sent: the colleague (from the people picker) is looked up in this team or chat,
 * the request commits through History, and the colleague gets their cards (thread and 1:1).
 */
export const requestCreateAction = (
  d: Pick<BotDeps, 'requests' | 'claims' | 'cards' | 'clock' | 'direct' | 'settings'>,
) =>
  defineAction({
    verb: 'request.create',
    replaySafe: true,
    side: 'claim',
    data: VersionedClaimRef.extend({
      assignee: optionalText(200),
      need: optionalText(120),
      text: optionalText(2000),
      due: optionalText(20),
    }),
    async run(turn, data) {
      const actor = await turn.actor();
      const values = { assignee: data.assignee, need: data.need, text: data.text, due: data.due };
      const form = async (errors: RequestFieldErrors) => {
        const claim = await d.claims.get(actor, data.claimId);
        const card = requestFormCard(
          d.cards,
          claim,
          findActivity(claim.activityCode),
          d.clock.now(),
          values,
          errors,
          'Some fields need attention — nothing was sent yet.',
        );
        return { kind: 'card' as const, card };
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
        created = await d.requests.request(actor, data.claimId, data.version, {
          assignee,
          need: data.need,
          text: data.text,
          due: data.due,
        });
      } catch (err) {
        if (err instanceof InvalidInputError) return form(err.fields as RequestFieldErrors);
        throw err;
      }
      turn.log.info({ claimId: created.request.claimId, requestId: created.request.id }, 'upload requested');
      const told = await announceRequest(d, turn, created);
      return {
        kind: 'claim',
        picture: created.picture,
        banner: { text: told, style: 'good' },
        changed: { reviewSide: true },
      };
    },
  });

async function member(turn: Turn, id: string): Promise<Person | undefined> {
  if (!MemberId.test(id)) return undefined;
  try {
    const m = await TeamsInfo.getMember(turn.context, id);
    return {
      id: m.id,
      ...(m.aadObjectId ? { aadObjectId: m.aadObjectId } : {}),
      name: (m.name ?? '').slice(0, 200) || 'Colleague',
    };
  } catch (err) {
    turn.log.info(
      { err: { message: (err as Error).message, status: (err as { statusCode?: number }).statusCode } },
      'people picker value is not a member here',
    );
    return undefined;
  }
}
