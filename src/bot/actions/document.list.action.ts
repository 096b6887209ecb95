import { isPartner, requireReviewSide } from '../../domain/access';
import { findActivity } from '../../domain/activities';
import { isEditable } from '../../domain/status';
import { documentsCard, documentsPage } from '../../views/documents.view';
import { defineAction } from '../router';
import { ClaimRef, page, side } from '../schemas';
import type { BotDeps } from '../turn';

/**
 * The claim's documents, each with a fresh short-lived download link, for partners and reviewers
 * (from the claim card or the review card); Replace and Remove while the claim is editable.
 */
export const documentListAction = (d: Pick<BotDeps, 'documents' | 'claims' | 'cards' | 'settings'>) =>
  defineAction({
    verb: 'document.list',
    replaySafe: true,
    side: (data) => data.side,
    data: ClaimRef.extend({ page, side }),
    async run(turn, data) {
      const actor = await turn.actor();
      if (!isPartner(actor)) requireReviewSide(actor, 'open the documents of a claim');
      const claim = await d.claims.get(actor, data.claimId);
      const documents = claim.documents ?? [];
      const shown = documentsPage(documents, data.page);
      const links = new Map<string, string>();
      for (const doc of shown.items)
        if (doc.file) links.set(doc.id, (await d.documents.downloadLink(claim, doc.id)).url);
      const card = documentsCard(d.cards, {
        claim,
        activity: findActivity(claim.activityCode),
        documents,
        page: shown.page,
        links,
        linkMinutes: d.settings.downloadMinutes,
        editable: isEditable(claim.status) && isPartner(actor) && data.side === 'claim',
        side: data.side,
      });
      return { kind: 'card', card };
    },
  });
