import { TestBot } from '../support/app';
import { dropDb, testMongoUri } from '../support/db';
import { FILES } from '../support/files';
import { aClaimAwaitingFile, ScriptedServer, sendFile } from '../support/security';
import { blobsOf } from '../support/uploads';
import { COLLECTIONS, connectMongo } from '../../src/store/mongo';

const RESTARTING =
  /The bot is restarting, so I stopped receiving big\.pdf\. Nothing was saved — send the file again in a minute\./;

/**
 * Issue 11, point 14: SIGTERM (app.close(), what main's signal handler calls) while files sent in
 * chat are still downloading. The downloads are ended at once, inside the grace period; every
 * sender is told; no blob, staged block or staged upload is left behind.
 */
describe('shutdown during chat downloads', () => {
  it('when the bot stops while files are downloading then every sender is answered, and nothing is left staged', async () => {
    const files = await new ScriptedServer().start();
    const bot = new TestBot().withEnv({ CHAT_FILE_DEV_ORIGINS: files.origin, SHUTDOWN_GRACE_MS: '20000' });
    await bot.start();
    const dbName = bot.app.db.databaseName;
    try {
      const { claimId, number } = await aClaimAwaitingFile(bot);
      const prefix = `${bot.where.tenantId}/${claimId}/`;
      // Each download sends 2.5 MB — one 2 MB block gets staged in Blob — and then stalls.
      const url = files.on('/big.pdf', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(8 * 1024 * 1024) });
        res.write(Buffer.concat([FILES.pdf(), Buffer.alloc(2.5 * 1024 * 1024, 0x20)]));
      });
      const SENDERS = 4;
      const sending = Array.from({ length: SENDERS }, () => sendFile(bot, 'big.pdf', url, undefined, number));
      const blobs = await blobsOf(bot);
      for (let i = 0; i < 400 && (await blobs.list(prefix)).length < SENDERS; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await blobs.list(prefix)).toHaveLength(SENDERS); // staged, uncommitted blocks

      const started = Date.now();
      await bot.app.close();
      const closing = Date.now() - started;

      const answered = await Promise.all(sending);
      for (const a of answered) {
        expect(a.status).toBe(200);
        expect(a.reply).toMatch(RESTARTING);
      }
      // Generous: ended, not waited out (the grace period is 20 s and the downloads never finish).
      expect(closing).toBeLessThan(10_000);
      expect(await blobs.list(prefix)).toEqual([]);
      const { client, db } = await connectMongo({ uri: testMongoUri(), dbName, serverSelectionTimeoutMS: 10_000 });
      try {
        expect(await db.collection(COLLECTIONS.stagedUploads).countDocuments({ claimId })).toBe(0);
        expect(await db.collection(COLLECTIONS.documents).countDocuments({ claimId })).toBe(0);
      } finally {
        await dropDb(db);
        await client.close();
      }
    } finally {
      await bot.app.close();
      await bot.connector.stop();
      await files.stop();
    }
  });
});
