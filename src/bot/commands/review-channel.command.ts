import { z } from 'zod';
import { defineCommand } from '../router';
import { conversationRef } from '../actions/claim.create.action';

export const reviewChannelCommand = defineCommand({
  name: 'review-channel',
  usage: 'review channel here',
  help: [
    {
      usage: 'review channel here',
      text: 'Admins: make this channel the review channel — submitted claims arrive here as review cards.',
    },
  ],
  pattern: /^review channel(?:\s+(?<where>.*))?$/i,
  args: z.object({ where: z.string().regex(/^here$/i) }),
  async run(turn) {
    await turn.services.review.setReviewChannel(turn.actor, conversationRef(turn));
    await turn.context.sendActivity(
      'This channel is now the **review channel**: submitted claims will arrive here as review cards. Grant reviewers with `reviewer @person`.',
    );
  },
});
