import { execFileSync } from 'node:child_process';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startApp } from '../../src/main';
import { startEmbeddedMongo } from '../../src/store/embedded-mongo';
import { ANN, message } from '../support/activities';
import { ConnectorStandIn } from '../support/connector';
import { uniqueDbName } from '../support/db';

function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const silent = createLogger('silent');

describe('process lifecycle', () => {
  it('when no MONGODB_URI is set then the embedded engine starts, and close stops it with no orphan', async () => {
    const app = await startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), { log: silent });
    const pid = await app.db
      .admin()
      .command({ ping: 1 })
      .then(() => findEmbeddedPid(app.db.client.options.hosts[0]?.port));
    expect(pid).toBeDefined();
    expect(alive(pid)).toBe(true);
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    await app.close();
    await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();
    expect(alive(pid)).toBe(false);
  });

  it('when MongoDB becomes unreachable then users are asked to try again, /readyz fails, and the process stays up', async () => {
    const mongo = await startEmbeddedMongo();
    const connector = new ConnectorStandIn();
    await connector.start();
    const app = await startApp(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        MONGODB_URI: mongo.uri,
        MONGODB_DB: uniqueDbName('outage'),
        MONGODB_TIMEOUT_MS: '500',
        LOG_LEVEL: 'silent',
      }),
      { log: silent },
    );
    try {
      const where = { tenantId: 'tenant-outage', conversationId: '19:outage', serviceUrl: connector.url };
      await mongo.stop();
      const res = await fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message(where, ANN, 'claims')),
      });
      expect(res.status).toBe(200);
      expect(connector.calls).toHaveLength(1);
      const text = String(connector.calls[0]?.body.text);
      expect(text).toMatch(/not reachable right now/);
      expect(text).not.toMatch(/Mongo|ECONNREFUSED|stack/);
      expect((await fetch(`${app.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      await app.close();
      await connector.stop();
    }
  });
});

/** The embedded server's pid, found by the port it listens on (Linux /proc). */
function findEmbeddedPid(port: number | undefined): number | undefined {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.includes('jongodb') && l.includes(`--port=${port}`));
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}
