import { randomUUID } from 'node:crypto';

export interface UserSpec {
  readonly id: string;
  readonly aadObjectId: string;
  readonly name: string;
}

export const ANN: UserSpec = { id: '29:ann', aadObjectId: 'aad-ann', name: 'Ann Admin' };
export const BOB: UserSpec = { id: '29:bob', aadObjectId: 'aad-bob', name: 'Bob User' };
export const EVE: UserSpec = { id: '29:eve', aadObjectId: 'aad-eve', name: 'Eve Other-Tenant' };

export interface Where {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly serviceUrl: string;
  readonly conversationType?: 'channel' | 'groupChat' | 'personal';
}

const BOT = { id: '28:claims-bot', name: 'ClaimsBot' };

function base(where: Where, from: UserSpec) {
  return {
    id: `act-${randomUUID()}`,
    channelId: 'msteams',
    serviceUrl: where.serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: from.id, aadObjectId: from.aadObjectId, name: from.name },
    recipient: BOT,
    conversation: {
      id: where.conversationId,
      tenantId: where.tenantId,
      conversationType: where.conversationType ?? 'channel',
      isGroup: true,
    },
    channelData: { tenant: { id: where.tenantId } },
  };
}

/** A message as Teams sends it, with the bot @mentioned in channels. */
export function message(where: Where, from: UserSpec, text: string, overrides: Record<string, unknown> = {}) {
  const mention = where.conversationType === 'personal' ? '' : `<at>${BOT.name}</at> `;
  return {
    ...base(where, from),
    type: 'message',
    text: `${mention}${text}`,
    entities: mention ? [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }] : [],
    ...overrides,
  };
}

/** An Action.Execute press: invoke `adaptiveCard/action`. */
export function invoke(
  where: Where,
  from: UserSpec,
  verb: string,
  data: unknown,
  replyToId = 'card-1',
  overrides: Record<string, unknown> = {},
) {
  return {
    ...base(where, from),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    ...overrides,
  };
}

export function botAdded(where: Where, from: UserSpec) {
  return { ...base(where, from), type: 'conversationUpdate', membersAdded: [BOT] };
}

/** Teams' "the bot was removed" (from a team, when `teamId` is given, or from a chat), sent by `from`. */
export function botRemoved(where: Where, from: UserSpec, teamId?: string) {
  const activity = base(where, from);
  return {
    ...activity,
    type: 'conversationUpdate',
    membersRemoved: [BOT],
    channelData: {
      ...activity.channelData,
      ...(teamId ? { team: { id: teamId }, eventType: 'teamMemberRemoved' } : {}),
    },
  };
}
