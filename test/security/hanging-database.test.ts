import { ANN } from '../support/activities';
import { TestBot } from '../support/app';
import { testMongoUri } from '../support/db';
import { Organisation } from '../support/scene';
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
});
