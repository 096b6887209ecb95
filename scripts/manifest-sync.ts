/**
 * `npm run manifest:sync`: rewrites bots[0].commandLists in manifest/manifest.json from the help
 * lines of src/bot/registry.ts (one list per bot scope), so the Teams command menu shows what
 * `help` shows. Everything else in the file stays as it is.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOT_SCOPES, commandListsFromHelp, type TeamsManifest } from './lib/app-package';
import { registryHelpLines } from './lib/registry-help';
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
const after = `${JSON.stringify(manifest, null, 2)}\n`;
if (after === before) {
  process.stdout.write('manifest/manifest.json: command lists already match help\n');
} else {
  writeFileSync(file, after);
  process.stdout.write(
    `manifest/manifest.json: command lists rewritten from help (${bot.commandLists[0]?.commands.length ?? 0} commands × ${scopes.length} scopes)\n`,
  );
}
