import { execFileSync } from 'node:child_process';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startApp } from '../../src/main';
import { COLLECTIONS } from '../../src/store/mongo';
import { testMongoUri, uniqueDbName } from '../support/db';

/** Azurite blob servers started by this process (children running azurite's blob entry point). */
function azuriteChildren(): number[] {
  const out = execFileSync('ps', ['-eo', 'pid,ppid,args'], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(
      (cols) => Number(cols[1]) === process.pid && cols.slice(2).join(' ').includes('azurite/dist/src/blob/main.js'),
    )
    .map((cols) => Number(cols[0]));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('blob storage lifecycle', () => {
  it('when no AZURE_STORAGE_CONNECTION_STRING is set then Azurite starts with the app, and close stops it with no orphan', async () => {
    const before = azuriteChildren();
    const app = await startApp(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        MONGODB_URI: testMongoUri(),
        MONGODB_DB: uniqueDbName('azurite'),
        LOG_LEVEL: 'silent',
        REMINDER_INTERVAL_MS: '0',
      }),
      {
        log: createLogger('silent'),
      },
    );
    const started = azuriteChildren().filter((pid) => !before.includes(pid));
    expect(started).toHaveLength(1);
    expect(alive(started[0]!)).toBe(true);
    try {
      // The development account works: the upload page's store answers (a bad link gets the page, not a 500).
      const res = await fetch(`${app.url}/upload/${'A'.repeat(43)}`);
      expect(res.status).toBe(404);
    } finally {
      for (const name of Object.values(COLLECTIONS))
        await app.db
          .collection(name)
          .drop()
          .catch(() => undefined);
      await app.close();
    }
    expect(alive(started[0]!)).toBe(false);
  });
});
