/**
 * What Teams itself would refuse or show badly, checked on every card and invoke answer a test
 * sees: the card parses and validates with the Adaptive Cards JS renderer (unknown elements,
 * duplicate input ids, a choice set without choices, empty URLs…), is version 1.5 and ≤ 28 KB,
 * and nothing a person reads carries internal text (a stack, an error class, a path).
 */
import { cardText, type InvokeResult } from './app';
import type { RecordedCall } from './connector';

interface ValidationEvent {
  readonly message: string;
}
interface AdaptiveCardsModule {
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: ValidationEvent[] };
  };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): ValidationEvent };
}

let ac: AdaptiveCardsModule | undefined;
function adaptiveCards(): AdaptiveCardsModule {
  if (!ac) {
    // The renderer's UMD bundle reads `window` when it loads; parsing and validation need no DOM.
    (globalThis as { window?: unknown }).window ??= globalThis;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ac = require('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsModule;
  }
  return ac;
}

export const TEAMS_CARD_LIMIT = 28 * 1024;
/** Buttons Teams shows in one row of actions (its host config's maxActions). */
const TEAMS_MAX_ACTIONS = 6;

/** Words that only an internal error would put in front of a person. */
const INTERNAL =
  /\bat [\w.$<>]+ \(|\b(?:TypeError|ReferenceError|RangeError|MongoServerError|E11000|CardTemplateError|ZodError)\b|node_modules|\/work\/|\bundefined\b|\[object Object\]|\bNaN\b/;

/** Problems Teams would show (or refuse) for this card; [] when it is sound. */
export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  if (!card || typeof card !== 'object') return ['not a card'];
  const c = card as Record<string, unknown>;
  if (c.type !== 'AdaptiveCard') problems.push(`type ${String(c.type)}`);
  if (c.version !== '1.5') problems.push(`version ${String(c.version)}`);
  const bytes = Buffer.byteLength(JSON.stringify(card));
  if (bytes > TEAMS_CARD_LIMIT) problems.push(`${bytes} bytes`);
  const text = cardText(card);
  if (/\$\{[^}]*\}/.test(text)) problems.push(`unresolved template: ${/\$\{[^}]*\}/.exec(text)?.[0]}`);
  const internal = INTERNAL.exec(text);
  if (internal) problems.push(`internal text "${internal[0]}"`);
  const { AdaptiveCard, SerializationContext } = adaptiveCards();
  const parsed = new AdaptiveCard();
  const context = new SerializationContext();
  parsed.parse(withPickerChoices(card), context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  // The renderer counts overflow (`mode: secondary`) actions too; Teams shows 6 buttons and the rest under "…".
  for (const e of parsed.validateProperties().validationEvents)
    if (!/^Maximum number of actions exceeded/.test(e.message)) problems.push(`validate: ${e.message}`);
  const visit = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (Array.isArray(o.actions)) {
      const primary = (o.actions as Array<{ mode?: string }>).filter((a) => a.mode !== 'secondary').length;
      if (primary > TEAMS_MAX_ACTIONS)
        problems.push(`${primary} primary actions in one row (Teams shows ${TEAMS_MAX_ACTIONS})`);
    }
    Object.values(o).forEach(visit);
  };
  visit(card);
  const refresh = c.refresh as { action?: { verb?: unknown }; userIds?: unknown[] } | undefined;
  if (refresh) {
    if (typeof refresh.action?.verb !== 'string') problems.push('refresh without a verb');
    if ((refresh.userIds?.length ?? 0) > 60) problems.push(`refresh for ${refresh.userIds?.length} users (Teams: 60)`);
  }
  return problems;
}

/**
 * Teams' people picker is a choice set with no static choices and `choices.data` (a Graph query)
 * that the JS renderer does not know: give it one choice for validation.
 */
function withPickerChoices(card: unknown): unknown {
  return JSON.parse(JSON.stringify(card), (_key, value: unknown) => {
    const o = value as Record<string, unknown> | null;
    if (o && typeof o === 'object' && o.type === 'Input.ChoiceSet' && o['choices.data'])
      return { ...o, choices: [{ title: 'someone', value: 'someone' }] };
    return value;
  }) as unknown;
}

/** Problems of an invoke answer: HTTP 200, an invoke body with statusCode 200 and a card or a message. */
export function invokeProblems(res: InvokeResult): string[] {
  const problems: string[] = [];
  if (res.status !== 200) problems.push(`HTTP ${res.status}`);
  const body = res.body as Partial<InvokeResult['body']> | undefined;
  if (!body || typeof body !== 'object') return [...problems, 'empty invoke body'];
  if (body.statusCode !== 200) problems.push(`statusCode ${String(body.statusCode)}: ${JSON.stringify(body.value)}`);
  if (body.type === 'application/vnd.microsoft.card.adaptive') problems.push(...cardProblems(body.value));
  else if (body.type === 'application/vnd.microsoft.activity.message') {
    if (typeof body.value !== 'string' || body.value.trim() === '') problems.push('empty message');
    else if (INTERNAL.test(body.value)) problems.push(`internal text in "${body.value}"`);
  } else problems.push(`type ${String(body.type)}`);
  return problems;
}

/** Problems of everything the bot sent to the connector: each card sound, no internal text. */
export function sentProblems(calls: readonly RecordedCall[]): string[] {
  const problems: string[] = [];
  for (const call of calls) {
    const text = typeof call.body.text === 'string' ? call.body.text : '';
    if (INTERNAL.test(text)) problems.push(`${call.method} ${call.path}: internal text in "${text.slice(0, 200)}"`);
    const attachments = (call.body.attachments as Array<{ contentType: string; content: unknown }> | undefined) ?? [];
    for (const a of attachments)
      if (a.contentType === 'application/vnd.microsoft.card.adaptive')
        for (const p of cardProblems(a.content)) problems.push(`${call.method} ${call.path}: ${p}`);
  }
  return problems;
}

export interface CardButton {
  readonly title: string;
  readonly verb: string;
  /** What Teams would send: the action's data with the values of the inputs it gathers. */
  readonly data: Record<string, unknown>;
}

/**
 * Every Action.Execute of a card (ShowCards included) with the data Teams would send for it: the
 * action's own data plus the current values of the inputs of its card and the cards around it.
 */
export function buttonsOf(card: unknown): CardButton[] {
  const out: CardButton[] = [];
  const visitCard = (node: Record<string, unknown>, inherited: Record<string, unknown>) => {
    const inputs = { ...inherited, ...inputValues(node.body) };
    const visitActions = (actions: unknown) => {
      for (const a of (actions as Array<Record<string, unknown>> | undefined) ?? []) {
        if (a.type === 'Action.Execute')
          out.push({
            title: String(a.title ?? ''),
            verb: String(a.verb),
            data: { ...inputs, ...((a.data as Record<string, unknown>) ?? {}) },
          });
        if (a.type === 'Action.ShowCard' && a.card) visitCard(a.card as Record<string, unknown>, inputs);
      }
    };
    visitActions(node.actions);
    walk(node.body, (o) => {
      if (o.type === 'ActionSet') visitActions(o.actions);
      if (o.selectAction) visitActions([o.selectAction]);
    });
  };
  if (card && typeof card === 'object') visitCard(card as Record<string, unknown>, {});
  return out;
}

function inputValues(body: unknown): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  walk(body, (o) => {
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string')
      values[o.id] = o.value === undefined ? '' : String(o.value);
  });
  return values;
}

/** Walks a card's elements without entering the cards of Action.ShowCard (they gather their own inputs). */
function walk(node: unknown, visit: (o: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    visit(o);
    for (const [key, value] of Object.entries(o)) if (key !== 'card' && key !== 'actions') walk(value, visit);
  }
}
