import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const BASE = join(tmpdir(), 'coop-claims-production');
/** How the Dockerfile installs the runtime stage; test/unit/deployment.test.ts keeps the two equal. */
export const PRODUCTION_INSTALL = ['ci', '--omit=dev', '--omit=optional', '--ignore-scripts'] as const;

export interface ProductionCopy {
  /** Holds package.json, cards/, dist/ (built from this checkout) and node_modules (production only). */
  readonly dir: string;
  /** `npm start` without its build step: node's arguments from package.json's start script. */
  readonly startArgs: readonly string[];
}

function hashOf(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * Builds `dir` once: concurrent runs (another worker, another checkout on this machine) wait for the
 * one that took the lock, and a finished directory is renamed into place whole.
 */
async function once(dir: string, build: (staging: string) => Promise<void>): Promise<void> {
  const done = join(dir, '.complete');
  const lock = `${dir}.lock`;
  const deadline = Date.now() + 15 * 60_000;
  mkdirSync(BASE, { recursive: true });
  while (!existsSync(done)) {
    try {
      mkdirSync(lock);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Someone else builds it; a lock left by a run that died is taken over after 10 minutes.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${dir} was not prepared within 15 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    try {
      if (existsSync(done)) break;
      rmSync(dir, { recursive: true, force: true });
      const staging = `${dir}.tmp-${process.pid}`;
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging, { recursive: true });
      await build(staging);
      writeFileSync(join(staging, '.complete'), new Date().toISOString());
      renameSync(staging, dir);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  const now = new Date();
  utimesSync(dir, now, now);
}

/** Copies a day unused are removed (each holds a production node_modules of a few hundred MB). */
function pruneOld(keep: readonly string[]): void {
  if (!existsSync(BASE)) return;
  for (const name of readdirSync(BASE)) {
    const path = join(BASE, name);
    if (keep.includes(path) || name.endsWith('.lock')) continue;
    if (Date.now() - statSync(path).mtimeMs > 24 * 3600_000) rmSync(path, { recursive: true, force: true });
  }
}

function npm(): { command: string; args: string[] } {
  // Under `npm test`, the npm that runs us; else the one on PATH.
  const cli = process.env.npm_execpath;
  return cli && cli.endsWith('.js') ? { command: process.execPath, args: [cli] } : { command: 'npm', args: [] };
}

/**
 * What a production host runs: `npm ci --omit=dev --omit=optional` of this package-lock (from npm's
 * cache where it can, so a warm CI machine needs no network) plus dist/ compiled from this checkout.
 * Reused while package-lock and the sources are unchanged.
 */
export async function productionCopy(): Promise<ProductionCopy> {
  const pkg = join(ROOT, 'package.json');
  const lock = join(ROOT, 'package-lock.json');
  const modules = join(BASE, `modules-${hashOf([pkg, lock])}`);
  await once(modules, async (staging) => {
    cpSync(pkg, join(staging, 'package.json'));
    cpSync(lock, join(staging, 'package-lock.json'));
    const { command, args } = npm();
    await run(command, [...args, ...PRODUCTION_INSTALL, '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: staging,
      env: { ...process.env, NODE_ENV: 'production' },
      maxBuffer: 16 * 1024 * 1024,
    });
  });

  const sources = [
    pkg,
    join(ROOT, 'tsconfig.json'),
    join(ROOT, 'tsconfig.app.json'),
    ...filesUnder(join(ROOT, 'src')),
    ...filesUnder(join(ROOT, 'cards')),
  ];
  const app = join(BASE, `app-${hashOf([lock, ...sources])}`);
  await once(app, async (staging) => {
    cpSync(pkg, join(staging, 'package.json'));
    cpSync(join(ROOT, 'cards'), join(staging, 'cards'), { recursive: true });
    symlinkSync(join(modules, 'node_modules'), join(staging, 'node_modules'), 'dir');
    await run(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        join(ROOT, 'tsconfig.app.json'),
        '--outDir',
        join(staging, 'dist'),
      ],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
  });
  pruneOld([modules, app]);

  const start = (JSON.parse(readFileSync(pkg, 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [node, ...startArgs] = start.split(/\s+/);
  if (node !== 'node') throw new Error(`package.json's start script does not run node: ${start}`);
  return { dir: app, startArgs };
}
