import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root: the nearest folder above this file holding package.json. Works both from
 * scripts/lib (jest, ts) and from dist/scripts/lib (compiled).
 */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'manifest'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no repository root (package.json + manifest/) above ${from}`);
    dir = up;
  }
}
