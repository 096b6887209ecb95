import type { EmbeddedMongo } from '../../src/store/embedded-mongo';

export default async function globalTeardown(): Promise<void> {
  const mongo = (globalThis as { __EMBEDDED_MONGO__?: EmbeddedMongo }).__EMBEDDED_MONGO__;
  await mongo?.stop();
}
