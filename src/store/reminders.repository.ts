import type { Collection, Db } from 'mongodb';
import type { ReminderLedger } from '../domain/ports';
import { COLLECTIONS, insertedFirst } from './mongo';

interface MarkDoc {
  _id: string;
  at: Date;
}

/**
 * Reminder keys and sweep leases as unique inserts: on every engine (FerretDB updates are not
 * atomic) exactly one inserter of a key wins, so a reminder is sent by one bot instance only.
 */
export class MongoReminderLedger implements ReminderLedger {
  private readonly sent: Collection<MarkDoc>;
  private readonly leases: Collection<MarkDoc>;

  constructor(db: Db) {
    this.sent = db.collection<MarkDoc>(COLLECTIONS.remindersSent);
    this.leases = db.collection<MarkDoc>(COLLECTIONS.sweepLeases);
  }

  mark(key: string, at: Date): Promise<boolean> {
    return insertOnce(this.sent, key, at);
  }

  async unmark(key: string): Promise<void> {
    await this.sent.deleteOne({ _id: key });
  }

  lease(window: string, at: Date): Promise<boolean> {
    return insertOnce(this.leases, window, at);
  }

  async prune(before: Date): Promise<void> {
    await this.leases.deleteMany({ at: { $lt: before } });
    await this.sent.deleteMany({ at: { $lt: before } });
  }
}

async function insertOnce(col: Collection<MarkDoc>, key: string, at: Date): Promise<boolean> {
  return insertedFirst(col.insertOne({ _id: key, at }));
}
