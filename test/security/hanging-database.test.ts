import { ANN } from '../support/activities';
import { TestBot } from '../support/app';
import { testMongoUri } from '../support/db';
import { FILES, postForm } from '../support/files';
import { anOrganisation, Organisation, uploadUrlOf } from '../support/scene';
import { blobsOf } from '../support/uploads';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * Issue 11, point 12: a database that accepts connections and then never answers. Every operation
 * is bounded by MONGODB_TIMEOUT_MS, users hear "try again", and /readyz answers by itself within
 * about a second whatever that timeout is.
 * The database is the run's real engine behind a TCP stand-in that can be switched to hang. The
 * driver's own monitor is told to look only once an hour, so it never notices the hang during a
 * test: only the bot's bounds can end a wait. Without them a turn (or a probe) would wait past the
 * test's own timeout, so an answer at all is the proof — no clock is read.
 */
describe('a database that hangs', () => {
  /** A bot of its own behind the proxy: the test hangs its database. */
  async function botBehind(proxy: TcpProxy, timeoutMs: number): Promise<TestBot> {
    const uri = new URL(proxy.uriFor(testMongoUri()));
    uri.searchParams.set('heartbeatFrequencyMS', String(60 * 60 * 1000));
    const bot = await new TestBot({ MONGODB_URI: uri.toString(), MONGODB_TIMEOUT_MS: String(timeoutMs) }).start();
    bot.clock.set('2026-10-01T09:00:00Z');
    return bot;
  }

  async function stopBoth(bot: TestBot, proxy: TcpProxy): Promise<void> {
    proxy.resume();
    try {
      await bot.stop();
    } finally {
      await proxy.stop();
    }
  }

  it('when the database stops answering then a message gets "try again", and works again once it answers', async () => {
    const proxy = await TcpProxy.forUri(testMongoUri()).start();
    const bot = await botBehind(proxy, 1000);
    try {
      const org = new Organisation(bot);
      expect((await org.say('claims', ANN)).card).toBeDefined();
      proxy.hang();
      const during = await org.say('claims', ANN);
      expect(during.text).toMatch(/claims store is not reachable right now\. Nothing was changed/);
      expect(during.text).not.toMatch(/Mongo|timed out|ETIMEDOUT|stack/i);

      proxy.resume();
      let recovered = false;
      for (let i = 0; i < 20 && !recovered; i++) recovered = (await org.say('claims', ANN)).card !== undefined;
      expect(recovered).toBe(true);
    } finally {
      await stopBoth(bot, proxy);
    }
  });

  it('when the database stops answering then /readyz says 503 by itself, even when operations may wait two minutes', async () => {
    const proxy = await TcpProxy.forUri(testMongoUri()).start();
    // The longest MONGODB_TIMEOUT_MS the configuration takes, longer than this test may run.
    const bot = await botBehind(proxy, 120_000);
    try {
      expect((await fetch(`${bot.app.url}/readyz`)).status).toBe(200);
      proxy.hang();
      const res = await fetch(`${bot.app.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable' });
      expect((await fetch(`${bot.app.url}/healthz`)).status).toBe(200);
    } finally {
      await stopBoth(bot, proxy);
    }
  });

  describe('a change whose History event is stored, then the database stops answering', () => {
    async function historyTypes(bot: TestBot, claimId: string): Promise<string[]> {
      const events = await bot.app.db.collection('claim_events').find({ claimId }).sort({ seq: 1 }).toArray();
      return events.map((e) => String(e.type));
    }

    it('when a comment is stored and nothing after it answers then the person hears it was saved, and the card shows it once the database is back', async () => {
      const proxy = await TcpProxy.forUri(testMongoUri()).start();
      const bot = await botBehind(proxy, 1000);
      try {
        const org = await anOrganisation(bot, { reviewers: false });
        const claim = await org.newClaim();
        proxy.hangAfter('insert', 'claim_events');
        const res = await org.press('claim.comment', {
          claimId: claim.claimId,
          version: claim.version,
          comment: 'The invoice is the second one.',
        });
        const said = JSON.stringify(res.body.value);
        expect(said).toMatch(/Your change was saved/);
        expect(said).not.toMatch(/[Nn]othing was changed|Mongo|timed out|stack/);

        proxy.resume();
        let after = await org.current(claim.claimId).catch(() => undefined);
        for (let i = 0; i < 20 && after?.version !== claim.version + 1; i++)
          after = await org.current(claim.claimId).catch(() => undefined);
        expect(after?.version).toBe(claim.version + 1);
        expect((await historyTypes(bot, claim.claimId)).filter((t) => t === 'claim.commented')).toHaveLength(1);
      } finally {
        await stopBoth(bot, proxy);
      }
    });

    it('when an uploaded document is stored and nothing after it answers then the page says it was saved and the file is kept', async () => {
      const proxy = await TcpProxy.forUri(testMongoUri()).start();
      const bot = await botBehind(proxy, 1000);
      try {
        const org = await anOrganisation(bot, { reviewers: false });
        const claim = await org.newClaim();
        const form = await org.press('document.add', {
          claimId: claim.claimId,
          version: claim.version,
          kind: 'other',
          title: 'Booth photo',
        });
        const url = uploadUrlOf(bot, form.body.value);
        proxy.hangAfter('insert', 'claim_events');
        const page = await postForm(
          url,
          { title: 'Booth photo' },
          {
            filename: 'booth.pdf',
            contentType: 'application/pdf',
            data: FILES.pdf(),
          },
        );
        expect(page.status).toBe(200);
        expect(page.html).toMatch(/Your file was saved on the claim/);
        expect(page.html).not.toMatch(/[Nn]othing was saved|Mongo|stack/);

        proxy.resume();
        let after = await org.current(claim.claimId).catch(() => undefined);
        for (let i = 0; i < 20 && after?.version !== claim.version + 1; i++)
          after = await org.current(claim.claimId).catch(() => undefined);
        expect(after?.version).toBe(claim.version + 1);
        const stored = await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never });
        expect((stored?.documents as Array<{ name: string }>).map((d) => d.name)).toEqual(['booth.pdf']);
        const events = await bot.app.db
          .collection('claim_events')
          .find({ claimId: claim.claimId, type: 'document.added' })
          .toArray();
        expect(events).toHaveLength(1);
        const blobName = String(
          (events[0]!.data as { document: { file: { blobName: string } } }).document.file.blobName,
        );
        const blobs = await blobsOf(bot);
        expect(await blobs.list(`${org.tenantId}/${claim.claimId}/`)).toContain(blobName);
      } finally {
        await stopBoth(bot, proxy);
      }
    });
  });
});
