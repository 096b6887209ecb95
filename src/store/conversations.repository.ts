import type { Collection, Db } from 'mongodb';
import type { ConversationRef } from '../domain/claim';
import type { ConversationRepository } from '../domain/ports';
import { COLLECTIONS, isDuplicateKey } from './mongo';

interface ConversationDoc {
  _id: string;
  tenantId: string;
  userId: string;
  aadObjectId?: string;
  conversationId: string;
  ref: ConversationRef;
  at: Date;
}

/** Personal (1:1) conversation references, for proactive 1:1 cards. One per user. */
export class MongoConversations implements ConversationRepository {
  private readonly col: Collection<ConversationDoc>;

  constructor(db: Db) {
    this.col = db.collection<ConversationDoc>(COLLECTIONS.conversations);
  }

  /** Remembers (or refreshes) the user's personal conversation. Last writer wins; it is only a reference. */
  async remember(
    tenantId: string,
    user: { id: string; aadObjectId?: string },
    ref: ConversationRef,
    at: Date,
  ): Promise<void> {
    const _id = `${tenantId}:${user.id}`;
    const fields = {
      tenantId,
      userId: user.id,
      conversationId: ref.conversationId,
      ref,
      at,
      ...(user.aadObjectId ? { aadObjectId: user.aadObjectId } : {}),
    };
    try {
      await this.col.updateOne({ _id }, { $set: fields }, { upsert: true });
    } catch (err) {
      // Two first contacts at once: the other insert won and holds the same reference.
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async personal(tenantId: string, user: { id: string; aadObjectId?: string }): Promise<ConversationRef | undefined> {
    const doc =
      (await this.col.findOne({ _id: `${tenantId}:${user.id}` })) ??
      (user.aadObjectId ? await this.col.findOne({ tenantId, aadObjectId: user.aadObjectId }) : null);
    return doc?.ref;
  }

  async forget(tenantId: string, userId: string): Promise<void> {
    await this.col.deleteOne({ _id: `${tenantId}:${userId}` });
  }
}
