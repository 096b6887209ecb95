import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'adaptivecards-templating';
import type { CardData, CardName } from './card-models';

export type { CardData, CardName };

export type Card = Record<string, unknown>;

/**
 * Top-level properties added to an expanded card, outside templating: `refresh`, so each person who
 * opens the card gets their own current copy (Universal Actions).
 */
export interface CardExtras {
  readonly refresh?: {
    readonly action: {
      readonly type: 'Action.Execute';
      readonly title: string;
      readonly verb: string;
      readonly data: { readonly claimId: string };
    };
    readonly userIds: readonly string[];
  };
}

/** Teams refuses cards above ~28 KB (of serialized JSON, in bytes). Kept with a little room. */
export const MAX_CARD_BYTES = 28 * 1024;
const BUDGET = MAX_CARD_BYTES - 512;

/** Strings this long or shorter are never shortened (ids, verbs, labels). */
const MIN_CLIPPED = 120;

export class CardTemplateError extends Error {}

export function cardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card));
}

/**
 * Loads every cards/*.card.json once and expands them with adaptivecards-templating. A card over
 * the byte budget is never refused: its longest texts are shortened (by characters, counting
 * bytes) and then its longest lists trimmed until it fits — so a committed change always gets a
 * card, whatever its users typed.
 */
export class CardRenderer {
  /** Parsed once: a Template parses its expressions in the constructor, and expand() reuses them. */
  private readonly templates = new Map<string, Template>();

  constructor(cardsDir: string = defaultCardsDir()) {
    for (const file of readdirSync(cardsDir)) {
      if (!file.endsWith('.card.json')) continue;
      this.templates.set(
        file.replace(/\.card\.json$/, ''),
        new Template(JSON.parse(readFileSync(join(cardsDir, file), 'utf8'))),
      );
    }
  }

  names(): string[] {
    return [...this.templates.keys()];
  }

  /** Expands template `name` with its data; `extra` top-level properties are added before the size check. */
  render<N extends CardName>(name: N, data: CardData[N], extra: CardExtras = {}): Card {
    const template = this.templates.get(name);
    if (!template) throw new CardTemplateError(`no card template ${name}`);
    const expand = (d: object): Card => ({ ...(template.expand({ $root: d }) as Card), ...extra });
    let card = expand(data);
    if (cardBytes(card) <= BUDGET) return card;
    let shrunk: unknown = data;
    for (let round = 0; round < 40 && cardBytes(card) > BUDGET; round++) {
      const next = shrinkTexts(shrunk) ?? shrinkLists(shrunk);
      if (next === undefined) break;
      shrunk = next;
      card = expand(shrunk as object);
    }
    if (cardBytes(card) > BUDGET)
      throw new CardTemplateError(`card ${name} is ${cardBytes(card)} bytes and cannot be shortened`);
    return card;
  }
}

interface Leaf {
  readonly path: readonly (string | number)[];
  readonly bytes: number;
}

/** Long texts meant for people (not URLs, not ids), longest first. */
function textLeaves(node: unknown, path: (string | number)[] = [], out: Leaf[] = []): Leaf[] {
  if (typeof node === 'string') {
    if (node.length > MIN_CLIPPED && !/^https?:\/\//.test(node)) out.push({ path, bytes: Buffer.byteLength(node) });
  } else if (Array.isArray(node)) node.forEach((v, i) => textLeaves(v, [...path, i], out));
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) textLeaves(v, [...path, k], out);
  return out;
}

function listPaths(
  node: unknown,
  path: (string | number)[] = [],
  out: Array<{ path: (string | number)[]; length: number }> = [],
) {
  if (Array.isArray(node)) {
    if (node.length > 1) out.push({ path, length: node.length });
    node.forEach((v, i) => listPaths(v, [...path, i], out));
  } else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) listPaths(v, [...path, k], out);
  return out;
}

function update(node: unknown, path: readonly (string | number)[], change: (value: unknown) => unknown): unknown {
  if (path.length === 0) return change(node);
  const [head, ...rest] = path;
  if (Array.isArray(node)) return node.map((v, i) => (i === head ? update(v, rest, change) : v));
  const obj = node as Record<string, unknown>;
  return { ...obj, [head as string]: update(obj[head as string], rest, change) };
}

/** Shortens the longest texts to about two thirds, at a character boundary, with an ellipsis. */
function shrinkTexts(data: unknown): unknown {
  const leaves = textLeaves(data)
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 6);
  if (leaves.length === 0) return undefined;
  let next = data;
  for (const leaf of leaves) {
    next = update(next, leaf.path, (v) => {
      const chars = [...(v as string)];
      return `${chars.slice(0, Math.max(MIN_CLIPPED - 1, Math.floor(chars.length * 0.66))).join('')}…`;
    });
  }
  return next;
}

/** Drops the last item of the longest list (the views put what matters most first). */
function shrinkLists(data: unknown): unknown {
  const longest = listPaths(data).sort((a, b) => b.length - a.length)[0];
  if (!longest) return undefined;
  return update(data, longest.path, (v) => (v as unknown[]).slice(0, -1));
}

/**
 * Finds a `${…}` that adaptivecards-templating left in place because the view gave no value for it
 * (it never expands user text, so tests render with user text free of `${`).
 */
export function findUnresolved(node: unknown): string | undefined {
  if (typeof node === 'string') return /\$\{[^}]*\}/.test(node) ? node : undefined;
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findUnresolved(item);
      if (found) return found;
    }
    return undefined;
  }
  if (node && typeof node === 'object') {
    for (const value of Object.values(node)) {
      const found = findUnresolved(value);
      if (found) return found;
    }
  }
  return undefined;
}

function defaultCardsDir(): string {
  // src/views → ../../cards, and dist/src/views → ../../../cards
  const candidates = [join(__dirname, '..', '..', 'cards'), join(__dirname, '..', '..', '..', 'cards')];
  for (const dir of candidates) {
    try {
      if (readdirSync(dir).some((f) => f.endsWith('.card.json'))) return dir;
    } catch {
      // try the next candidate
    }
  }
  throw new CardTemplateError(`cards/ not found near ${__dirname}`);
}
