import { TestBot } from '../support/app';
import { FILES } from '../support/files';
import { aClaimAwaitingFile, leftBehind, NOTHING_LEFT, ScriptedServer, sendFile } from '../support/security';
import { COLLECTIONS } from '../../src/store/mongo';

const FAILED = /I couldn't download [^ ]+ from Teams\. Nothing was saved — please send it again\./;
const BUSY = /I'm busy receiving other files right now\. Nothing was saved — send [^ ]+ again in a minute\./;

/**
 * Issue 11, point 7: a download link that never answers, stalls or trickles must not hold a
 * request for minutes, and one instance downloads only so many files at once.
 * Generous bounds only: the deadlines here are 0.5–3 s; without them a download waits 15 minutes.
 */
describe('files sent in chat: timeouts and the concurrency cap', () => {
  const files = new ScriptedServer();
  const bot = new TestBot();

  beforeAll(async () => {
    await files.start();
    await bot
      .withEnv({
        CHAT_FILE_DEV_ORIGINS: files.origin,
        CHAT_FILE_CONNECT_TIMEOUT_MS: '500',
        CHAT_FILE_IDLE_TIMEOUT_MS: '500',
        CHAT_FILE_TOTAL_TIMEOUT_MS: '3000',
        CHAT_FILE_MAX_CONCURRENT: '1',
      })
      .start();
  });
  afterAll(async () => {
    await bot.stop();
    await files.stop();
  });

  async function timed(run: () => Promise<{ reply: string }>): Promise<{ reply: string; ms: number }> {
    const started = Date.now();
    const { reply } = await run();
    return { reply, ms: Date.now() - started };
  }

  it('when the link accepts the connection but never answers then the user is told within seconds and nothing is stored', async () => {
    const { claimId, number } = await aClaimAwaitingFile(bot);
    const url = files.on('/silent.pdf', () => undefined);
    const { reply, ms } = await timed(() => sendFile(bot, 'silent.pdf', url, undefined, number));
    expect(reply).toMatch(FAILED);
    expect(ms).toBeLessThan(15_000);
    expect(await leftBehind(bot, claimId)).toEqual(NOTHING_LEFT);
  });

  it('when the download stalls after its first bytes then it ends at the idle deadline and leaves nothing staged', async () => {
    const { claimId, number } = await aClaimAwaitingFile(bot);
    const url = files.on('/stall.pdf', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '3000000' });
      res.write(Buffer.concat([FILES.pdf(), Buffer.alloc(64 * 1024, 0x20)]));
    });
    const { reply, ms } = await timed(() => sendFile(bot, 'stall.pdf', url, undefined, number));
    expect(reply).toMatch(FAILED);
    expect(ms).toBeLessThan(15_000);
    expect(await leftBehind(bot, claimId)).toEqual(NOTHING_LEFT);
  });

  it('when the download trickles (a byte now and then, never idle long enough) then it ends at the total deadline', async () => {
    const { claimId, number } = await aClaimAwaitingFile(bot);
    const url = files.on('/trickle.pdf', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.write(FILES.pdf());
      const drip = setInterval(() => res.write(' '), 100);
      res.once('close', () => clearInterval(drip));
    });
    const { reply, ms } = await timed(() => sendFile(bot, 'trickle.pdf', url, undefined, number));
    expect(reply).toMatch(FAILED);
    expect(ms).toBeLessThan(20_000);
    expect(await leftBehind(bot, claimId)).toEqual(NOTHING_LEFT);
  });
});

describe('files sent in chat: the concurrency cap', () => {
  const files = new ScriptedServer();
  const bot = new TestBot();

  beforeAll(async () => {
    await files.start();
    await bot.withEnv({ CHAT_FILE_DEV_ORIGINS: files.origin, CHAT_FILE_MAX_CONCURRENT: '1' }).start();
  });
  afterAll(async () => {
    await bot.stop();
    await files.stop();
  });

  it('when more files arrive than the instance downloads at once then the extra one is asked to come again, and the first still lands', async () => {
    const first = await aClaimAwaitingFile(bot);
    const second = await aClaimAwaitingFile(bot);
    let release: (() => void) | undefined;
    // The first download stays open, a byte every 200 ms, until the test releases it.
    const slow = files.on('/slow.pdf', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.write(FILES.pdf());
      const drip = setInterval(() => res.write(' '), 200);
      release = () => {
        clearInterval(drip);
        res.end();
      };
    });
    const pending = sendFile(bot, 'slow.pdf', slow, undefined, first.number);
    for (let i = 0; i < 250 && !release; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(release).toBeDefined();

    const other = files.serve('/other.pdf', FILES.pdf());
    const busy = await sendFile(bot, 'other.pdf', other, undefined, second.number);
    expect(busy.reply).toMatch(BUSY);
    expect(files.hits).not.toContain('/other.pdf');
    expect(await leftBehind(bot, second.claimId)).toEqual(NOTHING_LEFT);

    release!();
    expect((await pending).reply).toMatch(/Added \*\*slow\.pdf\*\*/);
    expect(await bot.app.db.collection(COLLECTIONS.documents).countDocuments({ claimId: first.claimId })).toBe(1);
    // The slot is free again.
    const again = await sendFile(bot, 'other.pdf', other, undefined, second.number);
    expect(again.reply).toMatch(/Added \*\*other\.pdf\*\*/);
  });
});
