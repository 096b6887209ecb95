import { findActivity } from '../../domain/activities';
import { isEditable } from '../../domain/status';
import { defaultDue, notEditable, requirePartner } from '../../domain/upload-request.service';
import { requestFormCard } from '../../views/documents.view';
import { cardResponse } from '../reply';
import { defineAction } from '../router';
import { ClaimRef, version } from '../schemas';
import { orClaimCard } from '../uploads';

/** Request upload: the form (colleague, what is needed, due date). */
export const requestFormAction = defineAction({
  verb: 'request.form',
  data: ClaimRef.extend({ version: version.optional() }),
  run: (turn, data) =>
    orClaimCard(turn, data.claimId, async () => {
      requirePartner(turn.actor);
      const claim = await turn.services.claims.get(turn.actor, data.claimId);
      if (!isEditable(claim.status)) throw notEditable(claim);
      const now = turn.services.uploads.clock.now();
      return cardResponse(
        requestFormCard(turn.services.cards, claim, findActivity(claim.activityCode), now, {
          assignee: '',
          need: '',
          text: '',
          due: defaultDue(claim, now),
        }),
      );
    }),
});
