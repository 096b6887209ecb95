import { findActivity } from '../../domain/activities';
import { documentsOf } from '../../domain/claim';
import type { DetailsErrors } from '../../domain/document';
import { InvalidInputError } from '../../domain/errors';
import { documentFormCard, slotCard } from '../../views/documents.view';
import { DetailsData, detailsOf, documentId, documentKind } from '../document-schemas';
import { defineAction } from '../router';
import { VersionedClaimRef } from '../schemas';
import type { BotDeps } from '../turn';

/** Add document / Replace, step 2 sent: the details are checked, then the file is asked for. */
export const documentAddAction = (d: Pick<BotDeps, 'documents' | 'claims' | 'cards' | 'clock' | 'settings'>) =>
  defineAction({
    verb: 'document.add',
    side: 'claim',
    data: VersionedClaimRef.extend({ kind: documentKind, replaces: documentId.optional() }).extend(DetailsData.shape),
    async run(turn, data) {
      const actor = await turn.actor();
      const input = { ...detailsOf(data), kind: data.kind };
      try {
        const { claim, grant, link, replaced } = await d.documents.startUpload(
          actor,
          data.claimId,
          data.version,
          input,
          data.replaces,
        );
        turn.log.info({ claimId: claim.id, kind: grant.need.kind, replaces: grant.replaces }, 'upload slot opened');
        const url = `${d.settings.publicUrl()}/upload/${link.token}`;
        return {
          kind: 'card',
          card: slotCard(d.cards, claim, findActivity(claim.activityCode), grant, url, link.expiresAt, replaced),
        };
      } catch (err) {
        if (!(err instanceof InvalidInputError)) throw err;
        const claim = await d.claims.get(actor, data.claimId);
        const replaced = data.replaces ? documentsOf(claim).find((x) => x.id === data.replaces) : undefined;
        const card = documentFormCard(d.cards, {
          claim,
          activity: findActivity(claim.activityCode),
          now: d.clock.now(),
          kind: replaced?.kind ?? data.kind,
          values: input,
          errors: err.fields as DetailsErrors,
          ...(replaced ? { replaces: replaced } : {}),
          banner: 'Some fields need attention — nothing was saved yet.',
        });
        return { kind: 'card', card };
      }
    },
  });
