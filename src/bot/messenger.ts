import { CardFactory, type CloudAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import type { ConversationRef } from '../domain/claim';
import type { Card } from '../views/render-card';

/**
 * Proactive messages (outside the turn that caused them): the review channel, the claim's thread,
 * a colleague's 1:1 chat. Uses stored conversation references and continueConversationAsync.
 */
export class Messenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
  ) {}

  /** Posts a card (and optional text) into a stored conversation; returns the new activity id. */
  async sendCard(ref: ConversationRef, card: Card, text?: string): Promise<string | undefined> {
    let id: string | undefined;
    await this.continue(ref, async (context) => {
      const res = await context.sendActivity({ text, attachments: [CardFactory.adaptiveCard(card)] });
      id = res?.id;
    });
    return id;
  }

  async sendText(ref: ConversationRef, text: string): Promise<string | undefined> {
    let id: string | undefined;
    await this.continue(ref, async (context) => {
      id = (await context.sendActivity(text))?.id;
    });
    return id;
  }

  /** Replaces a card message that the bot posted earlier. */
  async updateCard(ref: ConversationRef, activityId: string, card: Card): Promise<void> {
    await this.continue(ref, async (context) => {
      await context.updateActivity({ type: 'message', id: activityId, attachments: [CardFactory.adaptiveCard(card)] });
    });
  }

  private async continue(ref: ConversationRef, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const reference: Partial<ConversationReference> = {
      serviceUrl: ref.serviceUrl,
      channelId: ref.channelId,
      conversation: {
        id: ref.conversationId,
        conversationType: ref.conversationType ?? '',
        isGroup: ref.conversationType !== 'personal',
        name: '',
      },
      bot: { id: ref.botId, name: ref.botName ?? '' },
    };
    await this.adapter.continueConversationAsync(this.botAppId, reference, logic);
  }
}
