/** `npm run icons`: (re)draws manifest/color.png and manifest/outline.png from scripts/lib/icons.ts. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { colorIcon, outlineIcon } from './lib/icons';
import { repoRoot } from './lib/root';

const dir = join(repoRoot(), 'manifest');
const color = colorIcon();
const outline = outlineIcon();
writeFileSync(join(dir, 'color.png'), color);
writeFileSync(join(dir, 'outline.png'), outline);
process.stdout.write(
  `wrote manifest/color.png (192×192, ${color.length} bytes) and manifest/outline.png (32×32, ${outline.length} bytes)\n`,
);
