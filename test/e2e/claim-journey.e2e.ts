/**
 * A partner's first claim, in a real client: Microsoft 365 Agents Playground (Teams mode) in
 * headless Chromium, talking to the built bot over HTTP. Every assertion is on what the page shows.
 * Steps run in order and share the conversation; after a failed step the rest report it instead
 * of failing on their own. A failing step saves a screenshot and the page HTML under build/e2e/;
 * the bot's and the Playground's logs are in build/e2e/logs/.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { plainText } from '../../scripts/lib/app-package';
import { launchChromium } from '../../scripts/lib/chromium';
import { startStack, type Stack } from '../../scripts/lib/dev-stack';
import { readPlaygroundOrg } from '../../scripts/lib/playground-config';
import { registryHelpLines } from '../../scripts/lib/registry-help';
import { repoRoot } from '../../scripts/lib/root';
import { claimDeadline, parsePeriod } from '../../src/domain/period';
import { PlaygroundChat } from './support/playground-chat';

const ROOT = repoRoot();
const ARTIFACTS = join(ROOT, 'build', 'e2e');
const ORG = readPlaygroundOrg(join(ROOT, '.m365agentsplayground.yml'));

/** The current quarter, so the claim's deadline lies ahead and only the evidence is missing. */
function currentQuarter(now = new Date()): string {
  return `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
}

const PERIOD = currentQuarter();
/** How the form's usage-period choice names it (a period is chosen from the open ones, never typed). */
const PERIOD_CHOICE = (() => {
  const p = parsePeriod(PERIOD)!;
  return `${p.code} (${p.start} – ${p.end}, submit by ${claimDeadline(p)})`;
})();
const COMMENT = 'Invoice from the Gazette is on its way — adding it on Monday.';

let stack: Stack | undefined;
let browser: Browser | undefined;
let chat: PlaygroundChat;
let failedStep: string | undefined;

/** One step of the journey: skipped once an earlier step failed; a failure leaves a screenshot. */
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
  for (const f of readdirSync(ARTIFACTS)) if (/\.(png|html)$/.test(f)) rmSync(join(ARTIFACTS, f));
  // Hermetic: embedded MongoDB and Azurite, auth off (the Playground sends no token), loopback only,
  // whatever the shell has set.
  const botEnv = {
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MONGODB_URI: '',
    AZURE_STORAGE_CONNECTION_STRING: '',
    PUBLIC_BASE_URL: '',
  };
  stack = await startStack({ root: ROOT, botPort: 0, playgroundPort: 0, logDir: join(ARTIFACTS, 'logs'), botEnv });
  browser = await launchChromium();
  chat = await PlaygroundChat.open(browser, stack.playgroundUrl, ORG.botName, ARTIFACTS);
}, 180_000);

afterAll(async () => {
  await chat?.close();
  await browser?.close();
  await stack?.stop();
}, 60_000);

describe(`a partner's first claim in Microsoft 365 Agents Playground (Teams mode, tenant ${ORG.tenantId})`, () => {
  let claimMessage: Locator;
  let claimNumber = '';

  step('when the Playground opens the personal chat then the bot welcomes the user with the help card', async () => {
    const welcome = chat.botMessages().first();
    await chat.waitForText(welcome, 'the welcome card is shown', 'Co-op claims — what I can do', 'new claim');
  });

  step('when the first user (the tenant admin) sets earned funds then the bot confirms the amount', async () => {
    const reply = await chat.send(`funds ADD-PC ${PERIOD} 50000`);
    await chat.waitForText(
      reply,
      'the funds are confirmed',
      `Earned funds of ADD-PC for ${PERIOD} set to USD 50,000.00.`,
    );
  });

  step('when the user sends help then the card lists every command of the registry', async () => {
    const reply = await chat.send('help');
    const text = await chat.waitForText(reply, 'the help card is shown', 'Co-op claims — what I can do');
    for (const line of registryHelpLines()) {
      expect(text).toContain(plainText(line.text));
      // Words in angle brackets (`funds <program> <period> <amount>`) are swallowed as HTML tags by
      // the card's Markdown renderer, so only the part outside them is checked here.
      for (const part of line.usage
        .split(/<[^>]*>/)
        .map((p) => p.trim())
        .filter(Boolean))
        expect(text).toContain(part);
    }
  });

  step(
    'when the user sends new claim then the form card asks for program, activity, location, period, amount and description',
    async () => {
      claimMessage = await chat.send('new claim');
      const form = chat.card(claimMessage);
      await chat.waitForText(claimMessage, 'the new-claim form is shown', 'New co-op claim', 'Create claim');
      for (const label of ['Program', 'Activity', 'Country or region', 'Usage period'])
        await expect(form.getByRole('combobox', { name: label }).isVisible()).resolves.toBe(true);
      for (const label of ['Claimed amount', 'Short description'])
        await expect(form.getByRole('textbox', { name: label }).isVisible()).resolves.toBe(true);
      // The only program is preselected.
      await expect(form.getByRole('combobox', { name: 'Program' }).inputValue()).resolves.toBe('ADD-PC (USD)');
    },
  );

  step(
    'when the user fills in the form and presses Create claim then the claim card shows its number, status, money and checklist',
    async () => {
      const form = chat.card(claimMessage);
      await chat.choose(form, 'Activity', 'Print advertising — Demand generation');
      await chat.choose(form, 'Country or region', 'United States', 'United St');
      await chat.choose(form, 'Usage period', PERIOD_CHOICE);
      await form.getByRole('textbox', { name: 'Claimed amount' }).fill('1200.50');
      await form.getByRole('textbox', { name: 'Short description' }).fill('Quarter-page ad in the Riverside Gazette');
      await form.getByRole('button', { name: 'Create claim' }).click();

      const text = await chat.waitForText(
        claimMessage,
        'the claim card replaces the form',
        /Claim CLM-\d{6} created\./,
      );
      claimNumber = /Claim (CLM-\d{6}) created\./.exec(text)![1]!;
      expect(text).toContain(`${claimNumber} Print advertising Editing`);
      expect(text).toMatch(/Program ADD-PC/);
      expect(text).toMatch(/Location United States/);
      expect(text).toContain(`Usage period ${PERIOD}`);
      expect(text).toContain('Claimed USD 1,200.50');
      expect(text).toContain('Earned funds USD 50,000.00');
      expect(text).toContain(`Created by ${ORG.currentUserName}`);
      expect(text).toContain('Quarter-page ad in the Riverside Gazette');
      expect(text).toMatch(/Before you can submit: \d+ items to do/);
    },
  );

  step('when the user posts a comment then the card counts it', async () => {
    const card = chat.card(claimMessage);
    await chat.press(claimMessage, 'Comment');
    const box = card.getByRole('textbox', { name: 'Comment' });
    await box.fill(COMMENT);
    await card.getByRole('button', { name: 'Post comment' }).click();
    // The bot answers twice: it updates the shared card (no banner) and replies to the press with the
    // same card plus "Comment posted." Which one the Playground shows last varies from run to run,
    // so this checks what both show: the comment counted, in a new version.
    await chat.waitForText(
      claimMessage,
      'the card counts the comment',
      /Version \d+ · updated .* · 1 comment\b/,
      `${claimNumber} Print advertising Editing`,
    );
  });

  step('when the user opens History then it shows the comment, who wrote it, and the creation', async () => {
    await chat.press(claimMessage, 'History');
    const text = await chat.waitForText(
      claimMessage,
      'the History card is shown',
      `History of ${claimNumber}`,
      COMMENT,
    );
    expect(text).toContain(`${ORG.currentUserName} commented ${COMMENT}`);
    expect(text).toContain(`${ORG.currentUserName} created ${claimNumber}`);
    // Newest first: the comment comes before the creation.
    expect(text.indexOf(COMMENT)).toBeLessThan(text.indexOf(`created ${claimNumber}`));
  });

  step(
    'when the user goes back and presses Submit then it is refused, listing each missing item, and the claim stays in Editing',
    async () => {
      await chat.press(claimMessage, 'Back');
      await chat.waitForText(
        claimMessage,
        'the claim card is back',
        `${claimNumber} Print advertising Editing`,
        'Submit',
      );
      await chat.press(claimMessage, 'Submit');
      const text = await chat.waitForText(
        claimMessage,
        'the refusal is shown',
        `${claimNumber} can't be submitted yet:`,
      );
      expect(text).toMatch(new RegExp(`${claimNumber} can't be submitted yet: \\d+ item\\(s\\) need attention\\.`));
      const missing = [
        'At least one invoice or CSR',
        'Proof: Copy of the final ad',
        'Metric: Estimated reach',
        'Claimed amount equals the invoices and CSRs',
      ];
      for (const item of missing) expect(text).toContain(`• ${item}`);
      // The banner counts exactly the items it lists; the deadline (some days after the current quarter ends) is not one.
      const count = Number(/: (\d+) item\(s\) need attention/.exec(text)?.[1]);
      expect((text.match(/• /g) ?? []).length).toBe(count);
      expect(text).not.toContain('• Submitted by the deadline');
      expect(text).toContain(`${claimNumber} Print advertising Editing`);
    },
  );
});
