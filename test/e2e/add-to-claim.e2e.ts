/**
 * "Add to claim" on a message, in a real client: Microsoft 365 Agents Playground (Teams mode) in
 * headless Chromium. The Playground runs message actions (… → Action Command → a dialog fetched
 * from the bot) but cannot attach files to a message, so the message carries an image in its text,
 * served by a local file server the bot is allowed to fetch from (CHAT_FILE_DEV_ORIGINS). Every
 * assertion is on what the page shows. Steps run in order; after a failed step the rest report it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium';
import { startStack, type Stack } from '../../scripts/lib/dev-stack';
import { readPlaygroundOrg } from '../../scripts/lib/playground-config';
import { repoRoot } from '../../scripts/lib/root';
import { claimDeadline, parsePeriod } from '../../src/domain/period';
import { FILES } from '../support/files';
import { FileServer } from '../support/uploads';
import { PlaygroundChat, until, visibleText } from './support/playground-chat';

const ROOT = repoRoot();
const ARTIFACTS = join(ROOT, 'build', 'e2e', 'add-to-claim');
const ORG = readPlaygroundOrg(join(ROOT, '.m365agentsplayground.yml'));

const now = new Date();
const PERIOD = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
/** The first day of the current quarter: inside the usage period and never in the future. */
const EXECUTION_DATE = `${now.getUTCFullYear()}-${String(Math.floor(now.getUTCMonth() / 3) * 3 + 1).padStart(2, '0')}-01`;
const MESSAGE = 'Tear sheet from the Gazette, page 14';
const QUARTER = parsePeriod(PERIOD)!;
/** How the new-claim form names the period (only open periods are offered). */
const PERIOD_CHOICE = `${QUARTER.code} (${QUARTER.start} – ${QUARTER.end}, submit by ${claimDeadline(QUARTER)})`;

const files = new FileServer();
let stack: Stack | undefined;
let browser: Browser | undefined;
let chat: PlaygroundChat;
let failedStep: string | undefined;

function step(name: string, body: () => Promise<void>): void {
  it(name, async () => {
    if (failedStep) throw new Error(`not run: the earlier step "${failedStep}" failed`);
    try {
      await body();
    } catch (err) {
      failedStep = name;
      const shot = await chat?.capture(name).catch((e: unknown) => `(no screenshot: ${(e as Error).message})`);
      const logs = stack ? `\n${stack.tail(15)}` : '';
      throw Object.assign(err as Error, { message: `${(err as Error).message}\nScreenshot: ${shot}${logs}` });
    }
  });
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await files.start();
  stack = await startStack({
    root: ROOT,
    botPort: 0,
    playgroundPort: 0,
    logDir: join(ARTIFACTS, 'logs'),
    botEnv: {
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MONGODB_URI: '',
      AZURE_STORAGE_CONNECTION_STRING: '',
      PUBLIC_BASE_URL: '',
      CHAT_FILE_DEV_ORIGINS: files.origin,
    },
  });
  browser = await launchChromium();
  chat = await PlaygroundChat.open(browser, stack.playgroundUrl, ORG.botName, ARTIFACTS);
}, 180_000);

afterAll(async () => {
  await chat?.close();
  await browser?.close();
  await stack?.stop();
  await files.stop();
}, 60_000);

describe('Add to claim on a message, in Microsoft 365 Agents Playground', () => {
  let claimMessage: Locator;
  let claimNumber = '';
  let dialog: Locator;

  step('when the admin has funds and a claim then the claim card shows no documents', async () => {
    await chat.waitForText(chat.botMessages().first(), 'the welcome card is shown', 'new claim');
    await chat.waitForText(
      await chat.send(`funds ADD-PC ${PERIOD} 50000`),
      'the funds are set',
      'set to USD 50,000.00',
    );
    claimMessage = await chat.send('new claim');
    const form = chat.card(claimMessage);
    await chat.waitForText(claimMessage, 'the form is shown', 'Create claim');
    await chat.choose(form, 'Activity', 'Print advertising — Demand generation');
    await chat.choose(form, 'Country or region', 'United States', 'United St');
    await chat.choose(form, 'Usage period', PERIOD_CHOICE);
    await form.getByRole('textbox', { name: 'Claimed amount' }).fill('1200.50');
    await form.getByRole('textbox', { name: 'Short description' }).fill('Quarter-page ad in the Riverside Gazette');
    await form.getByRole('button', { name: 'Create claim' }).click();
    const text = await chat.waitForText(claimMessage, 'the claim card is shown', /Claim CLM-\d{6} created\./);
    claimNumber = /(CLM-\d{6})/.exec(text)![1]!;
    expect(text).toContain('Documents 0');
  });

  step(
    'when the user picks Add to claim on a message with an image then the dialog offers the claim and shows the message',
    async () => {
      const url = files.serve('tear-sheet', FILES.png());
      await chat.send(`${MESSAGE} <img src="${url}" alt="tear sheet">`);
      const message = chat.userMessages().last();
      dialog = await chat.messageAction(message, 'addToClaim');
      const text = await until(
        'the dialog shows the first step',
        () => visibleText(dialog),
        (t) => t.includes('Add this message to a claim'),
      );
      expect(text).toContain(MESSAGE);
      expect(text).toContain('message-image-1 (image in the message)');
      await chat.choose(dialog, 'Claim', `${claimNumber} · Print advertising · ADD-PC ${PERIOD} · Editing`);
      await dialog.getByRole('radio', { name: 'Proof of execution' }).check();
      await dialog.getByRole('button', { name: 'Continue' }).click();
    },
  );

  step(
    'when the user continues then the proof form has the message text as its note and the image ticked',
    async () => {
      await until(
        'the proof form is shown',
        () => visibleText(dialog),
        (t) => t.includes(`Add proof of execution to ${claimNumber}`),
      );
      await expect(dialog.getByRole('textbox', { name: 'Explanatory note (optional)' }).inputValue()).resolves.toBe(
        MESSAGE,
      );
      await expect(
        dialog.getByRole('checkbox', { name: 'message-image-1 (image in the message)' }).isChecked(),
      ).resolves.toBe(true);
    },
  );

  step(
    'when the user fills in the proof and adds it then the dialog says what was added and the claim card counts it',
    async () => {
      await chat.choose(
        dialog,
        'Which required proof is this?',
        'Copy of the final ad showing the core requirements (company brand and contact, Microsoft content)',
      );
      await dialog.getByLabel(/Execution date/).fill(EXECUTION_DATE);
      await dialog.getByRole('textbox', { name: 'Amount' }).fill('0');
      await dialog.getByRole('textbox', { name: 'Estimated impressions / reach' }).fill('25000');
      await dialog.getByRole('button', { name: 'Add to claim' }).click();
      const text = await until(
        'the dialog says what was added',
        () => visibleText(dialog),
        (t) => t.includes(`Added a document to ${claimNumber}`),
      );
      expect(text).toMatch(/message-image-1\.png — Proof: Copy of the final ad/);
      await chat.waitForText(claimMessage, 'the claim card counts the document', 'Documents 1');
    },
  );
});
