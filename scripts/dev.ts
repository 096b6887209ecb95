/**
 * `npm run dev`: the bot (embedded MongoDB unless MONGODB_URI is set) plus Microsoft 365 Agents
 * Playground in Teams mode, offline. Prints the URL to open; Ctrl-C stops both.
 *
 *   PORT=3978 (bot)  PLAYGROUND_PORT=56150  LOG_LEVEL=info
 *   TEAMSAPPTESTER_BROWSER=none  keeps the Playground from opening a browser (automatic without a desktop)
 */
import { join, relative } from 'node:path';
import { hasDesktop, startStack } from './lib/dev-stack';
import { readPlaygroundOrg } from './lib/playground-config';
import { repoRoot } from './lib/root';
import { suggestedPeriod } from './lib/suggested-period';

type Pretty = (line: string) => string;

function botLineFormatter(): Pretty {
  try {
    // pino-pretty is a dev dependency; without it the JSON lines are shown as they are.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { prettyFactory } = require('pino-pretty') as { prettyFactory: (o: object) => Pretty };
    const pretty = prettyFactory({
      colorize: Boolean(process.stdout.isTTY),
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,service',
    });
    return (line) => (line.startsWith('{') ? pretty(line).trimEnd() : line);
  } catch {
    return (line) => line;
  }
}

async function main(): Promise<void> {
  const root = repoRoot();
  const port = (name: string, fallback: number) => {
    const raw = process.env[name];
    const n = raw === undefined || raw.trim() === '' ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number (got "${raw}")`);
    return n;
  };
  if (process.env.MicrosoftAppId?.trim()) {
    process.stdout.write(
      'Note: MicrosoftAppId is set, so the bot checks Bot Framework tokens and the Playground (which sends none) will get 401.\n' +
        '      Unset it for the local loop, or start the Playground yourself with --client-id/--client-secret/--tenant-id.\n',
    );
  }
  const pretty = botLineFormatter();
  const openBrowser = process.env.TEAMSAPPTESTER_BROWSER !== 'none' && hasDesktop();
  const stack = await startStack({
    root,
    botPort: port('PORT', 3978),
    playgroundPort: port('PLAYGROUND_PORT', 56150),
    botEnv: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
    openBrowser,
    logDir: join(root, 'build', 'dev'),
    onLine: (child, line) =>
      process.stdout.write(
        `${child === 'bot' ? '[bot]        ' : '[playground] '}${child === 'bot' ? pretty(line) : line}\n`,
      ),
  });
  const org = readPlaygroundOrg(stack.playgroundConfig);
  const period = suggestedPeriod(new Date());
  const bar = '─'.repeat(78);
  process.stdout.write(
    [
      '',
      bar,
      `  Open Microsoft 365 Agents Playground:  ${stack.playgroundUrl}`,
      openBrowser
        ? '  (the Playground opens it in your browser)'
        : '  (no desktop here, so no browser was opened: TEAMSAPPTESTER_BROWSER=none)',
      `  Bot endpoint:   ${stack.botEndpoint}  (auth off; data ${process.env.MONGODB_URI ? 'in MONGODB_URI' : 'in memory, lost on exit'})`,
      `  Mock org:       ${relative(process.cwd(), stack.playgroundConfig) || stack.playgroundConfig} — tenant ${org.tenantId}, you are ${org.currentUserName}`,
      `  Try in Personal Chat:  funds ADD-PC ${period} 50000   (the first person to talk becomes the admin)`,
      `                         new claim   (usage period ${period}: its claim deadline is still ahead)`,
      '  Logs: build/dev/bot.log, build/dev/playground.log.   Ctrl-C stops both.',
      bar,
      '',
    ].join('\n'),
  );

  const reason = await Promise.race([
    stack.unexpectedExit,
    new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    }),
  ]);
  process.stdout.write(`\nStopping (${reason})…\n`);
  await stack.stop();
  process.exit(reason.startsWith('SIG') ? 0 : 1);
}

main().catch((err: unknown) => {
  process.stderr.write(`npm run dev failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
