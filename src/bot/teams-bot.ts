import {
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type MessagingExtensionActionResponse,
} from 'botbuilder';
import type { ActorContext, Who } from '../domain/actor';
import { z } from 'zod';
import type { Person } from '../domain/claim';
import { AfterCommitError } from '../domain/errors';
import type { Logger } from '../logger';
import { helpCard } from '../views/forms.view';
import { chatFiles, receiveChatFiles } from './chat-files';
import type { MessageActions } from './message-action';
import { teamOf } from './messenger';
import { messageResponse, sendCard, userMessageFor } from './reply';
import type { Router } from './router';
import type { BotDeps, Turn } from './turn';

const TenantId = z.string().regex(/^[\w.-]{1,100}$/);

/** Tenant of the activity: every query is scoped by it. */
export function tenantOf(context: TurnContext): string | undefined {
  const edge = identityOf(context.activity);
  return edge.ok ? edge.tenantId : undefined;
}

/** Teams and Entra ids: printable ASCII without spaces, bounded. Never an object a query could read as an operator. */
const Id = z.string().regex(/^[\x21-\x7e]{1,256}$/);
const absent = z.null().transform(() => undefined);

/** The fields of an activity that say who acts where; the rest of the activity is not trusted for identity. */
const ActivityIdentity = z.object({
  id: Id.optional(),
  from: z.object({
    id: Id,
    aadObjectId: Id.optional().or(absent),
    name: z.string().max(1000).optional().or(absent),
  }),
  recipient: z.object({ id: Id, name: z.string().max(1000).optional().or(absent) }),
  conversation: z.object({ id: z.string().regex(/^[\x21-\x7e]{1,1024}$/) }),
});

export type EdgeIdentity =
  | { readonly ok: true; readonly tenantId: string; readonly person: Person }
  | {
      readonly ok: false;
      readonly reason: 'no-tenant' | 'tenant-mismatch' | 'bad-identity';
      readonly message: string;
      readonly fields?: readonly string[];
    };

/**
 * Who acts, in which tenant, checked before anything reaches the database: a tenant named twice
 * must be named the same both times, and every identity field must be a plain, bounded string
 * (with authentication off anyone can post any JSON, e.g. `from.id: {"$gt": ""}`).
 */
export function identityOf(activity: Activity): EdgeIdentity {
  const fromConversation: unknown = activity.conversation?.tenantId ?? undefined;
  const fromChannel: unknown =
    (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id ?? undefined;
  if (fromConversation !== undefined && fromChannel !== undefined && fromConversation !== fromChannel)
    return { ok: false, reason: 'tenant-mismatch', message: TENANT_MISMATCH_TEXT };
  const tenant = TenantId.safeParse(fromConversation ?? fromChannel);
  if (!tenant.success) return { ok: false, reason: 'no-tenant', message: NO_TENANT_TEXT };
  const parsed = ActivityIdentity.safeParse(activity);
  if (!parsed.success)
    return {
      ok: false,
      reason: 'bad-identity',
      message: BAD_IDENTITY_TEXT,
      fields: parsed.error.issues.slice(0, 5).map((i) => i.path.join('.')),
    };
  const { from } = parsed.data;
  return {
    ok: true,
    tenantId: tenant.data,
    person: { id: from.id, aadObjectId: from.aadObjectId, name: (from.name ?? '').slice(0, 200) || 'Someone' },
  };
}

const NO_TENANT_TEXT =
  'I work inside a Microsoft Teams organisation only: this conversation has no tenant, so I cannot look up claims here.';
const TENANT_MISMATCH_TEXT =
  "This message names two different Microsoft Teams organisations, so I can't tell whose claims to use. Nothing was changed.";
const BAD_IDENTITY_TEXT =
  "I can't tell who sent this: the sender or conversation details of the message are not valid. Nothing was changed.";

type PipelineDeps = Pick<
  BotDeps,
  'ledger' | 'members' | 'review' | 'direct' | 'cards' | 'helpLines' | 'isStoreOutage'
> &
  Parameters<typeof receiveChatFiles>[0];

/**
 * Teams entry point: translates activities into router calls through a few small steps — tenant
 * and sender (identity), the replay ledger (only for presses that could act twice), remembering a
 * 1:1 chat, roles on demand — and turns any error into a safe message once.
 */
export class ClaimsBot extends TeamsActivityHandler {
  constructor(
    private readonly router: Router,
    private readonly d: PipelineDeps,
    private readonly log: Logger,
    private readonly messageActions: MessageActions,
  ) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
      if (botAdded) await sendCard(context, helpCard(this.d.cards, this.d.helpLines()));
      await next();
    });
    this.onMembersRemoved(async (context, next) => {
      const botRemoved = (context.activity.membersRemoved ?? []).some((m) => m.id === context.activity.recipient.id);
      if (botRemoved) await this.botRemoved(context);
      await next();
    });
  }

  /** The bot left a team or chat: a review channel there is forgotten (nothing can be posted to it). */
  private async botRemoved(context: TurnContext): Promise<void> {
    const edge = identityOf(context.activity);
    if (!edge.ok) return;
    const conversationId = context.activity.conversation?.id;
    if (typeof conversationId !== 'string' || conversationId.length > 500) return;
    const teamId = teamOf(context.activity);
    const log = this.log.child({ activityId: context.activity.id?.slice(0, 100), tenantId: edge.tenantId });
    try {
      const forgotten = await this.d.review.botRemoved(edge.tenantId, {
        conversationId,
        ...(teamId ? { teamId } : {}),
      });
      if (forgotten)
        log.warn({ conversationId: forgotten.conversationId }, 'bot removed: the review channel is forgotten');
    } catch (err) {
      log.error({ err }, 'bot removed: could not check the review channel');
    }
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
    // A file sent to the bot (Teams file download info) is an upload; everything else is a command.
    const files = chatFiles(context.activity);
    const clean = text.replace(/<at>[^<]*<\/at>/g, ' ');
    await this.withTurn(
      context,
      files.length > 0 || !this.router.messageReplaySafe(clean) ? { ledger: true } : { ledger: false },
      (turn) => (files.length > 0 ? receiveChatFiles(this.d, turn, files, text) : this.router.message(turn, clean)),
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
      { verb, ledger: !this.router.replaySafe(verb) },
      async (turn) => {
        response = await this.router.action(turn, verb, invokeValue.action?.data);
      },
      async (message) => {
        response = messageResponse(message);
      },
    );
    return response;
  }

  /** A message action (Add to claim…) asks for its dialog. */
  protected override async handleTeamsMessagingExtensionFetchTask(
    context: TurnContext,
    value: unknown,
  ): Promise<MessagingExtensionActionResponse> {
    return this.onMessageAction(context, 'fetch', value);
  }

  /**
   * A message action's dialog was sent. Always here: this bot shows no message previews, so the
   * SDK's dispatch on `botMessagePreviewAction` (which reads the raw value first) is not used.
   */
  protected override async handleTeamsMessagingExtensionSubmitActionDispatch(
    context: TurnContext,
    value: unknown,
  ): Promise<MessagingExtensionActionResponse> {
    return this.onMessageAction(context, 'submit', value);
  }

  private async onMessageAction(
    context: TurnContext,
    phase: 'fetch' | 'submit',
    value: unknown,
  ): Promise<MessagingExtensionActionResponse> {
    const actions = this.messageActions;
    let response: MessagingExtensionActionResponse | undefined;
    // A dialog's last step adds documents: each submit is recorded once by id, like a card press.
    await this.withTurn(
      context,
      { verb: `message-action/${phase}`, ledger: phase === 'submit' },
      async (turn) => {
        response = await actions.handle(turn, phase, value);
      },
      async (message) => {
        response = actions.notice(message);
      },
    );
    return response ?? actions.notice('Nothing to do.');
  }

  /** Builds the Turn, guards against replays, and maps any error once. */
  private async withTurn(
    context: TurnContext,
    how: { readonly verb?: string; readonly ledger: boolean },
    handle: (turn: Turn) => Promise<void>,
    tell: (message: string) => Promise<void>,
  ): Promise<void> {
    const { verb } = how;
    const activity = context.activity;
    const activityId = activity.id ?? 'unknown';
    const edge = identityOf(activity);
    const log = this.log.child({
      activityId,
      tenantId: edge.ok ? edge.tenantId : undefined,
      verb,
      type: activity.type,
    });
    if (!edge.ok) {
      log.warn({ reason: edge.reason, fields: edge.fields }, 'activity refused at the edge');
      try {
        await tell(edge.message);
      } catch (err) {
        // A reply is addressed to the sender: with a malformed sender there may be no one to reach.
        log.warn({ err }, 'could not answer the refused activity');
      }
      return;
    }
    const { tenantId, person } = edge;
    const who: Who = { tenantId, person };
    let claimed = false;
    try {
      if (how.ledger && activity.id) {
        const first = await this.d.ledger.claim(tenantId, activity.id!);
        if (!first) {
          log.info('replayed activity ignored');
          if (verb !== undefined) await tell('That action was already handled.');
          return;
        }
        claimed = true;
      }
      // A 1:1 chat is where the bot can reach this person later (upload requests, reminders).
      await this.d.direct.remember(context, tenantId);
      await handle(this.turn(context, who, log));
    } catch (err) {
      // A saved change keeps its replay-ledger entry: a retry of the same activity must not act again.
      if (claimed && !(err instanceof AfterCommitError)) await this.releaseQuietly(tenantId, activityId, log);
      await tell(userMessageFor(err, log, activityId, this.d.isStoreOutage));
    }
  }

  private turn(context: TurnContext, who: Who, log: Logger): Turn {
    let roles: Promise<ActorContext> | undefined;
    const conversation = context.activity.conversation;
    return {
      context,
      who,
      conversationId: conversation?.id ?? '',
      conversationType: conversation?.conversationType ?? '',
      log,
      actor: () => (roles ??= this.d.members.actor(who, () => signInName(context, who.person.id))),
    };
  }

  private async releaseQuietly(tenantId: string, activityId: string, log: Logger): Promise<void> {
    try {
      await this.d.ledger.release(tenantId, activityId);
    } catch (err) {
      log.warn({ err }, 'could not release the activity id after a failure');
    }
  }
}

/** The person's sign-in name from the Teams roster (only asked when admins are configured by sign-in name). */
async function signInName(context: TurnContext, userId: string): Promise<string | undefined> {
  try {
    const member = await TeamsInfo.getMember(context, userId);
    return member.userPrincipalName ?? member.email ?? undefined;
  } catch {
    return undefined;
  }
}
