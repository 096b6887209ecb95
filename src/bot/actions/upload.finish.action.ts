import { z } from 'zod';
import { findActivity } from '../../domain/activities';
import { describeDocument, describeNeed, type DetailsErrors } from '../../domain/document';
import { InvalidInputError } from '../../domain/errors';
import { documentFormCard } from '../../views/documents.view';
import { noticeCard } from '../../views/forms.view';
import { userText } from '../../views/format';
import { DetailsData, detailsOf } from '../document-schemas';
import { defineAction } from '../router';
import type { BotDeps } from '../turn';
import { documentLanded } from '../upload-notifier';

/** The details card of a file sent in a 1:1 chat: the document is added (or the card shows what to fix). */
export const uploadFinishAction = (
  d: Pick<BotDeps, 'documents' | 'requests' | 'claims' | 'cards' | 'messenger' | 'review' | 'clock'>,
) =>
  defineAction({
    verb: 'upload.finish',
    side: 'claim',
    data: z.object({ stagedId: z.string().uuid() }).extend(DetailsData.shape),
    async run(turn, data) {
      const input = detailsOf(data);
      try {
        const received = await d.documents.finishStaged(await turn.actor(), data.stagedId, input);
        await documentLanded(d, turn.log, received);
        const activity = findActivity(received.claim.activityCode);
        const card = noticeCard(
          d.cards,
          `Added to ${received.claim.number}`,
          `${userText(received.document.name, 120)}: ${userText(describeDocument(received.document, activity), 300)}. The claim card is updated.`,
          'Good',
        );
        return { kind: 'card', card };
      } catch (err) {
        if (!(err instanceof InvalidInputError)) throw err;
        const waiting = await d.documents.staging(turn.who, data.stagedId);
        if (!waiting) throw err;
        const { staged, claim } = waiting;
        const activity = findActivity(claim.activityCode);
        const card = documentFormCard(d.cards, {
          claim,
          activity,
          now: d.clock.now(),
          kind: staged.grant.need.kind,
          values: input,
          errors: err.fields as DetailsErrors,
          staged: {
            id: staged.id,
            fileName: staged.file.fileName,
            need: describeNeed(staged.grant.need.kind, staged.grant.need.poeKey, activity),
          },
          banner: 'Some fields need attention — the file is kept until you finish.',
        });
        return { kind: 'card', card };
      }
    },
  });
