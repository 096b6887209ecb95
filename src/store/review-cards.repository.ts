import type { Collection, Db } from 'mongodb';
import type { ReviewCardRepository } from '../domain/ports';
import { COLLECTIONS, insertOrReplace } from './mongo';

interface ReviewCardDoc {
  _id: string;
  tenantId: string;
  activityId: string;
  /** The review channel it was posted in (absent on cards posted before channels were recorded). */
  conversationId?: string;
  at: Date;
}

/** Where each claim's review card was posted. Its own document so a claim rewrite can never drop it. */
export class MongoReviewCards implements ReviewCardRepository {
  private readonly col: Collection<ReviewCardDoc>;

  constructor(db: Db) {
    this.col = db.collection<ReviewCardDoc>(COLLECTIONS.reviewCards);
  }

  async set(tenantId: string, claimId: string, activityId: string, conversationId: string): Promise<void> {
    await insertOrReplace(
      this.col,
      { _id: claimId, tenantId, activityId, conversationId, at: new Date() },
      { tenantId },
    );
  }

  async get(tenantId: string, claimId: string, conversationId: string): Promise<string | undefined> {
    const doc = await this.col.findOne({ _id: claimId, tenantId });
    if (!doc || (doc.conversationId !== undefined && doc.conversationId !== conversationId)) return undefined;
    return doc.activityId;
  }
}
