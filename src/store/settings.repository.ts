import type { Collection, Db } from 'mongodb';
import type { ConversationRef, Person } from '../domain/claim';
import type { TenantSettingsRepository } from '../domain/ports';
import { COLLECTIONS, insertOrReplace } from './mongo';

interface SettingDoc {
  _id: string;
  tenantId: string;
  value: ConversationRef;
  setBy: Person;
  at: Date;
}

/** Per-tenant settings, one document per setting (`<tenant>:reviewChannel`). */
export class MongoTenantSettings implements TenantSettingsRepository {
  private readonly settings: Collection<SettingDoc>;

  constructor(db: Db) {
    this.settings = db.collection<SettingDoc>(COLLECTIONS.settings);
  }

  async getReviewChannel(tenantId: string): Promise<ConversationRef | undefined> {
    return (await this.settings.findOne({ _id: `${tenantId}:reviewChannel` }))?.value;
  }

  async setReviewChannel(tenantId: string, ref: ConversationRef, by: Person): Promise<void> {
    const doc: SettingDoc = { _id: `${tenantId}:reviewChannel`, tenantId, value: ref, setBy: by, at: new Date() };
    await insertOrReplace(this.settings, doc);
  }

  async clearReviewChannel(tenantId: string, conversationId: string): Promise<boolean> {
    const res = await this.settings.deleteOne({
      _id: `${tenantId}:reviewChannel`,
      'value.conversationId': conversationId,
    });
    return res.deletedCount === 1;
  }
}
