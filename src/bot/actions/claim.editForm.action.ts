import { requirePartner } from '../../domain/access';
import { notEditable } from '../../domain/claim.service';
import { ClaimChangedError } from '../../domain/errors';
import { isEditable } from '../../domain/status';
import { editClaimCard } from '../../views/forms.view';
import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';
import type { BotDeps } from '../turn';

/** Edit claim: the creation form, prefilled with the claim as it is now. */
export const claimEditFormAction = (d: Pick<BotDeps, 'claims' | 'cards'>) =>
  defineAction({
    verb: 'claim.editForm',
    replaySafe: true,
    side: 'claim',
    data: VersionedClaimRef,
    async run(turn, data) {
      const actor = await turn.actor();
      requirePartner(actor, 'edit claims');
      const picture = await d.claims.load(actor, data.claimId);
      if (picture.claim.version !== data.version) throw new ClaimChangedError(picture.claim.id).about(picture);
      if (!isEditable(picture.claim.status)) throw notEditable(picture.claim.status).about(picture);
      const choice = (await d.claims.choices(actor)).find((c) => c.program.code === picture.claim.programCode);
      return { kind: 'card', card: editClaimCard(d.cards, picture.claim, choice) };
    },
  });
