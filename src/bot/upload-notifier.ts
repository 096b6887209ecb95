import { safe } from '../views/format';
import { findActivity } from '../domain/activities';
import { describeDocument } from '../domain/document';
import type { Received } from '../domain/document.service';
import type { Logger } from '../logger';
import { claimCard } from '../views/claim.view';
import { requestCard } from '../views/documents.view';
import { syncCards } from './sync';
import type { BotDeps } from './turn';

type NotifierDeps = Pick<BotDeps, 'requests' | 'claims' | 'cards' | 'messenger' | 'review'>;

/**
 * After a document landed (upload page or 1:1 chat): the claim card in its thread updates (the
 * checklist ticks the item), the request's cards say "done", and the requester is told in the
 * thread. The document is already committed: a failure here is logged, never undone.
 */
export async function documentLanded(d: NotifierDeps, parentLog: Logger, received: Received): Promise<void> {
  const { claim, document, grant } = received;
  const log = parentLog.child({ claimId: claim.id, documentId: document.id });
  const activity = findActivity(claim.activityCode);
  const step = async <T>(what: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (err) {
      log.warn({ err }, `after an upload: could not ${what}`);
      return undefined;
    }
  };
  const request =
    grant.type === 'request'
      ? await step('load the request', () => d.requests.row(claim.tenantId, grant.id))
      : undefined;
  if (request) await step('mark the request done', () => d.requests.markDone(claim.tenantId, grant.id));
  const picture = await step('build the claim card', () => d.claims.picture(claim));
  if (picture) await syncCards(d, log, picture, { reviewSide: true, claimCard: claimCard(d.cards, picture) });
  if (!request) return;
  const done = requestCard(d.cards, {
    request,
    claim,
    activity,
    state: 'done',
    banner: safe`${document.addedBy.name} uploaded ${document.name}.`,
    bannerStyle: 'good',
  });
  for (const posted of [request.cards?.thread, request.cards?.personal]) {
    if (posted?.activityId)
      await step('update a request card', () => d.messenger.updateCard(posted, posted.activityId, done));
  }
  const where = claim.home ?? request.cards?.thread;
  if (where) {
    const note = document.note ? ` Note: “${document.note.slice(0, 300)}”` : '';
    await step('tell the requester', () =>
      d.messenger.send(where, {
        text: safe`**${document.addedBy.name}** uploaded **${document.name}** to ${claim.number} (${describeDocument(document, activity)}) — your request #${request.code} is done.${note}`,
        mention: [request.requester],
      }),
    );
  }
}
