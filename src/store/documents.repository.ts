import type { Collection, Db } from 'mongodb';
import type { ClaimDocument } from '../domain/claim';
import type { DocumentRepository } from '../domain/ports';
import { COLLECTIONS, isDuplicateKey } from './mongo';

type DocumentDoc = Omit<ClaimDocument, 'id'> & { _id: string };

export class MongoDocumentRepository implements DocumentRepository {
  private readonly docs: Collection<DocumentDoc>;

  constructor(db: Db) {
    this.docs = db.collection<DocumentDoc>(COLLECTIONS.documents);
  }

  async listForClaim(tenantId: string, claimId: string): Promise<readonly ClaimDocument[]> {
    const docs = await this.docs.find({ tenantId, claimId }).sort({ addedAt: 1 }).toArray();
    return docs.map(({ _id, ...rest }) => ({ ...rest, id: _id }));
  }

  async insert(doc: ClaimDocument): Promise<void> {
    const { id, ...rest } = doc;
    try {
      await this.docs.insertOne({ ...rest, _id: id });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
}
