import type { Collection, Db } from 'mongodb';
import type { ClaimDocument } from '../domain/claim';
import type { DocumentRecord } from '../domain/document';
import type { DocumentStore } from '../domain/ports';
import { COLLECTIONS, ignoreDuplicate } from './mongo';

type DocumentDoc = Omit<DocumentRecord, 'id'> & { _id: string };

export class MongoDocumentRepository implements DocumentStore {
  private readonly docs: Collection<DocumentDoc>;

  constructor(db: Db) {
    this.docs = db.collection<DocumentDoc>(COLLECTIONS.documents);
  }

  async listForClaim(tenantId: string, claimId: string): Promise<readonly ClaimDocument[]> {
    const docs = await this.docs.find({ tenantId, claimId }).sort({ addedAt: 1 }).toArray();
    return docs.map(({ _id, ...rest }) => ({ ...rest, id: _id }));
  }

  async get(tenantId: string, documentId: string): Promise<DocumentRecord | undefined> {
    const doc = await this.docs.findOne({ _id: documentId, tenantId });
    if (!doc) return undefined;
    const { _id, ...rest } = doc;
    return { ...rest, id: _id };
  }

  async insert(doc: ClaimDocument): Promise<void> {
    const { id, ...rest } = doc;
    await ignoreDuplicate(this.docs.insertOne({ ...rest, _id: id }));
  }
}
