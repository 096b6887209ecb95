import type { Collection, Db } from 'mongodb';
import type { Person } from '../domain/claim';
import type {
  StagedUpload,
  StagedUploadRepository,
  UploadRequestRepository,
  UploadTokenRepository,
} from '../domain/ports';
import type { PostedCard, UploadGrant, UploadRequest, UploadToken } from '../domain/upload-request';
import { COLLECTIONS, ignoreDuplicate } from './mongo';

type RequestDoc = Omit<UploadRequest, 'id'> & { _id: string };
type TokenDoc = Omit<UploadToken, 'tokenHash'> & { _id: string; tenantId: string };
type StagedDoc = Omit<StagedUpload, 'id'> & { _id: string };

function toRequest({ _id, ...rest }: RequestDoc): UploadRequest {
  return { ...rest, id: _id };
}

/**
 * Upload requests: one row per `upload.requested` event (its projection), inserted once. Whether a
 * request is done is decided by the claim (its `fulfilled` list, under the claim's version);
 * `doneAt` and `cards` here are hints for the reminder sweep and for card updates.
 */
export class MongoUploadRequests implements UploadRequestRepository {
  private readonly col: Collection<RequestDoc>;

  constructor(db: Db) {
    this.col = db.collection<RequestDoc>(COLLECTIONS.uploadRequests);
  }

  async insert(request: UploadRequest): Promise<void> {
    const { id, ...rest } = request;
    await ignoreDuplicate(this.col.insertOne({ ...rest, _id: id }));
  }

  async get(tenantId: string, requestId: string): Promise<UploadRequest | undefined> {
    const doc = await this.col.findOne({ _id: requestId, tenantId });
    return doc ? toRequest(doc) : undefined;
  }

  async openForAssignee(tenantId: string, person: Person): Promise<readonly UploadRequest[]> {
    const who = person.aadObjectId
      ? { $or: [{ 'assignee.id': person.id }, { 'assignee.aadObjectId': person.aadObjectId }] }
      : { 'assignee.id': person.id };
    const docs = await this.col
      .find({ tenantId, doneAt: { $exists: false }, ...who })
      .sort({ createdAt: 1 })
      .toArray();
    return docs.map(toRequest);
  }

  async notDoneDueBy(due: string): Promise<readonly UploadRequest[]> {
    return (await this.col.find({ due: { $lte: due }, doneAt: { $exists: false } }).toArray()).map(toRequest);
  }

  async markDone(tenantId: string, requestId: string, at: Date): Promise<void> {
    await this.col.updateOne({ _id: requestId, tenantId }, { $set: { doneAt: at } });
  }

  async setCard(tenantId: string, requestId: string, which: 'thread' | 'personal', card: PostedCard): Promise<void> {
    await this.col.updateOne({ _id: requestId, tenantId }, { $set: { [`cards.${which}`]: card } });
  }
}

/** Upload links: only the sha256 of a link is stored, with what it grants and when it expires. */
export class MongoUploadTokens implements UploadTokenRepository {
  private readonly col: Collection<TokenDoc>;

  constructor(db: Db) {
    this.col = db.collection<TokenDoc>(COLLECTIONS.uploadTokens);
  }

  async insert(token: UploadToken): Promise<void> {
    const { tokenHash, ...rest } = token;
    await this.col.insertOne({ ...rest, _id: tokenHash, tenantId: token.grant.tenantId });
  }

  async find(tokenHash: string): Promise<UploadToken | undefined> {
    const doc = await this.col.findOne({ _id: tokenHash });
    if (!doc) return undefined;
    const { _id, tenantId: _tenant, ...rest } = doc;
    return { ...rest, tokenHash: _id };
  }

  async openSlotsOf(tenantId: string, personId: string, now: Date): Promise<readonly UploadGrant[]> {
    const docs = await this.col
      .find({ tenantId, 'grant.person.id': personId, 'grant.type': 'slot', expiresAt: { $gt: now } })
      .sort({ createdAt: 1 })
      .toArray();
    const seen = new Set<string>();
    return docs.map((d) => d.grant).filter((g) => !seen.has(g.id) && !!seen.add(g.id));
  }
}

/** Files that arrived in a 1:1 chat and wait for their details card. */
export class MongoStagedUploads implements StagedUploadRepository {
  private readonly col: Collection<StagedDoc>;

  constructor(db: Db) {
    this.col = db.collection<StagedDoc>(COLLECTIONS.stagedUploads);
  }

  async insert(staged: StagedUpload): Promise<void> {
    const { id, ...rest } = staged;
    await this.col.insertOne({ ...rest, _id: id });
  }

  async get(tenantId: string, id: string): Promise<StagedUpload | undefined> {
    const doc = await this.col.findOne({ _id: id, tenantId });
    if (!doc) return undefined;
    const { _id, ...rest } = doc;
    return { ...rest, id: _id };
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    return (await this.col.deleteOne({ _id: id, tenantId })).deletedCount === 1;
  }

  async olderThan(at: Date): Promise<readonly StagedUpload[]> {
    return (
      await this.col
        .find({ createdAt: { $lt: at } })
        .limit(500)
        .toArray()
    ).map(({ _id, ...rest }) => ({ ...rest, id: _id }));
  }
}
