import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'adaptivecards-templating';

export type CardName =
  | 'help'
  | 'notice'
  | 'new-claim'
  | 'claim'
  | 'history'
  | 'claims-list'
  | 'overview'
  | 'review'
  | 'link'
  | 'document-form'
  | 'request-form'
  | 'upload-request'
  | 'documents';

export type Card = Record<string, unknown>;

/** Teams refuses cards above ~28 KB. */
export const MAX_CARD_BYTES = 28 * 1024;

export class CardTemplateError extends Error {}

/** Loads every cards/*.card.json once and expands them with adaptivecards-templating. */
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

  /** Expands a template; `extra` top-level properties (e.g. `refresh`) are added before the size check. */
  render(name: CardName, data: object, extra: Record<string, unknown> = {}): Card {
    const template = this.templates.get(name);
    if (!template) throw new CardTemplateError(`no card template ${name}`);
    const card = { ...(template.expand({ $root: data }) as Card), ...extra };
    const bytes = Buffer.byteLength(JSON.stringify(card));
    if (bytes > MAX_CARD_BYTES) throw new CardTemplateError(`card ${name} is ${bytes} bytes (limit ${MAX_CARD_BYTES})`);
    return card;
  }
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
