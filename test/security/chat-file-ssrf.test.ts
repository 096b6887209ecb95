import { FILES } from '../support/files';
import { anOrganisation, type Organisation, useBot } from '../support/scene';
import {
  aClaimAwaitingFile,
  documentsOf,
  leftBehind,
  NOTHING_LEFT,
  ScriptedServer,
  sendFile,
} from '../support/security';
import { ConfigError, loadConfig } from '../../src/config';

const REFUSED =
  /I only download files that Teams hands me, and the link for [^ ]+ is not one of them\. Nothing was saved/;
const FAILED = /I couldn't download [^ ]+ from Teams\. Nothing was saved — please send it again\./;

/**
 * Issue 11, point 6: a downloadUrl in a 1:1 chat file attachment is a URL anyone can write (with
 * authentication off, anyone can post any activity). The bot fetches only allow-listed hosts
 * over https at public addresses (tests: an exact development origin), follows no redirect off
 * that list, and tells the user nothing about what is behind a link.
 */
describe('files sent in chat: server-side request forgery', () => {
  const files = new ScriptedServer();
  const internal = new ScriptedServer(); // stands for a service inside the network
  beforeAll(async () => {
    await files.start();
    await internal.start();
  });
  afterAll(async () => {
    await files.stop();
    await internal.stop();
  });
  // Only the file server is a development origin; the "internal" server is not. "localhost" is
  // allow-listed so that an allowed name resolving to a loopback address can be tried.
  const bot = useBot(() => ({ CHAT_FILE_DEV_ORIGINS: files.origin, CHAT_FILE_HOSTS: '*.sharepoint.com,localhost' }));
  bot.captureLogs();

  /** Why the bot's log says a file of this organisation was not received (what the user is never told). */
  function loggedReasons(org: Organisation): string[] {
    return bot.logs
      .map((line) => JSON.parse(line) as { msg?: string; tenantId?: string; reason?: string })
      .filter((l) => l.msg === 'chat file not received' && l.tenantId === org.tenantId)
      .map((l) => String(l.reason));
  }

  it('when the link points at a loopback service that is not a configured origin then nothing is fetched and the user gets the generic refusal', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const { claimId, number } = await aClaimAwaitingFile(org);
    const secret = internal.serve(`/admin/${org.tenantId}/secrets.txt`, Buffer.from('root:password\n'));
    const before = internal.hits.length;
    const { reply } = await sendFile(org, 'notes.txt', secret, number);
    expect(reply).toMatch(REFUSED);
    expect(reply).not.toMatch(/127\.0\.0\.1|localhost|:\d{2,5}|https only|\bHTTP\b/);
    expect(internal.hits.slice(before)).toEqual([]);
    expect(loggedReasons(org)).toEqual([expect.stringMatching(/^scheme http: \(https only\) \(hop 0\)/)]);
    expect(await leftBehind(org, claimId)).toEqual(NOTHING_LEFT);
  });

  it('when an allowed host name resolves to a loopback address then it is refused before connecting', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const { claimId, number } = await aClaimAwaitingFile(org);
    // "localhost" is on this bot's allow-list, but what it resolves to is not public.
    const { reply } = await sendFile(org, 'notes.txt', 'https://localhost/files/notes.txt', number);
    expect(reply).toMatch(REFUSED);
    expect(reply).not.toMatch(/127\.0\.0\.1|localhost|::1/);
    expect(loggedReasons(org)).toEqual([expect.stringMatching(/^localhost resolves to (127\.0\.0\.1|::1)/)]);
    expect(await leftBehind(org, claimId)).toEqual(NOTHING_LEFT);
  });

  it('when an allowed link redirects on the same origin then the file lands, and when it redirects off the allow-list then the redirect is not followed', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const ok = await aClaimAwaitingFile(org);
    const real = `/real/${org.tenantId}/photos.pdf`;
    files.serve(real, FILES.pdf());
    const hop = files.redirect(`/start/${org.tenantId}/photos.pdf`, real);
    expect((await sendFile(org, 'photos.pdf', hop, ok.number)).reply).toMatch(
      new RegExp(`Added \\*\\*photos\\.pdf\\*\\* to ${ok.number}`),
    );
    expect(files.hits).toContain(real);
    expect(await documentsOf(bot, ok.claimId)).toEqual([
      expect.objectContaining({ kind: 'other', name: 'photos.pdf' }),
    ]);

    const bad = await aClaimAwaitingFile(org);
    const secret = internal.serve(`/metadata/${org.tenantId}/token`, FILES.pdf());
    const away = files.redirect(`/start/${org.tenantId}/away.pdf`, secret);
    const before = internal.hits.length;
    const { reply } = await sendFile(org, 'away.pdf', away, bad.number);
    expect(reply).toMatch(REFUSED);
    expect(files.hits).toContain(`/start/${org.tenantId}/away.pdf`);
    expect(internal.hits.slice(before)).toEqual([]);
    expect(loggedReasons(org)).toEqual([expect.stringMatching(/\(hop 1\)$/)]); // the redirect, checked like the link
    expect(await leftBehind(org, bad.claimId)).toEqual(NOTHING_LEFT);
  });

  it('when redirects go on and on then the bot stops after a few hops', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const { claimId, number } = await aClaimAwaitingFile(org);
    const a = `/loop/${org.tenantId}/a`;
    const b = `/loop/${org.tenantId}/b`;
    files.redirect(a, b);
    const start = files.redirect(b, a);
    const { reply } = await sendFile(org, 'loop.pdf', start, number);
    expect(reply).toMatch(REFUSED);
    const hops = files.hits.filter((h) => h === a || h === b).length;
    expect(hops).toBeGreaterThan(1); // it did follow redirects…
    expect(hops).toBeLessThanOrEqual(6); // …the first request and at most five more
    expect(await leftBehind(org, claimId)).toEqual(NOTHING_LEFT);
  });

  it.each([[404], [401], [500], [503]])(
    'when the upstream answers %s then the user hears the same generic words, never the status',
    async (status) => {
      const org = await anOrganisation(bot, { reviewers: false });
      const { claimId, number } = await aClaimAwaitingFile(org);
      const url = files.serve(`/status/${org.tenantId}/${status}`, Buffer.from('nope'), status);
      const { reply } = await sendFile(org, 'report.pdf', url, number);
      expect(reply).toMatch(FAILED);
      expect(reply).not.toMatch(new RegExp(`\\b${status}\\b|HTTP|127\\.0\\.0\\.1`));
      expect(loggedReasons(org)).toEqual([expect.stringContaining(`upstream answered ${status}`)]);
      expect(await leftBehind(org, claimId)).toEqual(NOTHING_LEFT);
    },
  );

  it('when production configuration (authentication on) names a development origin then the bot does not start', () => {
    // Everything else a production bot needs is set, so the development origin is the only objection.
    const production = {
      MicrosoftAppId: '6a0c1b7e-3d2f-4e8a-9b1c-0d2e3f4a5b6c',
      MicrosoftAppPassword: 'secret',
      MONGODB_URI: 'mongodb://db.example.internal:27017',
      AZURE_STORAGE_ACCOUNT_URL: 'https://claims.blob.core.windows.net',
    };
    expect(loadConfig(production).CHAT_FILE_DEV_ORIGINS).toEqual([]);
    expect(() => loadConfig({ ...production, CHAT_FILE_DEV_ORIGINS: files.origin })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, CHAT_FILE_DEV_ORIGINS: files.origin })).toThrow(
      /CHAT_FILE_DEV_ORIGINS is for local development only/,
    );
  });
});
