import { staticHelpLines, staticMessageActions } from '../../src/bot/registry';
import type { HelpLine, MessageActionLine } from './app-package';

/** Exactly the lines the bot's `help` card shows, in that order. */
export function registryHelpLines(): HelpLine[] {
  return staticHelpLines().map((l) => ({ usage: l.usage, text: l.text, ...(l.menu === false ? { menu: false } : {}) }));
}

/** The bot's message actions (commands on a message's … menu), in registry order. */
export function registryMessageActions(): MessageActionLine[] {
  return staticMessageActions().map((a) => ({ commandId: a.commandId, title: a.title, description: a.description }));
}
