import { ANN } from '../support/activities';
import { TestBot, VALID_FORM } from '../support/app';
import { FILES, postForm } from '../support/files';
import { aClaim, EmptiableDatabase, INVOICE, invoiceLink } from '../support/security';
import { blobsOf } from '../support/uploads';
import { COLLECTIONS } from '../../src/store/mongo';

/**
 * Issue 11, point 13: storage that comes back empty while the bot runs — a database restarted
 * empty (collections and indexes gone), a blob container deleted. Claim numbers stay unique and
 * uploads work again, without a restart.
 */
describe('storage that comes back empty', () => {
  const CONCURRENT = 6;

  async function createConcurrently(bot: TestBot): Promise<string[]> {
    const presses = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        bot.press('claim.create', { ...VALID_FORM, amount: `${100 + i}.00` }, ANN, bot.where, `form-${i}`),
      ),
    );
    for (const p of presses) expect(p.status).toBe(200);
    const claims = await bot.app.db
      .collection(COLLECTIONS.claims)
      .find({ tenantId: bot.where.tenantId, version: { $gte: 1 } })
      .toArray();
    return claims.map((c) => String(c.number)).sort();
  }

  /** A bot on a database this test can empty while the bot runs. */
  async function botOnEmptiableDatabase(): Promise<{ bot: TestBot; store: EmptiableDatabase; stop(): Promise<void> }> {
    const store = await EmptiableDatabase.start();
    const bot = await new TestBot({ MONGODB_URI: store.uri }).start();
    return {
      bot,
      store,
      async stop() {
        try {
          await bot.stop();
        } finally {
          await store.stop();
        }
      },
    };
  }

  it('when the database came back empty (collections and indexes gone) then claims made at the same moment still get distinct numbers', async () => {
    const { bot, store, stop } = await botOnEmptiableDatabase();
    try {
      await aClaim(bot);
      await store.empty(bot);
      await bot.funds('ADD-PC', '2026-Q3', '50000', ANN);
      const numbers = await createConcurrently(bot);
      expect(numbers).toHaveLength(CONCURRENT);
      expect(new Set(numbers).size).toBe(CONCURRENT);
    } finally {
      await stop();
    }
  });

  it('when the claims lost their unique number index but the number hint survived then numbers stay distinct and the index is back', async () => {
    const { bot, store, stop } = await botOnEmptiableDatabase();
    try {
      await aClaim(bot);
      const hint = await bot.app.db.collection(COLLECTIONS.counters).findOne({});
      await store.empty(bot);
      // As after a partial restore: the counter document is back, the claims and their indexes are not.
      await bot.app.db.collection(COLLECTIONS.counters).insertOne(hint!);
      await bot.funds('ADD-PC', '2026-Q3', '50000', ANN);
      const numbers = await createConcurrently(bot);
      expect(numbers).toHaveLength(CONCURRENT);
      expect(new Set(numbers).size).toBe(CONCURRENT);
      // The unique index decides again: another claim under a taken number is refused by the engine.
      const taken = await bot.app.db.collection(COLLECTIONS.claims).findOne({ tenantId: bot.where.tenantId });
      await expect(
        bot.app.db.collection(COLLECTIONS.claims).insertOne({ tenantId: taken!.tenantId, number: taken!.number }),
      ).rejects.toMatchObject({ code: 11000 });
    } finally {
      await stop();
    }
  });

  it('when the blob container was deleted then the next upload re-creates it and lands', async () => {
    const bot = await new TestBot().start();
    try {
      const { claimId } = await aClaim(bot);
      const link = await invoiceLink(bot, claimId);
      const blobs = await blobsOf(bot);
      await blobs.container.delete();
      // Several blocks (2 MB each, staged in parallel) all find the container missing at once.
      const data = Buffer.concat([FILES.pdf(), Buffer.alloc(5 * 1024 * 1024, 0x20)]);
      const res = await postForm(link, INVOICE, { filename: 'invoice.pdf', data });
      expect(res.status).toBe(200);
      const doc = await bot.app.db.collection(COLLECTIONS.documents).findOne({ claimId });
      expect(doc).not.toBeNull();
      expect((await blobs.read(String(doc!.file.blobName))).equals(data)).toBe(true);
    } finally {
      await bot.stop();
    }
  });
});
