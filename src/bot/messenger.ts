import {
  CardFactory,
  teamsGetTeamInfo,
  TurnContext,
  type Activity,
  type CloudAdapter,
  type ConversationReference,
  type Mention,
} from 'botbuilder';
import type { ConversationRef, Person } from '../domain/claim';
import { md } from '../views/format';
import type { Card } from '../views/render-card';

/** A notice for a conversation, @mentioning the people it is for (Teams then notifies them). */
export interface Notice {
  readonly text: string;
  readonly mention?: readonly Person[];
}

/** The stored form of the framework's conversation reference (TurnContext.getConversationReference). */
export function referenceOf(activity: Partial<Activity>, cardActivityId?: string): ConversationRef {
  const ref = TurnContext.getConversationReference(activity);
  const teamId = teamOf(activity);
  return {
    serviceUrl: ref.serviceUrl ?? '',
    channelId: ref.channelId ?? 'msteams',
    conversationId: ref.conversation?.id ?? '',
    ...(ref.conversation?.conversationType ? { conversationType: ref.conversation.conversationType } : {}),
    ...(ref.conversation?.tenantId ? { tenantId: ref.conversation.tenantId } : {}),
    botId: ref.bot?.id ?? '',
    ...(ref.bot?.name ? { botName: ref.bot.name } : {}),
    ...(teamId ? { teamId } : {}),
    ...(cardActivityId ? { cardActivityId } : {}),
  };
}

/** The id of the team an activity comes from (a bounded string), if it names one. */
export function teamOf(activity: Partial<Activity>): string | undefined {
  const id = teamsGetTeamInfo(activity as Activity)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : undefined;
}

/** Builds the framework's reference back from the stored one, for continueConversationAsync. */
export function frameworkReference(ref: ConversationRef): Partial<ConversationReference> {
  return {
    serviceUrl: ref.serviceUrl,
    channelId: ref.channelId,
    conversation: {
      id: ref.conversationId,
      conversationType: ref.conversationType ?? '',
      isGroup: ref.conversationType !== 'personal',
      name: '',
      ...(ref.tenantId ? { tenantId: ref.tenantId } : {}),
    },
    bot: { id: ref.botId, name: ref.botName ?? '' },
  };
}

/** A message whose text names `people` as Teams mentions (`<at>Name</at>` + mention entities). */
export function mentionActivity(notice: Notice): Partial<Activity> {
  const people = notice.mention ?? [];
  if (people.length === 0) return { type: 'message', text: notice.text };
  const entities: Mention[] = people.map(
    (p) => ({ type: 'mention', text: `<at>${md(p.name)}</at>`, mentioned: { id: p.id, name: p.name } }) as Mention,
  );
  return { type: 'message', text: `${entities.map((e) => e.text).join(' ')} ${notice.text}`, entities };
}

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

  async send(ref: ConversationRef, notice: Notice): Promise<string | undefined> {
    let id: string | undefined;
    await this.continue(ref, async (context) => {
      id = (await context.sendActivity(mentionActivity(notice)))?.id;
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
    await this.adapter.continueConversationAsync(this.botAppId, frameworkReference(ref), logic);
  }
}
