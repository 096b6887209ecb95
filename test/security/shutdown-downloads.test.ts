import { TestBot } from '../support/app';
import { dropDb, testMongoUri } from '../support/db';
import { FILES } from '../support/files';
import { anOrganisation } from '../support/scene';
import { aClaimAwaitingFile, eventually, ScriptedServer, sendFile } from '../support/security';
import { blobsOf } from '../support/uploads';
import { COLLECTIONS, connectMongo } from '../../src/store/mongo';

const RESTARTING =
  /The bot is restarting, so I stopped receiving big\.pdf\. Nothing was saved — send the file again in a minute\./;

/**
 * Issue 11, point 14: SIGTERM (app.close(), what main's signal handler calls) while files sent in
 * chat are still downloading. The downloads are ended at once, inside the grace period: every
 * sender is told the bot is restarting (a download that is only cut when the grace period runs
 * out gets no such answer); no blob, staged block or staged upload is left behind.
 * This test stops its bot, so it starts one of its own.
 */
describe('shutdown during chat downloads', () => {
  it('when the bot stops while files are downloading then every sender is answered, and nothing is left staged', async () => {
    const files = await new ScriptedServer().start();
    const bot = new TestBot().withEnv({ CHAT_FILE_DEV_ORIGINS: files.origin, SHUTDOWN_GRACE_MS: '20000' });
    await bot.start();
    const dbName = bot.app.db.databaseName;
    try {
      const org = await anOrganisation(bot, { reviewers: false });
      const { claimId, number } = await aClaimAwaitingFile(org);
      const prefix = `${org.tenantId}/${claimId}/`;
      // Each download sends 2.5 MB — one 2 MB block gets staged in Blob — and then stalls.
      const url = files.on('/big.pdf', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(8 * 1024 * 1024) });
        res.write(Buffer.concat([FILES.pdf(), Buffer.alloc(2.5 * 1024 * 1024, 0x20)]));
      });
      const SENDERS = 4;
      const sending = Array.from({ length: SENDERS }, () => sendFile(org, 'big.pdf', url, number));
      const blobs = await blobsOf(bot);
      await eventually(async () => (await blobs.list(prefix)).length === SENDERS, 'a staged block of every download');
      expect(await blobs.list(prefix)).toHaveLength(SENDERS); // staged, uncommitted blocks

      await bot.app.close();

      const answered = await Promise.all(sending);
      for (const a of answered) {
        expect(a.status).toBe(200);
        expect(a.reply).toMatch(RESTARTING);
      }
      expect(await blobs.list(prefix)).toEqual([]);
      const { client, db } = await connectMongo({ uri: testMongoUri(), dbName, serverSelectionTimeoutMS: 10_000 });
      try {
        expect(await db.collection(COLLECTIONS.stagedUploads).countDocuments({ claimId })).toBe(0);
        const claim = await db.collection(COLLECTIONS.claims).findOne({ _id: claimId as never });
        expect(claim).toMatchObject({ number, documents: [] });
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
