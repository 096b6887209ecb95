import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const DOCS = ['README.md', 'CONTRIBUTING.md', 'SECURITY.md', 'docs/DEPLOY.md', 'docs/DOMAIN.md'];

/** Relative targets of Markdown links and images (web links and in-page anchors aside). */
function localLinks(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const targets = [
    ...[...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!),
    ...[...text.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]!),
  ];
  return targets.filter((t) => !/^[a-z]+:/i.test(t) && !t.startsWith('#')).map((t) => t.replace(/#.*$/, ''));
}

describe('documentation links', () => {
  it.each(DOCS)('when %s links a file then the file is in this repository', (file) => {
    const links = localLinks(file);
    if (file === 'README.md') expect(links).toEqual(expect.arrayContaining(['docs/DOMAIN.md', 'docs/DEPLOY.md']));
    for (const link of links) {
      const target = resolve(ROOT, dirname(file), link);
      expect([link, relative(ROOT, target).startsWith('..')]).toEqual([link, false]);
      expect([link, existsSync(target)]).toEqual([link, true]);
    }
  });
});
