import { TestBot } from '../support/app';
import { FILES } from '../support/files';
import { aClaimAwaitingFile, leftBehind, NOTHING_LEFT, ScriptedServer, sendFile } from '../support/security';
import { COLLECTIONS } from '../../src/store/mongo';
import { ConfigError, loadConfig } from '../../src/config';

const REFUSED =
  /I only download files that Teams hands me, and the link for [^ ]+ is not one of them\. Nothing was saved/;
const FAILED = /I couldn't download [^ ]+ from Teams\. Nothing was saved — please send it again\./;

/**
 * Issue 11, point 6: a downloadUrl in a 1:1 chat file attachment is a URL anyone can write (with
 * authentication off, anyone can post any activity). The bot fetches only allow-listed hosts
 * over https (tests: an exact development origin), follows no redirect off that list, and tells
 * the user nothing about what is behind a link.
 */
describe('files sent in chat: server-side request forgery', () => {
  const files = new ScriptedServer();
  const internal = new ScriptedServer(); // stands for a service inside the network
  const bot = new TestBot();

  beforeAll(async () => {
    await files.start();
    await internal.start();
    // Only the file server is a development origin; the "internal" server is not.
    await bot.withEnv({ CHAT_FILE_DEV_ORIGINS: files.origin, CHAT_FILE_HOSTS: '*.sharepoint.com,localhost' }).start();
  });
  afterAll(async () => {
    await bot.stop();
    await files.stop();
    await internal.stop();
  });

  it('when the link points at a loopback service that is not a configured origin then nothing is fetched and the user gets the generic refusal', async () => {
    const { claimId, number } = await aClaimAwaitingFile(bot);
    const secret = internal.serve('/admin/secrets.txt', Buffer.from('root:password\n'));
    const { reply } = await sendFile(bot, 'notes.txt', secret, undefined, number);
    expect(reply).toMatch(REFUSED);
    expect(reply).not.toMatch(/127\.0\.0\.1|localhost|:\d{2,5}|https only|\bHTTP\b/);
    expect(internal.hits).toEqual([]);
    expect(await leftBehind(bot, claimId)).toEqual(NOTHING_LEFT);
  });

  it('when an allowed host name resolves to a loopback address then it is refused before connecting', async () => {
    const { claimId, number } = await aClaimAwaitingFile(bot);
    // "localhost" is on this bot's allow-list, but what it resolves to is not public.
    const { reply } = await sendFile(bot, 'notes.txt', 'https://localhost/files/notes.txt', undefined, number);
    expect(reply).toMatch(REFUSED);
    expect(await leftBehind(bot, claimId)).toEqual(NOTHING_LEFT);
  });

  it('when an allowed link redirects on the same origin then the file lands, and when it redirects off the allow-list then the redirect is not followed', async () => {
    const ok = await aClaimAwaitingFile(bot);
    files.serve('/real/photos.pdf', FILES.pdf());
    const hop = files.redirect('/start/photos.pdf', '/real/photos.pdf');
    expect((await sendFile(bot, 'photos.pdf', hop, undefined, ok.number)).reply).toMatch(/Added \*\*photos\.pdf\*\*/);
    expect(await bot.app.db.collection(COLLECTIONS.documents).countDocuments({ claimId: ok.claimId })).toBe(1);

    const bad = await aClaimAwaitingFile(bot);
    const secret = internal.serve('/metadata/token', FILES.pdf());
    const away = files.redirect('/start/away.pdf', secret);
    const { reply } = await sendFile(bot, 'away.pdf', away, undefined, bad.number);
    expect(reply).toMatch(REFUSED);
    expect(internal.hits).not.toContain('/metadata/token');
    expect(await leftBehind(bot, bad.claimId)).toEqual(NOTHING_LEFT);
  });

  it('when redirects go on and on then the bot stops after a few hops', async () => {
    const { claimId, number } = await aClaimAwaitingFile(bot);
    files.redirect('/loop/a', '/loop/b');
    const start = files.redirect('/loop/b', '/loop/a');
    const before = files.hits.length;
    const { reply } = await sendFile(bot, 'loop.pdf', start, undefined, number);
    expect(reply).toMatch(REFUSED);
    expect(files.hits.length - before).toBeLessThanOrEqual(6);
    expect(await leftBehind(bot, claimId)).toEqual(NOTHING_LEFT);
  });

  it.each([[404], [401], [500], [503]])(
    'when the upstream answers %s then the user hears the same generic words, never the status',
    async (status) => {
      const { claimId, number } = await aClaimAwaitingFile(bot);
      const url = files.serve(`/status/${status}`, Buffer.from('nope'), status);
      const { reply } = await sendFile(bot, 'report.pdf', url, undefined, number);
      expect(reply).toMatch(FAILED);
      expect(reply).not.toMatch(new RegExp(`${status}|HTTP|127\\.0\\.0\\.1`));
      expect(await leftBehind(bot, claimId)).toEqual(NOTHING_LEFT);
    },
  );

  it('when production configuration (authentication on) names a development origin then the bot does not start', () => {
    const production = { MicrosoftAppId: '6a0c1b7e-3d2f-4e8a-9b1c-0d2e3f4a5b6c', MicrosoftAppPassword: 'secret' };
    expect(() => loadConfig({ ...production, CHAT_FILE_DEV_ORIGINS: files.origin })).toThrow(ConfigError);
    expect(loadConfig(production).CHAT_FILE_DEV_ORIGINS).toEqual([]);
  });
});
