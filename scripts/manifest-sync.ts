/**
 * `npm run manifest:sync`: rewrites bots[0].commandLists in manifest/manifest.json from the help
 * lines of src/bot/registry.ts (one list per bot scope), so the Teams command menu shows what
 * `help` shows, and composeExtensions from its message actions (one message extension run by the
 * bot). Everything else in the file stays as it is.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOT_SCOPES, commandListsFromHelp, composeCommandsFrom, type TeamsManifest } from './lib/app-package';
import { registryHelpLines, registryMessageActions } from './lib/registry-help';
import { repoRoot } from './lib/root';

const file = join(repoRoot(), 'manifest', 'manifest.json');
const before = readFileSync(file, 'utf8');
const manifest = JSON.parse(before) as TeamsManifest;
const bot = manifest.bots?.[0];
if (!bot) {
  process.stderr.write('manifest/manifest.json has no bots[0]\n');
  process.exit(1);
}
const scopes = BOT_SCOPES.filter((s) => bot.scopes.includes(s));
bot.commandLists = commandListsFromHelp(registryHelpLines(), scopes);
const actions = registryMessageActions();
if (actions.length > 0) {
  const extension = manifest.composeExtensions?.[0] ?? {};
  manifest.composeExtensions = [{ ...extension, botId: bot.botId, commands: composeCommandsFrom(actions) }];
} else delete manifest.composeExtensions;
const after = `${JSON.stringify(manifest, null, 2)}\n`;
if (after === before) {
  process.stdout.write('manifest/manifest.json: command lists and message actions already match the registry\n');
} else {
  writeFileSync(file, after);
  process.stdout.write(
    `manifest/manifest.json: rewritten from the registry (${bot.commandLists[0]?.commands.length ?? 0} commands × ${scopes.length} scopes, ${actions.length} message action(s))\n`,
  );
}
