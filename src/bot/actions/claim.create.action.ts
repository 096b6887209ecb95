import { ClaimFormError } from '../../domain/errors';
import { newClaimCard } from '../../views/forms.view';
import { referenceOf } from '../messenger';
import { defineAction } from '../router';
import { NewClaimData } from './claim-form';
import type { BotDeps } from '../turn';

/** The new-claim form sent: the claim is created and the form becomes its claim card — for everyone. */
export const claimCreateAction = (d: Pick<BotDeps, 'claims' | 'cards'>) =>
  defineAction({
    verb: 'claim.create',
    side: 'claim',
    data: NewClaimData,
    async run(turn, values) {
      const actor = await turn.actor();
      try {
        const picture = await d.claims.create(
          actor,
          values,
          referenceOf(turn.context.activity, turn.context.activity.replyToId),
        );
        turn.log.info({ claim: picture.claim.number }, 'claim created');
        return {
          kind: 'claim',
          picture,
          banner: {
            text: `Claim ${picture.claim.number} created. Work through the checklist below, then submit.`,
            style: 'good',
          },
          changed: {},
        };
      } catch (err) {
        if (!(err instanceof ClaimFormError)) throw err;
        const choices = await d.claims.choices(actor);
        return {
          kind: 'card',
          card: newClaimCard(
            d.cards,
            choices,
            values,
            err.fields,
            'Please fix the fields marked below — nothing was created yet.',
          ),
        };
      }
    },
  });
