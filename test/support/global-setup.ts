import { startEmbeddedAzurite } from '../../src/store/embedded-azurite';
import { startEmbeddedMongo } from '../../src/store/embedded-mongo';

/**
 * One database server for the whole run: the embedded jongodb, unless MONGODB_URI points at
 * another engine (FerretDB in CI, or a real MongoDB). Each test file uses its own database.
 */
export default async function globalSetup(): Promise<void> {
  // One Azurite (blob) for the whole run too, unless a real storage account is given; each bot
  // test uses a container of its own.
  if (process.env.TEST_AZURE_STORAGE_CONNECTION_STRING === undefined) {
    const azurite = await startEmbeddedAzurite();
    (globalThis as { __EMBEDDED_AZURITE__?: unknown }).__EMBEDDED_AZURITE__ = azurite;
    process.env.TEST_AZURE_STORAGE_CONNECTION_STRING = azurite.connectionString;
  }
  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
    process.env.TEST_ENGINE = process.env.MONGODB_ENGINE ?? 'external';
    return;
  }
  const mongo = await startEmbeddedMongo();
  (globalThis as { __EMBEDDED_MONGO__?: unknown }).__EMBEDDED_MONGO__ = mongo;
  process.env.TEST_MONGODB_URI = mongo.uri;
  process.env.TEST_ENGINE = 'jongodb';
}
