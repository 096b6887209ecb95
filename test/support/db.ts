import { randomBytes } from 'node:crypto';
import type { Db, MongoClient } from 'mongodb';
import { COLLECTIONS, connectMongo, ensureIndexes } from '../../src/store/mongo';

export function testMongoUri(): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri) throw new Error('TEST_MONGODB_URI is not set: run tests through jest (globalSetup starts the engine)');
  return uri;
}

/** A database name of its own for each test file, dropped afterwards, so runs never collide. */
export function uniqueDbName(prefix = 't'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export interface TestDb {
  readonly db: Db;
  readonly client: MongoClient;
  readonly name: string;
  drop(): Promise<void>;
}

export async function openTestDb(): Promise<TestDb> {
  const name = uniqueDbName();
  const { client, db } = await connectMongo({ uri: testMongoUri(), dbName: name, serverSelectionTimeoutMS: 10_000 });
  await ensureIndexes(db);
  return {
    db,
    client,
    name,
    async drop() {
      await dropDb(db);
      await client.close();
    },
  };
}

/** dropDatabase where the engine has it (jongodb does not: then every collection is dropped). */
export async function dropDb(db: Db): Promise<void> {
  try {
    await db.dropDatabase();
  } catch {
    // jongodb has neither dropDatabase nor listCollections: drop the collections the app knows.
    for (const name of Object.values(COLLECTIONS)) {
      try {
        await db.collection(name).drop();
      } catch {
        // a collection that was never created
      }
    }
  }
}
