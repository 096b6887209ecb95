import { freePort, startChildServer } from './child-server';

export { freePort };

export interface EmbeddedMongo {
  readonly uri: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/** Path of the jongodb binary shipped in the npm package. */
export function jongodbBinary(): string {
  const pkg = require.resolve('@jongodb/memory-server-bin-linux-x64-gnu/package.json');
  return pkg.replace(/package\.json$/, 'bin/jongodb');
}

/** Starts jongodb (an in-memory MongoDB-wire server) and waits for its `JONGODB_URI=…` line. */
export async function startEmbeddedMongo(timeoutMs = 30_000): Promise<EmbeddedMongo> {
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
