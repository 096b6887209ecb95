import { documentId } from '../document-schemas';
import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';
import type { BotDeps } from '../turn';

/** Remove (Documents card): the document leaves the claim; History keeps it and its file stays stored. */
export const documentRemoveAction = (d: Pick<BotDeps, 'documents'>) =>
  defineAction({
    verb: 'document.remove',
    replaySafe: true,
    side: 'claim',
    data: VersionedClaimRef.extend({ documentId }),
    async run(turn, data) {
      const picture = await d.documents.remove(await turn.actor(), data.claimId, data.version, data.documentId);
      return {
        kind: 'claim',
        picture,
        banner: { text: 'Document removed. History keeps it, and its file stays stored for 24 months.', style: 'good' },
        changed: { reviewSide: true },
      };
    },
  });
