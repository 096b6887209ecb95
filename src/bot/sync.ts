import type { Claim } from '../domain/claim';
import type { ClaimPicture } from '../domain/picture';
import type { Logger } from '../logger';
import { claimCard } from '../views/claim.view';
import type { Card } from '../views/render-card';
import { reviewCard } from '../views/review.view';
import type { Notice } from './messenger';
import type { BotDeps } from './turn';

export interface SyncNotes {
  /** A line for the partner's thread (where the claim card lives). */
  readonly toPartner?: Notice;
  /** A line for the review channel. */
  readonly toReviewers?: Notice;
}

export interface SyncOptions {
  /** The card message the person pressed (already updated by the answer). */
  readonly pressed?: string;
  readonly notes?: SyncNotes;
  /** The change is visible on the review side too (its card is updated, or posted the first time). */
  readonly reviewSide?: boolean;
  /** Cards already rendered for this picture (so nothing is rendered twice). */
  readonly claimCard?: Card;
  readonly reviewCard?: Card;
}

type SyncDeps = Pick<BotDeps, 'cards' | 'messenger' | 'review'>;

/** Claims the review side works on: submitted at least once and not closed before review. */
export function onReviewSide(claim: Claim): boolean {
  return !!(claim.firstSubmittedAt ?? claim.submittedAt) && claim.status !== 'Editing';
}

/**
 * Keeps the two sides in step after a change: the claim card in the partner's conversation and the
 * review card in the review channel are updated (or the review card posted the first time), and
 * each side can get a short notice. The change is already committed, so a delivery failure is
 * logged, never turned into an error for the person who acted.
 */
export async function syncCards(
  d: SyncDeps,
  log: Logger,
  picture: ClaimPicture,
  options: SyncOptions = {},
): Promise<void> {
  const { claim } = picture;
  const home = claim.home;
  if (home) {
    await deliver(log, 'claim card', async () => {
      if (home.cardActivityId && home.cardActivityId !== options.pressed) {
        await d.messenger.updateCard(home, home.cardActivityId, options.claimCard ?? claimCard(d.cards, picture));
      }
      if (options.notes?.toPartner) await d.messenger.send(home, options.notes.toPartner);
    });
  }
  if (!options.reviewSide || !onReviewSide(claim)) return;
  await deliver(log, 'review card', async () => {
    const channel = await d.review.reviewChannel(claim.tenantId);
    if (!channel) return;
    const card = options.reviewCard ?? reviewCard(d.cards, picture);
    const existing = await d.review.reviewCardOf(claim, channel);
    if (existing) {
      if (existing !== options.pressed) await d.messenger.updateCard(channel, existing, card);
    } else {
      const id = await d.messenger.sendCard(channel, card);
      if (id) await d.review.setReviewCard(claim, channel, id);
    }
    if (options.notes?.toReviewers) await d.messenger.send(channel, options.notes.toReviewers);
  });
}

/** Posts the review card of a claim into the review channel (a claim that waited for one). */
export async function postReviewCard(d: SyncDeps, log: Logger, picture: ClaimPicture): Promise<boolean> {
  let posted = false;
  await deliver(log, 'review card', async () => {
    const channel = await d.review.reviewChannel(picture.claim.tenantId);
    if (!channel || (await d.review.reviewCardOf(picture.claim, channel))) return;
    const id = await d.messenger.sendCard(channel, reviewCard(d.cards, picture));
    if (id) {
      await d.review.setReviewCard(picture.claim, channel, id);
      posted = true;
    }
  });
  return posted;
}

async function deliver(log: Logger, what: string, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (err) {
    log.warn({ err, what }, 'could not deliver a card update');
  }
}
