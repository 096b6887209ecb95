import { findActivity } from '../domain/activities';
import { describeDocument } from '../domain/document';
import type { Received } from '../domain/document.service';
import type { UploadRequest } from '../domain/upload-request';
import type { UploadListener } from '../http/upload.route';
import type { Logger } from '../logger';
import { claimCard } from '../views/claim.view';
import { requestCard } from '../views/documents.view';
import type { Services } from './turn';

/**
 * After a document landed (upload page or 1:1 chat): the claim card in its thread updates (the
 * checklist ticks the item), the request's cards say "done", and the requester is told in the
 * thread. The document is already committed: a failure here is logged, never undone.
 */
export class UploadNotifier implements UploadListener {
  constructor(
    private readonly services: Services,
    private readonly log: Logger,
  ) {}

  async documentReceived(received: Received): Promise<void> {
    const { claim, document, grant } = received;
    const log = this.log.child({ claimId: claim.id, documentId: document.id });
    const activity = findActivity(claim.activityCode);
    let request: UploadRequest | undefined;
    if (grant.type === 'request') {
      await this.step(log, 'mark the request done', () =>
        this.services.uploads.requests.markDone(claim.tenantId, grant.id),
      );
      request = await this.step(log, 'load the request', () =>
        this.services.uploads.requests.find(claim.tenantId, grant.id),
      );
    }
    const home = claim.home;
    if (home?.cardActivityId) {
      await this.step(log, 'update the claim card', async () => {
        const picture = await this.services.claims.picture(claim);
        await this.services.messenger.updateCard(home, home.cardActivityId!, claimCard(this.services.cards, picture));
      });
    }
    if (!request) return;
    const done = requestCard(this.services.cards, {
      request,
      claim,
      activity,
      state: 'done',
      banner: `${document.addedBy.name} uploaded ${document.name}.`,
      bannerStyle: 'good',
    });
    for (const posted of [request.cards?.thread, request.cards?.personal]) {
      if (posted?.activityId)
        await this.step(log, 'update a request card', () =>
          this.services.messenger.updateCard(posted, posted.activityId, done),
        );
    }
    const where = home ?? request.cards?.thread;
    if (where) {
      const note = document.note ? ` Note: “${document.note.slice(0, 300)}”` : '';
      const text = `${request.requester.name}: **${document.addedBy.name}** uploaded **${document.name}** to ${claim.number} (${describeDocument(document, activity)}) — your request #${request.code} is done.${note}`;
      await this.step(log, 'tell the requester', async () => {
        await this.services.messenger.sendText(where, text);
      });
    }
  }

  private async step<T>(log: Logger, what: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (err) {
      log.warn({ err }, `after an upload: could not ${what}`);
      return undefined;
    }
  }
}
