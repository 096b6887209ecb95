import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

/** Generous bound for anything the bot or the page has to do. */
export const STEP_TIMEOUT_MS = 30_000;

/**
 * Polls `read` until `ok` holds or the time is up; the error shows the last value seen. This is a
 * wait on page state, never a fixed sleep.
 */
export async function until<T>(
  what: string,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = STEP_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const seen =
        last === undefined ? `error: ${(lastError as Error)?.message ?? 'none'}` : JSON.stringify(last).slice(0, 2000);
      throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}. Last seen: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Text as the reader sees it: whitespace collapsed. */
export async function visibleText(locator: Locator): Promise<string> {
  return (await locator.innerText({ timeout: STEP_TIMEOUT_MS })).replace(/\s+/g, ' ').trim();
}

/**
 * The Playground page seen as a Teams chat: send text, find the bot's messages and their cards.
 * Locators rely on the Playground's accessible names (Send Message, Message header/author) and on
 * the Adaptive Cards renderer's `ac-adaptiveCard` class, not on generated CSS classes.
 */
export class PlaygroundChat {
  private shots = 0;

  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    readonly botName: string,
    private readonly artifactsDir: string,
  ) {}

  static async open(browser: Browser, url: string, botName: string, artifactsDir: string): Promise<PlaygroundChat> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 1000 },
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    // Offline and deterministic: the page asks a CDN for fonts and an animation worklet; refuse
    // everything that is not the local Playground instead of waiting for DNS to fail.
    await context.route(/^https?:\/\/(?!localhost[:/]|127\.0\.0\.1[:/])/, (route) => route.abort());
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.getByRole('textbox').first().waitFor();
    return new PlaygroundChat(page, context, botName, artifactsDir);
  }

  /** Every message the bot posted, oldest first (the element holding header and card). */
  botMessages(): Locator {
    return this.page
      .locator('[aria-label="Message header"]')
      .filter({ has: this.page.locator('[aria-label="Message author"]', { hasText: this.botName }) })
      .locator('xpath=..');
  }

  /** Every message the current user sent, oldest first. */
  userMessages(): Locator {
    return this.page
      .locator('[aria-label="Message header"]')
      .filter({ hasNot: this.page.locator('[aria-label="Message author"]') })
      .locator('xpath=..');
  }

  /**
   * Runs a message action (a message extension command on a message) the way the Playground offers
   * it: the message's … menu → Action Command → the command id → a dialog fetched from the app.
   * Returns the dialog.
   */
  async messageAction(message: Locator, commandId: string): Promise<Locator> {
    await message.hover();
    await message.getByRole('button', { name: 'Show more information' }).click();
    await this.page.getByRole('menuitem', { name: 'Action Command' }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByRole('textbox').fill(commandId);
    await dialog.getByRole('radio').first().check();
    await dialog.getByRole('button', { name: 'Create' }).click();
    return dialog;
  }

  /** Sends a message as the current user and returns the first message the bot posts after it. */
  async send(text: string): Promise<Locator> {
    const before = await this.botMessages().count();
    const box = this.page.getByRole('textbox').first();
    await box.click();
    await box.fill(text);
    await this.page.getByRole('button', { name: 'Send Message' }).click();
    const reply = this.botMessages().nth(before);
    await reply.waitFor();
    return reply;
  }

  /** The Adaptive Card a message shows. */
  card(message: Locator): Locator {
    return message.locator('.ac-adaptiveCard').first();
  }

  /** Waits until the message's text contains every expected piece; returns that text. */
  async waitForText(message: Locator, what: string, ...expected: Array<string | RegExp>): Promise<string> {
    return until(
      what,
      () => visibleText(message),
      (text) => expected.every((e) => (typeof e === 'string' ? text.includes(e) : e.test(text))),
    );
  }

  /**
   * Presses a card action by its title. Teams (and the Playground) show at most six actions and put
   * the rest under "More options", so an action that is not a button is looked for in that menu.
   */
  async press(message: Locator, title: string): Promise<void> {
    const card = this.card(message);
    const button = card.getByRole('button', { name: title, exact: true });
    if ((await button.count()) > 0) {
      await button.first().click();
      return;
    }
    await card.getByRole('button', { name: 'More options', exact: true }).last().click();
    await this.page.getByRole('menuitem', { name: title, exact: true }).click();
  }

  /** Picks an option of an Input.ChoiceSet (a Fluent combobox in the Playground). */
  async choose(card: Locator, label: string, option: string, typeToFilter?: string): Promise<void> {
    const box = card.getByRole('combobox', { name: label });
    await box.click();
    if (typeToFilter) await box.pressSequentially(typeToFilter);
    await this.page.getByRole('option', { name: option, exact: true }).click();
    await until(
      `"${label}" shows "${option}"`,
      () => box.inputValue(),
      (v) => v === option,
    );
  }

  /** Saves a full-page screenshot and the page's HTML under the artifacts folder. */
  async capture(label: string): Promise<string> {
    mkdirSync(this.artifactsDir, { recursive: true });
    const base = join(
      this.artifactsDir,
      `${String(++this.shots).padStart(2, '0')}-${label.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}`,
    );
    await this.page.screenshot({ path: `${base}.png`, fullPage: true, timeout: 15_000 });
    writeFileSync(`${base}.html`, await this.page.content());
    return `${base}.png`;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
