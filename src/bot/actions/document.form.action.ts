import { findActivity } from '../../domain/activities';
import { inputOf } from '../../domain/document';
import { DomainError } from '../../domain/errors';
import { isEditable } from '../../domain/status';
import { notEditable, requirePartner } from '../../domain/upload-request.service';
import { documentFormCard } from '../../views/documents.view';
import { documentId, documentKind } from '../document-schemas';
import { cardResponse } from '../reply';
import { defineAction } from '../router';
import { ClaimRef, version } from '../schemas';
import { orClaimCard } from '../uploads';

/** Add document (step 1: which kind; step 2: its fields) and Replace (the fields, prefilled). */
export const documentFormAction = defineAction({
  verb: 'document.form',
  data: ClaimRef.extend({ version: version.optional(), kind: documentKind.optional(), replaces: documentId.optional() }),
  run: (turn, data) =>
    orClaimCard(turn, data.claimId, async () => {
      requirePartner(turn.actor);
      const claim = await turn.services.claims.get(turn.actor, data.claimId);
      if (!isEditable(claim.status)) throw notEditable(claim);
      const { documents } = turn.services.uploads;
      const replaced = data.replaces ? (await documents.list(turn.actor, claim.id)).documents.find((d) => d.id === data.replaces) : undefined;
      if (data.replaces && !replaced) throw new DomainError('DOCUMENT.NOT_FOUND', 'That document was replaced or removed. Open Documents again to see the current ones.');
      return cardResponse(
        documentFormCard(turn.services.cards, {
          claim,
          activity: findActivity(claim.activityCode),
          now: turn.services.uploads.clock.now(),
          kind: replaced?.kind ?? data.kind,
          values: replaced ? inputOf(replaced) : {},
          replaces: replaced,
        }),
      );
    }),
});
