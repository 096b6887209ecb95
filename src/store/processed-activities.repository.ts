import type { Collection, Db } from 'mongodb';
import { COLLECTIONS, insertedFirst } from './mongo';

interface ProcessedDoc {
  _id: string;
  at: Date;
}

/** Remembers activity ids already handled, so a replayed activity changes nothing (TTL: 2 days). */
export class ProcessedActivities {
  private readonly col: Collection<ProcessedDoc>;

  constructor(db: Db) {
    this.col = db.collection<ProcessedDoc>(COLLECTIONS.processed);
  }

  /** True the first time an id is claimed; false when it was seen before. */
  async claim(tenantId: string, activityId: string): Promise<boolean> {
    return insertedFirst(this.col.insertOne({ _id: `${tenantId}:${activityId}`, at: new Date() }));
  }

  /** Gives the id back when handling failed before anything changed, so a retry is processed. */
  async release(tenantId: string, activityId: string): Promise<void> {
    await this.col.deleteOne({ _id: `${tenantId}:${activityId}` });
  }
}
