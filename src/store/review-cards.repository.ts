import type { Collection, Db } from 'mongodb';
import type { ReviewCardRepository } from '../domain/ports';
import { COLLECTIONS, insertOrReplace } from './mongo';

interface ReviewCardDoc {
  _id: string;
  tenantId: string;
  activityId: string;
  at: Date;
}

/** Where each claim's review card was posted. Its own document so a claim rewrite can never drop it. */
export class MongoReviewCards implements ReviewCardRepository {
  private readonly col: Collection<ReviewCardDoc>;

  constructor(db: Db) {
    this.col = db.collection<ReviewCardDoc>(COLLECTIONS.reviewCards);
  }

  async set(tenantId: string, claimId: string, activityId: string): Promise<void> {
    await insertOrReplace(this.col, { _id: claimId, tenantId, activityId, at: new Date() }, { tenantId });
  }

  async get(tenantId: string, claimId: string): Promise<string | undefined> {
    return (await this.col.findOne({ _id: claimId, tenantId }))?.activityId;
  }
}
