import {
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ChannelAccount,
} from 'botbuilder';
import type { Person } from '../domain/claim';
import type { Logger } from '../logger';
import { helpCard } from '../views/forms.view';
import { chatFiles, receiveChatFiles } from './chat-files';
import { messageResponse, sendCard, userMessageFor } from './reply';
import type { Router } from './router';
import type { Services, Turn } from './turn';

/** Tenant of the activity: every query is scoped by it. */
export function tenantOf(context: TurnContext): string | undefined {
  const a = context.activity;
  const fromChannel = (a.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const id = a.conversation?.tenantId ?? (typeof fromChannel === 'string' ? fromChannel : undefined);
  return id && /^[\w.-]{1,100}$/.test(id) ? id : undefined;
}

function personOf(from: ChannelAccount): Person {
  return { id: from.id, aadObjectId: from.aadObjectId, name: (from.name ?? '').slice(0, 200) || 'Someone' };
}

const NO_TENANT_TEXT =
  'I work inside a Microsoft Teams organisation only: this conversation has no tenant, so I cannot look up claims here.';

/**
 * Teams entry point: translates activities into router calls. It owns the cross-cutting rules:
 * tenant scoping, replay protection, logging context, and turning errors into safe messages.
 */
export class ClaimsBot extends TeamsActivityHandler {
  constructor(
    private readonly router: Router,
    private readonly services: Services,
    private readonly log: Logger,
  ) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
      if (botAdded) await sendCard(context, helpCard(this.services.cards, this.services.helpLines()));
      await next();
    });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
    // A file sent to the bot (Teams file download info) is an upload; everything else is a command.
    const files = chatFiles(context.activity);
    await this.withTurn(
      context,
      undefined,
      (turn) =>
        files.length > 0
          ? receiveChatFiles(turn, files, text)
          : this.router.message(turn, text.replace(/<at>[^<]*<\/at>/g, ' ')),
      async (message) => {
        await context.sendActivity(message);
      },
    );
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const verb = typeof invokeValue.action?.verb === 'string' ? invokeValue.action.verb.slice(0, 64) : '';
    let response: AdaptiveCardInvokeResponse = messageResponse('Nothing to do.');
    await this.withTurn(
      context,
      verb,
      async (turn) => {
        response = await this.router.action(turn, verb, invokeValue.action?.data);
      },
      async (message) => {
        response = messageResponse(message);
      },
    );
    return response;
  }

  /** Builds the Turn (tenant, member, logger), guards against replays, and maps any error once. */
  private async withTurn(
    context: TurnContext,
    verb: string | undefined,
    handle: (turn: Turn) => Promise<void>,
    tell: (message: string) => Promise<void>,
  ): Promise<void> {
    const activity = context.activity;
    const activityId = activity.id ?? 'unknown';
    const tenantId = tenantOf(context);
    const log = this.log.child({ activityId, tenantId, verb, type: activity.type });
    if (!tenantId) {
      log.warn('activity without tenant');
      await tell(NO_TENANT_TEXT);
      return;
    }
    let claimed = false;
    try {
      const useLedger = Boolean(activity.id) && !(verb !== undefined && this.router.replaySafe(verb));
      const [first, actor] = await Promise.all([
        useLedger ? this.services.ledger.claim(tenantId, activity.id!) : Promise.resolve(true),
        this.services.members.actor(tenantId, personOf(activity.from)),
      ]);
      claimed = useLedger && first;
      if (!first) {
        log.info('replayed activity ignored');
        if (verb !== undefined) await tell('That action was already handled.');
        return;
      }
      // A 1:1 chat is where the bot can reach this person later (upload requests, reminders).
      await this.services.uploads.direct.remember(context, tenantId);
      await handle({ context, actor, log, services: this.services });
    } catch (err) {
      if (claimed) await this.releaseQuietly(tenantId, activityId, log);
      await tell(userMessageFor(err, log, activityId));
    }
  }

  private async releaseQuietly(tenantId: string, activityId: string, log: Logger): Promise<void> {
    try {
      await this.services.ledger.release(tenantId, activityId);
    } catch (err) {
      log.warn({ err }, 'could not release the activity id after a failure');
    }
  }
}
