import type { Collection, Db } from 'mongodb';
import type { DownloadToken, DownloadTokenRepository } from '../domain/export.service';
import { COLLECTIONS, insertedFirst } from './mongo';

type TokenDoc = Omit<DownloadToken, 'tokenHash'> & { _id: string };

/** Only the sha256 of a download token is stored. */
export class MongoDownloadTokens implements DownloadTokenRepository {
  private readonly tokens: Collection<TokenDoc>;

  private readonly uses: Collection<{ _id: string; at: Date }>;

  constructor(db: Db) {
    this.tokens = db.collection<TokenDoc>(COLLECTIONS.downloadTokens);
    this.uses = db.collection(COLLECTIONS.downloadTokenUses);
  }

  /** A unique insert: of two downloads racing on one link, exactly one gets it. */
  use(tokenHash: string, at: Date): Promise<boolean> {
    return insertedFirst(this.uses.insertOne({ _id: tokenHash, at }));
  }

  async insert(token: DownloadToken): Promise<void> {
    const { tokenHash, ...rest } = token;
    await this.tokens.insertOne({ ...rest, _id: tokenHash });
  }

  async find(tokenHash: string): Promise<DownloadToken | undefined> {
    const doc = await this.tokens.findOne({ _id: tokenHash });
    if (!doc) return undefined;
    const { _id, ...rest } = doc;
    return { ...rest, tokenHash: _id };
  }
}
