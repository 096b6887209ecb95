import { FILES } from '../support/files';
import { anOrganisation, useBot } from '../support/scene';
import {
  aClaimAwaitingFile,
  documentsOf,
  leftBehind,
  NOTHING_LEFT,
  ScriptedServer,
  sendFile,
} from '../support/security';

const FAILED = /I couldn't download [^ ]+ from Teams\. Nothing was saved — please send it again\./;
const BUSY = /I'm busy receiving other files right now\. Nothing was saved — send [^ ]+ again in a minute\./;

/** The longest deadlines the configuration takes: one of them here means "this deadline is not the one under test". */
const NEVER = {
  CHAT_FILE_CONNECT_TIMEOUT_MS: '120000',
  CHAT_FILE_IDLE_TIMEOUT_MS: '600000',
  CHAT_FILE_TOTAL_TIMEOUT_MS: '3600000',
};

/**
 * Issue 11, point 7: a download link that never answers, stalls or trickles must not hold a
 * request for minutes, and one instance downloads only so many files at once.
 * The stand-in links never finish on their own, and each bot sets only the deadline under test
 * short (the others longer than the test may run): a reply at all shows that deadline ended the
 * download; without it the test would run into its own timeout.
 */
describe('files sent in chat: the deadline for an answer', () => {
  const files = new ScriptedServer();
  beforeAll(() => files.start());
  afterAll(() => files.stop());
  const bot = useBot(() => ({ ...NEVER, CHAT_FILE_DEV_ORIGINS: files.origin, CHAT_FILE_CONNECT_TIMEOUT_MS: '500' }));

  it('when the link accepts the connection but never answers then the user is told so and nothing is stored', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const { claimId, number } = await aClaimAwaitingFile(org);
    const url = files.on(`/silent/${org.tenantId}.pdf`, () => undefined);
    const { reply } = await sendFile(org, 'silent.pdf', url, number);
    expect(reply).toMatch(FAILED);
    expect(await leftBehind(org, claimId)).toEqual(NOTHING_LEFT);
  });
});

describe('files sent in chat: the deadline between chunks', () => {
  const files = new ScriptedServer();
  beforeAll(() => files.start());
  afterAll(() => files.stop());
  const bot = useBot(() => ({ ...NEVER, CHAT_FILE_DEV_ORIGINS: files.origin, CHAT_FILE_IDLE_TIMEOUT_MS: '500' }));

  it('when the download stalls after its first bytes then it ends at the idle deadline and leaves nothing staged', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const { claimId, number } = await aClaimAwaitingFile(org);
    const url = files.on(`/stall/${org.tenantId}.pdf`, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '3000000' });
      res.write(Buffer.concat([FILES.pdf(), Buffer.alloc(64 * 1024, 0x20)]));
    });
    const { reply } = await sendFile(org, 'stall.pdf', url, number);
    expect(reply).toMatch(FAILED);
    expect(await leftBehind(org, claimId)).toEqual(NOTHING_LEFT);
  });
});

describe('files sent in chat: the deadline for the whole download', () => {
  const files = new ScriptedServer();
  beforeAll(() => files.start());
  afterAll(() => files.stop());
  const bot = useBot(() => ({ ...NEVER, CHAT_FILE_DEV_ORIGINS: files.origin, CHAT_FILE_TOTAL_TIMEOUT_MS: '3000' }));

  it('when the download trickles (a byte now and then, never idle long enough) then it ends at the total deadline', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const { claimId, number } = await aClaimAwaitingFile(org);
    const url = files.on(`/trickle/${org.tenantId}.pdf`, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.write(FILES.pdf());
      const drip = setInterval(() => res.write(' '), 100);
      res.once('close', () => clearInterval(drip));
    });
    const { reply } = await sendFile(org, 'trickle.pdf', url, number);
    expect(reply).toMatch(FAILED);
    expect(await leftBehind(org, claimId)).toEqual(NOTHING_LEFT);
  });
});

describe('files sent in chat: the concurrency cap', () => {
  const files = new ScriptedServer();
  beforeAll(() => files.start());
  afterAll(() => files.stop());
  const bot = useBot(() => ({ CHAT_FILE_DEV_ORIGINS: files.origin, CHAT_FILE_MAX_CONCURRENT: '1' }));

  it('when more files arrive than the instance downloads at once then the extra one is asked to come again, and the first still lands', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const first = await aClaimAwaitingFile(org);
    const second = await aClaimAwaitingFile(org);
    // The first download stays open, a byte every 200 ms, until the test releases it.
    let release!: () => void;
    const downloading = new Promise<void>((started) => {
      files.on(`/slow/${org.tenantId}.pdf`, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.write(FILES.pdf());
        const drip = setInterval(() => res.write(' '), 200);
        release = () => {
          clearInterval(drip);
          res.end();
        };
        started();
      });
    });
    const pending = sendFile(org, 'slow.pdf', `${files.origin}/slow/${org.tenantId}.pdf`, first.number);
    await downloading;

    const otherPath = `/other/${org.tenantId}.pdf`;
    const other = files.serve(otherPath, FILES.pdf());
    const busy = await sendFile(org, 'other.pdf', other, second.number);
    expect(busy.reply).toMatch(BUSY);
    expect(files.hits).not.toContain(otherPath);
    expect(await leftBehind(org, second.claimId)).toEqual(NOTHING_LEFT);

    release();
    expect((await pending).reply).toMatch(/Added \*\*slow\.pdf\*\*/);
    expect(await documentsOf(bot, first.claimId)).toEqual([expect.objectContaining({ name: 'slow.pdf' })]);
    // The slot is free again.
    const again = await sendFile(org, 'other.pdf', other, second.number);
    expect(again.reply).toMatch(/Added \*\*other\.pdf\*\*/);
    expect(await documentsOf(bot, second.claimId)).toEqual([expect.objectContaining({ name: 'other.pdf' })]);
  });
});
