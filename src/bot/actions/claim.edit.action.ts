import { ClaimFormError } from '../../domain/errors';
import { editClaimCard } from '../../views/forms.view';
import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';
import type { BotDeps } from '../turn';
import { NewClaimData } from './claim-form';

/** Edit claim sent: the same checks as at creation; the form becomes the updated claim card. */
export const claimEditAction = (d: Pick<BotDeps, 'claims' | 'cards'>) =>
  defineAction({
    verb: 'claim.edit',
    replaySafe: true,
    side: 'claim',
    data: VersionedClaimRef.extend(NewClaimData.omit({ program: true, currency: true }).shape),
    async run(turn, data) {
      const actor = await turn.actor();
      const { claimId, version, ...input } = data;
      try {
        const picture = await d.claims.edit(actor, claimId, version, input);
        return {
          kind: 'claim',
          picture,
          banner: { text: 'Claim updated. History records each change.', style: 'good' },
          changed: { reviewSide: true },
        };
      } catch (err) {
        if (!(err instanceof ClaimFormError) || !err.picture) throw err;
        const choice = (await d.claims.choices(actor)).find((c) => c.program.code === err.picture!.claim.programCode);
        return {
          kind: 'card',
          card: editClaimCard(
            d.cards,
            err.picture.claim,
            choice,
            input,
            err.fields,
            'Please fix the fields marked below — nothing was changed yet.',
          ),
        };
      }
    },
  });
