import { inputOf } from '../../domain/document';
import { DomainError } from '../../domain/errors';
import { isEditable } from '../../domain/status';
import { notEditable, requirePartner } from '../../domain/upload-request.service';
import { documentId, documentKind } from '../document-schemas';
import { cardResponse } from '../reply';
import { defineAction } from '../router';
import { ClaimRef, version } from '../schemas';
import { documentForm, orClaimCard } from '../uploads';

/** Add document (step 1: which kind; step 2: its fields) and Replace (the fields, prefilled). */
export const documentFormAction = defineAction({
  verb: 'document.form',
  data: ClaimRef.extend({
    version: version.optional(),
    kind: documentKind.optional(),
    replaces: documentId.optional(),
  }),
  run: (turn, data) =>
    orClaimCard(turn, data.claimId, async () => {
      requirePartner(turn.actor);
      const claim = await turn.services.claims.get(turn.actor, data.claimId);
      if (!isEditable(claim.status)) throw notEditable(claim);
      const { card, replaced } = await documentForm(turn, claim, {
        kind: data.kind,
        replacesId: data.replaces,
        values: (r) => (r ? inputOf(r) : {}),
      });
      if (data.replaces && !replaced)
        throw new DomainError(
          'DOCUMENT.NOT_FOUND',
          'That document was replaced or removed. Open Documents again to see the current ones.',
        );
      return cardResponse(card);
    }),
});
