/**
 * npm run bench:upload (also part of npm run bench) — a 100 MB file through the signed upload page
 * of a bot running as its own process (embedded MongoDB and Azurite), measuring the time and how
 * much the bot process's resident memory grows while the file streams into Blob. Prints figures;
 * asserts nothing. Target: RSS growth under 50 MB (the file is never held in memory).
 *
 * BENCH_UPLOAD_MB sets the size (default 100).
 */
import { invoke, message, ANN, type Where } from '../test/support/activities';
import { ConnectorStandIn } from '../test/support/connector';
import { currentQuarter, find, MB, rssSampler, today, upload } from './files';
import { postJson } from './load';
import { spawnServer } from './spawn';

const SIZE_MB = Number(process.env.BENCH_UPLOAD_MB ?? 100);

async function main(): Promise<void> {
  const connector = new ConnectorStandIn();
  await connector.start();
  const where: Where = { tenantId: 'bench-tenant', conversationId: '19:bench-upload', serviceUrl: connector.url };
  const bot = await spawnServer('src/index.js', {
    LOG_LEVEL: 'warn',
    MONGODB_DB: `bench_upload_${Date.now()}`,
    UPLOAD_MAX_BYTES: String((SIZE_MB + 10) * MB),
    REMINDER_INTERVAL_MS: '0',
  });
  try {
    const api = `${bot.url}/api/messages`;
    // The real clock: the quarter open today (a past quarter's claim deadline may have passed).
    const period = currentQuarter();
    await postJson(api, message(where, ANN, `funds ADD-PC ${period} 5000000`));
    const created = await postJson(
      api,
      invoke(where, ANN, 'claim.create', {
        program: 'ADD-PC',
        activity: 'print-advertising',
        location: 'US',
        period,
        amount: '100',
        currency: 'USD',
        description: 'upload bench',
      }),
    );
    const ref = find((created.json as { value: unknown }).value, (o) => o.verb === 'claim.comment')?.data as {
      claimId: string;
      version: number;
    };
    const invoice = {
      vendor: 'PrintCo',
      invoiceNumber: 'BENCH-1',
      invoiceDate: today(),
      amount: '100.00',
      currency: 'USD',
    };
    let version = ref.version;
    const newLink = async () => {
      const slot = await postJson(
        api,
        invoke(where, ANN, 'document.add', { claimId: ref.claimId, version, kind: 'invoice', ...invoice }),
      );
      const link = String(
        find((slot.json as { value: unknown }).value, (o) => o.type === 'Action.OpenUrl')?.url ?? '',
      ).replace(/^https?:\/\/[^/]+/, bot.url);
      if (!link.includes('/upload/')) throw new Error('no upload link');
      return link;
    };
    const pid = bot.child.pid!;

    /** One upload, sampling the bot's RSS every 20 ms. */
    const measure = async (label: string, sizeMb: number) => {
      const link = await newLink();
      await new Promise((r) => setTimeout(r, 300));
      const rss = rssSampler(pid);
      const t0 = process.hrtime.bigint();
      const res = await upload(link, { ...invoice, note: 'benchmark' }, sizeMb * MB);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const { before, peak } = rss.stop();
      if (res.status !== 200) throw new Error(`upload answered ${res.status}: ${res.body.slice(0, 300)}`);
      version += 1;
      const growth = (peak - before) / MB;
      console.log(
        `${label}: ${sizeMb} MB in ${seconds.toFixed(2)} s (${(sizeMb / seconds).toFixed(1)} MB/s); bot RSS ${(before / MB).toFixed(1)} → peak ${(peak / MB).toFixed(1)} MB, growth ${growth.toFixed(1)} MB`,
      );
      return growth;
    };

    console.log(
      `upload through /upload/<token> → busboy → checks → uploadStream → Azurite (bot in its own process, pid ${pid})`,
    );
    const cold = await measure('first upload after start', SIZE_MB);
    const warm = await measure('next upload           ', SIZE_MB);
    console.log(
      `RSS growth of a ${SIZE_MB} MB upload: first ${cold.toFixed(1)} MB, next ${warm.toFixed(1)} MB (target < 50 MB) ${Math.max(cold, warm) < 50 ? 'OK' : 'OVER TARGET'}`,
    );
  } finally {
    await bot.stop();
    await connector.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
