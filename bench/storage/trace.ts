/**
 * What an operation sends to the database, taken from the driver's command monitoring while the
 * operation runs once — so the explain plans the bench prints are those of the app's own queries,
 * not of copies written for the bench.
 */
import type { CommandStartedEvent, Db, Document, MongoClient } from 'mongodb';
import { explainLines } from './engine';

const READS = new Set(['find', 'aggregate', 'count', 'distinct']);
const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify']);

export interface Traced {
  /** Commands by name and collection, e.g. `find claim_list ×2`. */
  readonly summary: string;
  readonly reads: number;
  readonly writes: number;
  /** One per distinct query shape: the find (or the filter of an update/delete) to explain. */
  readonly queries: readonly { readonly label: string; readonly find: Document }[];
}

export class CommandTrace {
  private captured: CommandStartedEvent[] | undefined;

  constructor(client: MongoClient) {
    client.on('commandStarted', (event) => this.captured?.push(event));
  }

  /** Runs `op` once and reports the commands it sent (those of `dbName` only). */
  async run(dbName: string, op: () => Promise<unknown>): Promise<Traced> {
    // Nothing else runs meanwhile (the bench is sequential here), so every command captured is op's.
    const captured: CommandStartedEvent[] = [];
    this.captured = captured;
    try {
      await op();
    } finally {
      this.captured = undefined;
    }
    const events = captured.filter((e) => e.databaseName === dbName);
    const counts = new Map<string, number>();
    const queries = new Map<string, { label: string; find: Document }>();
    let reads = 0;
    let writes = 0;
    for (const e of events) {
      const name = e.commandName;
      if (!READS.has(name) && !WRITES.has(name)) continue;
      const collection = String(e.command[name]);
      const key = `${name} ${collection}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (READS.has(name)) reads++;
      else writes++;
      for (const q of queriesOf(name, collection, e.command)) {
        const shape = `${q.label} ${JSON.stringify(shapeOf(q.find))}`;
        if (!queries.has(shape)) queries.set(shape, q);
      }
    }
    const summary = [...counts].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(', ');
    return { summary, reads, writes, queries: [...queries.values()] };
  }
}

/** The find each command amounts to (an update's or delete's filter is explained as a find). */
function queriesOf(name: string, collection: string, command: Document): { label: string; find: Document }[] {
  switch (name) {
    case 'find': {
      const { filter, projection, limit, skip } = command as Record<string, unknown>;
      // The driver sends a sort as a Map (key order matters); print and explain it as a document.
      const sort = command.sort instanceof Map ? (Object.fromEntries(command.sort) as Document) : command.sort;
      return [
        {
          label: `find ${collection}`,
          find: {
            find: collection,
            filter: filter ?? {},
            ...(sort ? { sort } : {}),
            ...(projection ? { projection } : {}),
            ...(limit ? { limit } : {}),
            ...(skip ? { skip } : {}),
          },
        },
      ];
    }
    case 'update':
      return ((command.updates as Document[] | undefined) ?? []).map((u) => ({
        label: `update ${collection} (its filter)`,
        find: { find: collection, filter: u.q as Document },
      }));
    case 'delete':
      return ((command.deletes as Document[] | undefined) ?? []).map((d) => ({
        label: `delete ${collection} (its filter)`,
        find: { find: collection, filter: d.q as Document },
      }));
    case 'count':
      return [{ label: `count ${collection}`, find: { find: collection, filter: (command.query as Document) ?? {} } }];
    default:
      return [];
  }
}

/** A query's shape: its field names and operators, not its values. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0])] : [];
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = shapeOf(v);
    return out;
  }
  return typeof value;
}

/** Explains each query of a trace on the engine; the lines say which index served it. */
export async function explainTrace(db: Db, traced: Traced): Promise<string[]> {
  const lines: string[] = [];
  for (const q of traced.queries) {
    lines.push(
      `${q.label} ${JSON.stringify(q.find.filter)}${q.find.sort ? ` sort ${JSON.stringify(q.find.sort)}` : ''}`,
    );
    try {
      const explain = await db.command({ explain: q.find, verbosity: 'executionStats' });
      for (const l of explainLines(explain)) lines.push(`    ${l}`);
    } catch (err) {
      lines.push(`    explain not available: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return lines;
}
