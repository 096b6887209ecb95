/**
 * The process entry point (`npm start`, the container image). Order matters: the configuration is
 * checked first (a bad one stops here, in one line, before anything starts); then telemetry, because
 * the Azure Monitor distro instruments http, restify and mongodb only if it is started before they
 * are first loaded; then the app itself.
 */
import { ConfigError, loadConfig, type Config } from './config';
import { startTelemetry } from './telemetry';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
}
const telemetry = startTelemetry(config);
// Loaded only now, after the distro: everything the bot uses comes in through this module.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runProcess } = require('./main') as typeof import('./main');
runProcess(config, telemetry).catch((err: unknown) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
