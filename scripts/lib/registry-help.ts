import { ACTIONS, COMMANDS } from '../../src/bot/registry';
import { Router } from '../../src/bot/router';
import type { HelpLine } from './app-package';

/** Exactly the lines the bot's `help` card shows, in that order. */
export function registryHelpLines(): HelpLine[] {
  return new Router(COMMANDS, ACTIONS).helpLines().map((l) => ({ usage: l.usage, text: l.text }));
}
