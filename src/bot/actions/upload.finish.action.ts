import { z } from 'zod';
import { findActivity } from '../../domain/activities';
import { describeDocument, describeNeed, type DetailsErrors } from '../../domain/document';
import { DomainError } from '../../domain/errors';
import { documentFormCard } from '../../views/documents.view';
import { noticeCard } from '../../views/forms.view';
import { DetailsData, detailsOf } from '../document-schemas';
import { cardResponse } from '../reply';
import { defineAction } from '../router';
import { UploadNotifier } from '../upload-notifier';

/** The details card of a file sent in a 1:1 chat: the document is added (or the card shows what to fix). */
export const uploadFinishAction = defineAction({
  verb: 'upload.finish',
  data: z.object({ stagedId: z.string().uuid() }).extend(DetailsData.shape),
  async run(turn, data) {
    const { documents, clock } = turn.services.uploads;
    const input = detailsOf(data);
    try {
      const received = await documents.finishStaged(turn.actor, data.stagedId, input);
      await new UploadNotifier(turn.services, turn.log).documentReceived(received);
      const activity = findActivity(received.claim.activityCode);
      return cardResponse(
        noticeCard(
          turn.services.cards,
          `Added to ${received.claim.number}`,
          `${received.document.name}: ${describeDocument(received.document, activity)}. The claim card is updated.`,
          'Good',
        ),
      );
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'INPUT.INVALID')) throw err;
      const waiting = await documents.staging(turn.actor, data.stagedId);
      if (!waiting) throw err;
      const { staged, claim } = waiting;
      const activity = findActivity(claim.activityCode);
      return cardResponse(
        documentFormCard(turn.services.cards, {
          claim,
          activity,
          now: clock.now(),
          kind: staged.grant.need.kind,
          values: input,
          errors: (err.details.fields ?? {}) as DetailsErrors,
          staged: {
            id: staged.id,
            fileName: staged.file.fileName,
            need: describeNeed(staged.grant.need.kind, staged.grant.need.poeKey, activity),
          },
          banner: 'Some fields need attention — the file is kept until you finish.',
        }),
      );
    }
  },
});
