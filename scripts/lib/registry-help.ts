import { staticHelpLines } from '../../src/bot/registry';
import type { HelpLine } from './app-package';

/** Exactly the lines the bot's `help` card shows, in that order. */
export function registryHelpLines(): HelpLine[] {
  return staticHelpLines().map((l) => ({ usage: l.usage, text: l.text, ...(l.menu === false ? { menu: false } : {}) }));
}
