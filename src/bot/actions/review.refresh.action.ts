import { requireReviewSide } from '../../domain/access';
import { defineAction } from '../router';
import { ClaimRef } from '../schemas';
import type { BotDeps } from '../turn';

/** The review card as it is now, for the reviewer who opens it (also the review card's `refresh` and the queue's rows). */
export const reviewRefreshAction = (d: Pick<BotDeps, 'claims'>) =>
  defineAction({
    verb: 'review.refresh',
    replaySafe: true,
    side: 'review',
    data: ClaimRef,
    async run(turn, data) {
      const actor = await turn.actor();
      const picture = await d.claims.loadForViewer(actor, data.claimId, turn);
      // Colleagues and partners get the partner's card (a review card is for reviewers).
      try {
        requireReviewSide(actor, 'open review cards');
      } catch {
        return { kind: 'claim', picture };
      }
      return { kind: 'review', picture };
    },
  });
