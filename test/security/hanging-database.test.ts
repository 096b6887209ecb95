import { ANN } from '../support/activities';
import { TestBot } from '../support/app';
import { testMongoUri } from '../support/db';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * Issue 11, point 12: a database that accepts connections and then never answers. Every operation
 * is bounded by MONGODB_TIMEOUT_MS, users hear "try again", and /readyz answers within 2 s.
 * The database is the run's real engine behind a TCP stand-in that can be switched to hang.
 */
describe('a database that hangs', () => {
  async function botBehind(proxy: TcpProxy, timeoutMs: number): Promise<TestBot> {
    return new TestBot({ MONGODB_URI: proxy.uriFor(testMongoUri()), MONGODB_TIMEOUT_MS: String(timeoutMs) }).start();
  }

  async function stopBoth(bot: TestBot, proxy: TcpProxy): Promise<void> {
    proxy.resume();
    try {
      await bot.stop();
    } finally {
      await proxy.stop();
    }
  }

  it('when the database stops answering then a message gets "try again" within a few timeouts, and works again once it answers', async () => {
    const proxy = await TcpProxy.forUri(testMongoUri()).start();
    const bot = await botBehind(proxy, 1000);
    try {
      expect((await bot.say('claims', ANN)).card).toBeDefined();
      proxy.hang();
      const started = Date.now();
      const during = await bot.say('claims', ANN);
      const took = Date.now() - started;
      expect(during.text).toMatch(/claims store is not reachable right now\. Nothing was changed/);
      expect(during.text).not.toMatch(/Mongo|timed out|ETIMEDOUT|stack/i);
      // Generous: the bound is two operation timeouts (the driver's one retry) plus the reply, ~2 s;
      // without one, the turn waits for the driver's 10-second heartbeat (or forever).
      expect(took).toBeLessThan(8000);

      proxy.resume();
      let recovered = false;
      for (let i = 0; i < 20 && !recovered; i++) recovered = (await bot.say('claims', ANN)).card !== undefined;
      expect(recovered).toBe(true);
    } finally {
      await stopBoth(bot, proxy);
    }
  });

  it('when the database stops answering then /readyz says 503 within 2 seconds, even with the default 5-second timeout', async () => {
    const proxy = await TcpProxy.forUri(testMongoUri()).start();
    const bot = await botBehind(proxy, 5000);
    try {
      expect((await fetch(`${bot.app.url}/readyz`)).status).toBe(200);
      proxy.hang();
      const started = Date.now();
      const res = await fetch(`${bot.app.url}/readyz`);
      const took = Date.now() - started;
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable' });
      expect(took).toBeLessThan(2000);
      expect((await fetch(`${bot.app.url}/healthz`)).status).toBe(200);
    } finally {
      await stopBoth(bot, proxy);
    }
  });
});
