import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_KEYS, loadConfig } from '../../src/config';

const ROOT = join(__dirname, '..', '..');

/** `# KEY=value` and `KEY=value` lines of .env.example (prose comments never start with a KEY=). */
function variables(): Array<{ key: string; value: string }> {
  return readFileSync(join(ROOT, '.env.example'), 'utf8')
    .split('\n')
    .map((line) => /^(?:# )?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ key: m[1]!, value: m[2]! }));
}

describe('.env.example', () => {
  it('when read then it lists every variable of the config schema exactly once, and nothing else', () => {
    const keys = variables().map((v) => v.key);
    expect([...keys].sort()).toEqual([...CONFIG_KEYS].sort());
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('when every line is uncommented as it stands then the bot gets exactly its defaults (the values shown are the defaults)', () => {
    const env = Object.fromEntries(variables().map((v) => [v.key, v.value]));
    expect(loadConfig(env)).toEqual(loadConfig({}));
  });

  it('when read then every variable is commented out, so copying it to .env changes nothing until you choose', () => {
    const lines = readFileSync(join(ROOT, '.env.example'), 'utf8').split('\n');
    expect(lines.filter((l) => /^[A-Za-z_]/.test(l))).toEqual([]);
  });

  it('when a real .env is made from it then git ignores it (it will hold secrets)', () => {
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('.env');
  });

  it('when npm start or npm run dev runs then Node loads .env if it exists', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.start).toMatch(/^node --env-file-if-exists=\.env /);
    expect(scripts.dev).toMatch(/ node --env-file-if-exists=\.env /);
  });
});
