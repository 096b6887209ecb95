import { requirePartner } from '../../domain/access';
import { documentsOf } from '../../domain/claim';
import { notEditable } from '../../domain/claim.service';
import { inputOf } from '../../domain/document';
import { DocumentNotFoundError } from '../../domain/errors';
import { isEditable } from '../../domain/status';
import { documentFormCard } from '../../views/documents.view';
import { documentId, documentKind } from '../document-schemas';
import { defineAction } from '../router';
import { ClaimRef, version } from '../schemas';
import type { BotDeps } from '../turn';

/** Add document (step 1: which kind; step 2: its fields) and Replace (the fields, prefilled). */
export const documentFormAction = (d: Pick<BotDeps, 'claims' | 'cards' | 'clock'>) =>
  defineAction({
    verb: 'document.form',
    replaySafe: true,
    side: 'claim',
    data: ClaimRef.extend({
      version: version.optional(),
      kind: documentKind.optional(),
      replaces: documentId.optional(),
    }),
    async run(turn, data) {
      const actor = await turn.actor();
      requirePartner(actor, 'add documents');
      const picture = await d.claims.load(actor, data.claimId);
      const { claim } = picture;
      if (!isEditable(claim.status)) throw notEditable(claim.status).about(picture);
      const replaced = data.replaces ? documentsOf(claim).find((x) => x.id === data.replaces) : undefined;
      if (data.replaces && !replaced)
        throw new DocumentNotFoundError(
          'That document was replaced or removed. Open Documents again to see the current ones.',
        ).about(picture);
      const card = documentFormCard(d.cards, {
        claim,
        activity: picture.activity,
        now: d.clock.now(),
        ...(replaced
          ? { kind: replaced.kind, replaces: replaced, values: inputOf(replaced, claim.currency) }
          : data.kind
            ? { kind: data.kind }
            : {}),
      });
      return { kind: 'card', card };
    },
  });
