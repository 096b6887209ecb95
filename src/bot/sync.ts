import type { ClaimPicture } from '../domain/claim.service';
import { claimCard } from '../views/claim.view';
import { reviewCard } from '../views/review.view';
import type { Turn } from './turn';

export interface SyncNotes {
  /** A line for the partner's thread (where the claim card lives). */
  readonly toPartner?: string;
  /** A line for the review channel. */
  readonly toReviewers?: string;
}

/**
 * Keeps the two sides in step after a change: the claim card in the partner's conversation and the
 * review card in the review channel are updated (or the review card posted the first time), and
 * each side can get a short message. The change is already committed, so a delivery failure is
 * logged, never turned into an error for the person who acted.
 */
export async function syncCards(turn: Turn, picture: ClaimPicture, notes: SyncNotes = {}): Promise<void> {
  const { services, log } = turn;
  const { claim } = picture;
  const pressed = turn.context.activity.replyToId;

  const home = claim.home;
  if (home) {
    await deliver(log, 'claim card', async () => {
      if (home.cardActivityId && home.cardActivityId !== pressed)
        await services.messenger.updateCard(home, home.cardActivityId, claimCard(services.cards, picture));
      if (notes.toPartner) await services.messenger.sendText(home, notes.toPartner);
    });
  }

  const channel = await services.review.reviewChannel(claim.tenantId);
  if (!channel || claim.status === 'Editing') return;
  await deliver(log, 'review card', async () => {
    const card = reviewCard(services.cards, picture);
    const existing = await services.review.reviewCardOf(claim);
    if (existing) {
      if (existing !== pressed) await services.messenger.updateCard(channel, existing, card);
    } else {
      const id = await services.messenger.sendCard(channel, card);
      if (id) await services.review.setReviewCard(claim, id);
    }
    if (notes.toReviewers) await services.messenger.sendText(channel, notes.toReviewers);
  });
}

async function deliver(log: Turn['log'], what: string, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (err) {
    log.warn({ err, what }, 'could not deliver a card update');
  }
}
