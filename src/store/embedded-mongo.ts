import { SetupError } from '../startup-errors';
import { freePort, startChildServer } from './child-server';

export { freePort };

export interface EmbeddedMongo {
  readonly uri: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

const PACKAGE = '@jongodb/memory-server-bin-linux-x64-gnu';
const USE_A_REAL_ONE =
  'Set MONGODB_URI to a MongoDB 6+, Atlas, Azure Cosmos DB for MongoDB or FerretDB server, e.g. MONGODB_URI=mongodb://127.0.0.1:27017';

export interface Platform {
  readonly platform: string;
  readonly arch: string;
  /** glibc version of this Node runtime; undefined on musl (Alpine) and non-Linux systems. */
  readonly glibc: string | undefined;
}

export function currentPlatform(): Platform {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return { platform: process.platform, arch: process.arch, glibc: header?.glibcVersionRuntime };
}

/** Why the embedded engine cannot run here, or undefined: jongodb ships one binary, Linux x64 with glibc. */
export function embeddedMongoUnsupported(p: Platform): string | undefined {
  if (p.platform === 'linux' && p.arch === 'x64' && p.glibc) return undefined;
  const here = `${p.platform}/${p.arch}${p.platform === 'linux' && !p.glibc ? ' without glibc' : ''}`;
  return `MONGODB_URI is not set, and the embedded in-memory database (jongodb) exists only for Linux x64 with glibc, not ${here}. ${USE_A_REAL_ONE}`;
}

/** Path of the jongodb binary shipped in the npm package (an optional dependency, absent in production installs). */
export function jongodbBinary(): string {
  let pkg: string;
  try {
    pkg = require.resolve(`${PACKAGE}/package.json`);
  } catch {
    throw new SetupError(
      `MONGODB_URI is not set, and the embedded in-memory database (${PACKAGE}, an optional development package) is not installed here (npm ci --omit=dev --omit=optional leaves it out). ${USE_A_REAL_ONE}`,
    );
  }
  return pkg.replace(/package\.json$/, 'bin/jongodb');
}

/** Starts jongodb (an in-memory MongoDB-wire server) and waits for its `JONGODB_URI=…` line. */
export async function startEmbeddedMongo(timeoutMs = 30_000): Promise<EmbeddedMongo> {
  const unsupported = embeddedMongoUnsupported(currentPlatform());
  if (unsupported) throw new SetupError(unsupported);
  const port = await freePort();
  const server = await startChildServer({
    name: 'jongodb',
    command: jongodbBinary(),
    args: ['--host=127.0.0.1', `--port=${port}`],
    ready: /^JONGODB_URI=\S+/,
    timeoutMs,
  });
  const uri = server.readyLine.replace(/^JONGODB_URI=/, '');
  return { uri, pid: server.pid, stop: () => server.stop() };
}
