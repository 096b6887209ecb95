import { CardFactory, type AdaptiveCardInvokeResponse } from 'botbuilder';
import { AfterCommitError, DomainError } from '../domain/errors';
import type { ClaimPicture } from '../domain/picture';
import { claimCard } from '../views/claim.view';
import { withoutBanner, type Banner, type Drafts } from '../views/claim-parts.view';
import type { Card } from '../views/render-card';
import { reviewCard } from '../views/review.view';
import { presentationOf, refusalBanner } from '../views/refusals';
import { cardResponse, messageResponse } from './reply';
import { syncCards, type SyncNotes } from './sync';
import type { BotDeps, Turn } from './turn';

/** A committed change: the pressed card is replaced for everyone and the other side is kept in step. */
export interface Change {
  readonly notes?: SyncNotes;
  /** The review side shows the change too (its card is updated, or posted the first time). */
  readonly reviewSide?: boolean;
}

/**
 * How a card press answers — declared by the action, carried out once here (TeamsFx's
 * adaptiveCardResponse): the claim card or the review card for the presser (and, after a change,
 * for everyone on that message), another card, or a short message.
 */
export type Answer =
  | {
      readonly kind: 'claim';
      readonly picture: ClaimPicture;
      readonly banner?: Banner;
      readonly drafts?: Drafts;
      readonly changed?: Change;
    }
  | {
      readonly kind: 'review';
      readonly picture: ClaimPicture;
      readonly banner?: Banner;
      readonly drafts?: Drafts;
      readonly changed?: Change;
    }
  | { readonly kind: 'card'; readonly card: Card; readonly forAll?: boolean }
  | { readonly kind: 'message'; readonly text: string };

/** Which card a refused press answers with. */
export type Side = 'claim' | 'review';

type AnswerDeps = Pick<BotDeps, 'cards' | 'messenger' | 'review' | 'claims'>;

/** Renders the answer once, updates the pressed message for everyone after a change, syncs the other side. */
export async function deliver(d: AnswerDeps, turn: Turn, answer: Answer): Promise<AdaptiveCardInvokeResponse> {
  switch (answer.kind) {
    case 'message':
      return messageResponse(answer.text);
    case 'card':
      if (answer.forAll) await updatePressed(turn, answer.card);
      return cardResponse(answer.card);
    case 'claim':
    case 'review': {
      const card = await render(d, turn, answer);
      if (answer.changed) {
        // Everyone on the message sees the card as it is for anyone: the presser's own review view
        // (their conflict, someone else's hold) would hide Pick up or the decisions from the others.
        const shared = answer.kind === 'review' ? neutralReviewCard(d, answer.picture) : withoutBanner(card);
        await updatePressed(turn, shared);
        await syncCards(d, turn.log, answer.picture, {
          pressed: turn.context.activity.replyToId,
          ...(answer.changed.notes ? { notes: answer.changed.notes } : {}),
          reviewSide: answer.kind === 'review' || !!answer.changed.reviewSide,
          ...(answer.kind === 'claim' ? { claimCard: shared } : { reviewCard: shared }),
        });
      }
      return cardResponse(card);
    }
  }
}

/** The refusal as an answer: the claim as it is now with the reason on top (and what the person typed), or a message. */
export async function refusal(
  d: AnswerDeps,
  turn: Turn,
  err: DomainError,
  side: Side,
  claimId: string | undefined,
  drafts: Drafts | undefined,
): Promise<Answer> {
  const presentation = presentationOf(err);
  if (!presentation.showsClaim) return { kind: 'message', text: err.userMessage };
  const picture =
    err.picture ?? (claimId ? await d.claims.loadForViewer(turn.who, claimId, turn).catch(() => undefined) : undefined);
  // The card only for someone who may see it here: a copied card shows a colleague elsewhere nothing.
  if (!picture || !(await d.claims.visibleTo(picture.claim, turn))) return { kind: 'message', text: err.userMessage };
  turn.log.info({ code: err.code }, 'press refused');
  return { kind: side, picture, banner: refusalBanner(err), ...(drafts ? { drafts } : {}) };
}

async function render(d: AnswerDeps, turn: Turn, answer: Extract<Answer, { kind: 'claim' | 'review' }>): Promise<Card> {
  try {
    const options = {
      ...(answer.banner ? { banner: answer.banner } : {}),
      ...(answer.drafts ? { drafts: answer.drafts } : {}),
    };
    if (answer.kind === 'claim') return claimCard(d.cards, answer.picture, options);
    const actor = await turn.actor();
    const conflict = d.review.conflict(actor, answer.picture.claim);
    const heldBy = d.review.holdsElsewhere(actor, answer.picture.claim)
      ? answer.picture.claim.review?.reviewer?.name
      : undefined;
    return reviewCard(d.cards, answer.picture, {
      ...options,
      ...(conflict ? { conflict } : {}),
      ...(heldBy ? { heldBy } : {}),
    });
  } catch (err) {
    if (answer.changed) throw new AfterCommitError('showing the updated card', err);
    throw err;
  }
}

function neutralReviewCard(d: AnswerDeps, picture: ClaimPicture): Card {
  try {
    return reviewCard(d.cards, picture);
  } catch (err) {
    throw new AfterCommitError('the updated card', err);
  }
}

/** Replaces the card message the person pressed, for everyone in the conversation. */
export async function updatePressed(turn: Turn, card: Card): Promise<void> {
  const { activity } = turn.context;
  if (!activity.replyToId) return;
  try {
    await turn.context.updateActivity({
      type: 'message',
      id: activity.replyToId,
      conversation: activity.conversation,
      attachments: [CardFactory.adaptiveCard(card)],
    });
  } catch (err) {
    // The change is committed; the presser already sees it and others get it on refresh.
    turn.log.warn({ err, replyToId: activity.replyToId }, 'could not update the shared card');
  }
}

export function isRefusal(err: unknown): err is DomainError {
  return err instanceof DomainError;
}
