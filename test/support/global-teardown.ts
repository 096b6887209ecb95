import type { EmbeddedAzurite } from '../../src/store/embedded-azurite';
import type { EmbeddedMongo } from '../../src/store/embedded-mongo';

export default async function globalTeardown(): Promise<void> {
  const mongo = (globalThis as { __EMBEDDED_MONGO__?: EmbeddedMongo }).__EMBEDDED_MONGO__;
  await mongo?.stop();
  const azurite = (globalThis as { __EMBEDDED_AZURITE__?: EmbeddedAzurite }).__EMBEDDED_AZURITE__;
  await azurite?.stop();
}
