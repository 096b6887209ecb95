/**
 * `npm run package`: builds build/appPackage.zip (manifest.json, color.png, outline.png at the zip
 * root) from manifest/, filling ${{BOT_ID}}, ${{BOT_DOMAIN}} and ${{TEAMS_APP_ID}} from the
 * environment. Exit code 1 with every problem listed, and no zip, when anything is wrong.
 *
 *   BOT_ID=<Azure Bot app id> BOT_DOMAIN=claims.contoso.com npm run package
 *
 * BOT_DOMAIN defaults to the host of PUBLIC_BASE_URL; TEAMS_APP_ID defaults to BOT_ID;
 * APP_PACKAGE_OUT overrides the zip's path.
 */
import { join, relative } from 'node:path';
import { AppPackageError, buildAppPackage } from './lib/app-package';
import { registryHelpLines, registryMessageActions } from './lib/registry-help';
import { repoRoot } from './lib/root';

const root = repoRoot();
const outFile = process.env.APP_PACKAGE_OUT ?? join(root, 'build', 'appPackage.zip');
try {
  const built = buildAppPackage({
    manifestDir: join(root, 'manifest'),
    env: process.env,
    helpLines: registryHelpLines(),
    messageActions: registryMessageActions(),
    outFile,
  });
  const bot = built.manifest.bots?.[0];
  process.stdout.write(
    [
      `Teams app package written: ${relative(process.cwd(), built.outFile) || built.outFile} (${built.bytes} bytes)`,
      `  entries:          ${built.entries.join(', ')}`,
      `  manifestVersion:  ${built.manifest.manifestVersion} (validated against the shipped JSON schema)`,
      `  app id:           ${built.manifest.id}`,
      `  bot id:           ${bot?.botId} — scopes ${bot?.scopes.join(', ')}; ${bot?.commandLists?.[0]?.commands.length ?? 0} commands per scope`,
      `  message actions:  ${(built.manifest.composeExtensions?.[0]?.commands ?? []).map((c) => `${c.title} (${c.id})`).join(', ') || 'none'}`,
      `  validDomains:     ${(built.manifest.validDomains ?? []).join(', ')}`,
      'Upload it in Teams: Apps → Manage your apps → Upload an app (or the Teams admin center).',
      '',
    ].join('\n'),
  );
} catch (err) {
  if (!(err instanceof AppPackageError)) throw err;
  process.stderr.write(`${err.message}\nNo package was written.\n`);
  process.exitCode = 1;
}
