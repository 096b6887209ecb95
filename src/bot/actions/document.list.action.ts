import { findActivity } from '../../domain/activities';
import { hasRole } from '../../domain/actor';
import { isEditable } from '../../domain/status';
import { documentsCard, documentsPage } from '../../views/documents.view';
import { cardResponse } from '../reply';
import { defineAction } from '../router';
import { ClaimRef, page } from '../schemas';

/** The claim's documents, each with a short-lived download link; Replace while the claim is editable. */
export const documentListAction = defineAction({
  verb: 'document.list',
  data: ClaimRef.extend({ page }),
  async run(turn, data) {
    const { documents: service, downloadMinutes } = turn.services.uploads;
    const { claim, documents } = await service.list(turn.actor, data.claimId);
    const shown = documentsPage(documents, data.page);
    const links = new Map<string, string>();
    for (const d of shown.items)
      if (d.file) links.set(d.id, (await service.downloadLink(turn.actor, claim.id, d.id)).url);
    return cardResponse(
      documentsCard(turn.services.cards, {
        claim,
        activity: findActivity(claim.activityCode),
        documents,
        page: shown.page,
        links,
        linkMinutes: downloadMinutes,
        editable: isEditable(claim.status) && hasRole(turn.actor, 'admin', 'user'),
      }),
    );
  },
});
