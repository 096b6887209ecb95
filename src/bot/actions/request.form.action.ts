import { requirePartner } from '../../domain/access';
import { notEditable } from '../../domain/claim.service';
import { isEditable } from '../../domain/status';
import { defaultDue } from '../../domain/upload-request.service';
import { requestFormCard } from '../../views/documents.view';
import { defineAction } from '../router';
import { ClaimRef, version } from '../schemas';
import type { BotDeps } from '../turn';

/** Request upload: the form (colleague, what is needed, due date). */
export const requestFormAction = (d: Pick<BotDeps, 'claims' | 'cards' | 'clock'>) =>
  defineAction({
    verb: 'request.form',
    replaySafe: true,
    side: 'claim',
    data: ClaimRef.extend({ version: version.optional() }),
    async run(turn, data) {
      const actor = await turn.actor();
      requirePartner(actor, 'ask colleagues for documents');
      const picture = await d.claims.load(actor, data.claimId);
      if (!isEditable(picture.claim.status)) throw notEditable(picture.claim.status).about(picture);
      const now = d.clock.now();
      return {
        kind: 'card',
        card: requestFormCard(d.cards, picture.claim, picture.activity, now, {
          assignee: '',
          need: '',
          text: '',
          due: defaultDue(picture.claim, now),
        }),
      };
    },
  });
