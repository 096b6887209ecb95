import { CardFactory, type CloudAdapter, type ConversationParameters, type TurnContext } from 'botbuilder';
import type { ConversationRef, Person } from '../domain/claim';
import type { Clock } from '../domain/clock';
import type { PostedCard } from '../domain/upload-request';
import type { ConversationRepository } from '../domain/ports';
import type { Card } from '../views/render-card';
import type { Messenger } from './messenger';

/** Where to open a new 1:1 chat from: the Teams service and bot identity of a known conversation. */
export interface Via {
  readonly serviceUrl: string;
  readonly botId: string;
  readonly botName?: string;
}

/**
 * 1:1 cards from the bot. Personal conversation references are remembered from every activity in
 * a personal chat; when a person has none yet, the bot opens the chat through the connector's
 * createConversation (the bot must be installed for them, or in a team they belong to).
 */
export class DirectMessages {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
    private readonly messenger: Messenger,
    private readonly conversations: ConversationRepository,
    private readonly clock: Clock,
  ) {}

  /** Remembers the sender's personal conversation (only for activities in a 1:1 chat). */
  async remember(context: TurnContext, tenantId: string): Promise<void> {
    const a = context.activity;
    if (a.conversation?.conversationType !== 'personal' || !a.from?.id) return;
    const ref: ConversationRef = {
      serviceUrl: a.serviceUrl,
      channelId: a.channelId,
      conversationId: a.conversation.id,
      conversationType: 'personal',
      botId: a.recipient.id,
      botName: a.recipient.name,
    };
    await this.conversations.remember(
      tenantId,
      { id: a.from.id, aadObjectId: a.from.aadObjectId },
      ref,
      this.clock.now(),
    );
  }

  /** Sends a card into the person's 1:1 chat with the bot, opening the chat if needed. */
  async sendCard(tenantId: string, person: Person, card: Card, via: Via, text?: string): Promise<PostedCard> {
    const known = await this.conversations.personal(tenantId, person);
    if (known) {
      try {
        const activityId = await this.messenger.sendCard(known, card, text);
        return { ...known, activityId: activityId ?? '' };
      } catch (err) {
        // The stored chat is gone (the app was removed and added again): open a new one below.
        const status = (err as { statusCode?: number }).statusCode;
        if (status !== 403 && status !== 404) throw err;
        await this.conversations.forget(tenantId, person.id);
      }
    }
    let posted: PostedCard | undefined;
    const parameters = {
      isGroup: false,
      bot: { id: via.botId, name: via.botName ?? '' },
      members: [{ id: person.id, name: person.name }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as unknown as ConversationParameters;
    await this.adapter.createConversationAsync(
      this.botAppId,
      'msteams',
      via.serviceUrl,
      undefined as unknown as string,
      parameters,
      async (context) => {
        const ref: ConversationRef = {
          serviceUrl: via.serviceUrl,
          channelId: 'msteams',
          conversationId: context.activity.conversation.id,
          conversationType: 'personal',
          botId: via.botId,
          botName: via.botName,
        };
        await this.conversations.remember(tenantId, person, ref, this.clock.now());
        const res = await context.sendActivity({ text, attachments: [CardFactory.adaptiveCard(card)] });
        posted = { ...ref, activityId: res?.id ?? '' };
      },
    );
    if (!posted) throw new Error('createConversation ran no turn');
    return posted;
  }
}
