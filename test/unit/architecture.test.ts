/**
 * The layering of design.md, checked on every import of src/ (circles are checked by madge in
 * `npm run lint`): the domain imports no framework and no other layer; the bot and HTTP layers
 * never reach into the store; views import no framework, store or bot code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(__dirname, '..', '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
}

/** The layer (top folder under src/) a relative import lands in, or the package name. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.'))
    return spec.startsWith('node:')
      ? 'node'
      : spec
          .split('/')
          .slice(0, spec.startsWith('@') ? 2 : 1)
          .join('/');
  return relative(SRC, join(file, '..', spec))
    .split('/')[0]!
    .replace(/\.ts$/, '');
}

const layerOf = (file: string) => relative(SRC, file).split('/')[0]!.replace(/\.ts$/, '');

const RULES: Record<string, (to: string) => boolean> = {
  // Domain code gets repositories and a clock through its constructors: node built-ins only.
  domain: (to) => to === 'domain' || to === 'node',
  views: (to) => ['views', 'domain', 'node', 'adaptivecards-templating'].includes(to),
  bot: (to) => !['store', 'http', 'mongodb', '@azure/storage-blob', 'restify'].includes(to),
  http: (to) => !['store', 'mongodb', '@azure/storage-blob', 'bot'].includes(to),
  store: (to) => !['bot', 'http', 'views', 'botbuilder', 'restify'].includes(to),
};

describe('layering', () => {
  const all = files(SRC);

  it.each(Object.keys(RULES))(
    'when a file of src/%s imports something then it is within what its layer may use',
    (layer) => {
      const offending = all
        .filter((f) => layerOf(f) === layer)
        .flatMap((f) => importsOf(f).map((spec) => ({ file: relative(SRC, f), spec, to: target(f, spec) })))
        .filter(({ to }) => !RULES[layer]!(to));
      expect(offending).toEqual([]);
    },
  );

  it('when the rules are read then every layer of src/ has one (the process modules — index, main as composition root, config, logger, telemetry, startup errors — may import anything)', () => {
    const layers = new Set(
      all.map(layerOf).filter((l) => !['index', 'main', 'config', 'logger', 'telemetry', 'startup-errors'].includes(l)),
    );
    expect([...layers].sort()).toEqual(Object.keys(RULES).sort());
  });
});
