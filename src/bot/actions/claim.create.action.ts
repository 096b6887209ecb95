import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import type { FieldErrors } from '../../domain/claim.service';
import { newClaimCard } from '../../views/forms.view';
import { renderClaim } from '../claim-card';
import { cardResponse } from '../reply';
import { defineAction } from '../router';
import type { Turn } from '../turn';
import type { ConversationRef } from '../../domain/claim';

const field = (max: number) => z.string().max(max).default('');

export const NewClaimData = z.object({
  program: field(40),
  activity: field(60),
  location: field(10),
  period: field(40),
  amount: field(40),
  currency: field(10),
  description: field(2000),
});

export function conversationRef(turn: Turn, cardActivityId?: string): ConversationRef {
  const a = turn.context.activity;
  return {
    serviceUrl: a.serviceUrl,
    channelId: a.channelId,
    conversationId: a.conversation.id,
    conversationType: a.conversation.conversationType,
    botId: a.recipient.id,
    botName: a.recipient.name,
    cardActivityId,
  };
}

export const claimCreateAction = defineAction({
  verb: 'claim.create',
  data: NewClaimData,
  async run(turn, values) {
    const cardId = turn.context.activity.replyToId;
    try {
      const claim = await turn.services.claims.create(turn.actor, values, conversationRef(turn, cardId));
      turn.log.info({ claim: claim.number }, 'claim created');
      // The form message becomes the claim card.
      return cardResponse(
        await renderClaim(turn, claim, {
          text: `Claim ${claim.number} created. Work through the checklist below, then submit.`,
          style: 'good',
        }),
      );
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'CLAIM.INVALID') throw err;
      const programs = await turn.services.programs.list(turn.actor);
      const errors = (err.details.fields ?? {}) as FieldErrors;
      return cardResponse(
        newClaimCard(
          turn.services.cards,
          programs,
          values,
          errors,
          'Please fix the fields marked below — nothing was created yet.',
        ),
      );
    }
  },
});
