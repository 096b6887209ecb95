import { findActivity } from '../../domain/activities';
import type { DetailsErrors } from '../../domain/document';
import { DomainError } from '../../domain/errors';
import { slotCard } from '../../views/documents.view';
import { DetailsData, detailsOf, documentId, documentKind } from '../document-schemas';
import { cardResponse } from '../reply';
import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';
import { documentForm, orClaimCard, uploadUrl } from '../uploads';

/** Add document / Replace, step 2 sent: the details are checked, then the file is asked for. */
export const documentAddAction = defineAction({
  verb: 'document.add',
  data: VersionedClaimRef.extend({ kind: documentKind, replaces: documentId.optional() }).extend(DetailsData.shape),
  run: (turn, data) =>
    orClaimCard(turn, data.claimId, async () => {
      const input = { ...detailsOf(data), kind: data.kind };
      const { documents } = turn.services.uploads;
      try {
        const { claim, grant, link, replaced } = await documents.startUpload(
          turn.actor,
          data.claimId,
          data.version,
          input,
          data.replaces,
        );
        turn.log.info({ claimId: claim.id, kind: grant.need.kind, replaces: grant.replaces }, 'upload slot opened');
        return cardResponse(
          slotCard(
            turn.services.cards,
            claim,
            findActivity(claim.activityCode),
            grant,
            uploadUrl(turn, link.token),
            link.expiresAt,
            replaced,
          ),
        );
      } catch (err) {
        if (!(err instanceof DomainError && err.code === 'INPUT.INVALID')) throw err;
        const claim = await turn.services.claims.get(turn.actor, data.claimId);
        const { card } = await documentForm(turn, claim, {
          kind: data.kind,
          replacesId: data.replaces,
          values: () => input,
          errors: (err.details.fields ?? {}) as DetailsErrors,
          banner: 'Some fields need attention — nothing was saved yet.',
        });
        return cardResponse(card);
      }
    }),
});
