import { ANN } from '../support/activities';
import { TestBot } from '../support/app';
import { FILES, postForm } from '../support/files';
import { anOrganisation, FORM, type Organisation, useBot } from '../support/scene';
import { documentsOf, EmptiableDatabase, INVOICE, invoiceLink } from '../support/security';
import { blobsOf } from '../support/uploads';
import { COLLECTIONS } from '../../src/store/mongo';

/**
 * Issue 11, point 13: storage that comes back empty while the bot runs — a database restarted
 * empty (collections and indexes gone), a blob container deleted. Claim numbers stay unique and
 * uploads work again, without a restart.
 */
describe('a database that comes back empty', () => {
  const CONCURRENT = 6;

  /**
   * The admin (the first person again: the members are gone too) sets the funds again, then
   * creates claims at the same moment; returns the numbers the tenant's claims carry.
   */
  async function createConcurrently(org: Organisation): Promise<string[]> {
    const funds = await org.say('funds ADD-PC 2026-Q3 50000', ANN);
    if (!/set to/.test(funds.text)) throw new Error(`funds not set: ${funds.text}`);
    const presses = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        org.press('claim.create', { ...FORM, amount: `${100 + i}.00` }, ANN, org.partner, `form-${i}`),
      ),
    );
    for (const p of presses) expect(p.status).toBe(200);
    const claims = await org.bot.app.db
      .collection(COLLECTIONS.claims)
      .find({ tenantId: org.tenantId, version: { $gte: 1 } })
      .toArray();
    return claims.map((c) => String(c.number)).sort();
  }

  /** A bot on a database this test can empty while the bot runs (each test its own: it empties it). */
  async function onEmptiableDatabase(test: (bot: TestBot, store: EmptiableDatabase) => Promise<void>) {
    const store = await EmptiableDatabase.start();
    try {
      const bot = await new TestBot({ MONGODB_URI: store.uri }).start();
      bot.clock.set('2026-10-01T09:00:00Z');
      try {
        await test(bot, store);
      } finally {
        await bot.stop();
      }
    } finally {
      await store.stop();
    }
  }

  it('when the database came back empty (collections and indexes gone) then claims made at the same moment still get distinct numbers', async () => {
    await onEmptiableDatabase(async (bot, store) => {
      const org = await anOrganisation(bot, { reviewers: false });
      await org.newClaim();
      await store.empty(bot);
      const numbers = await createConcurrently(org);
      expect(numbers).toHaveLength(CONCURRENT);
      expect(new Set(numbers).size).toBe(CONCURRENT);
    });
  });

  it('when the claims lost their unique number index but the number hint survived then numbers stay distinct and the index is back', async () => {
    await onEmptiableDatabase(async (bot, store) => {
      const org = await anOrganisation(bot, { reviewers: false });
      await org.newClaim();
      const hint = await bot.app.db.collection(COLLECTIONS.counters).findOne({});
      expect(hint).not.toBeNull();
      await store.empty(bot);
      // As after a partial restore: the counter document is back, the claims and their indexes are not.
      await bot.app.db.collection(COLLECTIONS.counters).insertOne(hint!);
      const numbers = await createConcurrently(org);
      expect(numbers).toHaveLength(CONCURRENT);
      expect(new Set(numbers).size).toBe(CONCURRENT);
      // The unique index decides again: another claim under a taken number is refused by the engine.
      const taken = await bot.app.db.collection(COLLECTIONS.claims).findOne({ tenantId: org.tenantId });
      await expect(
        bot.app.db.collection(COLLECTIONS.claims).insertOne({ tenantId: taken!.tenantId, number: taken!.number }),
      ).rejects.toMatchObject({ code: 11000 });
    });
  });
});

describe('a blob container that was deleted', () => {
  // This file's own bot: the test deletes the bot's container.
  const bot = useBot();

  it('when the blob container was deleted then the next upload re-creates it and lands', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const { claimId } = await org.newClaim();
    const link = await invoiceLink(org, claimId);
    const blobs = await blobsOf(bot);
    await blobs.container.delete();
    // Several blocks (2 MB each, staged in parallel) all find the container missing at once.
    const data = Buffer.concat([FILES.pdf(), Buffer.alloc(5 * 1024 * 1024, 0x20)]);
    const res = await postForm(link, INVOICE, { filename: 'invoice.pdf', data });
    expect(res.status).toBe(200);
    const docs = await documentsOf(bot, claimId);
    expect(docs).toEqual([expect.objectContaining({ kind: 'invoice', name: 'invoice.pdf' })]);
    const file = docs[0]!.file as { blobName: string };
    expect((await blobs.read(file.blobName)).equals(data)).toBe(true);
  });
});
