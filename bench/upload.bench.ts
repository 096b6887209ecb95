/**
 * npm run bench:upload (also part of npm run bench) — a 100 MB file through the signed upload page
 * of a bot running as its own process (embedded MongoDB and Azurite), measuring the time and how
 * much the bot process's resident memory grows while the file streams into Blob. Prints figures;
 * asserts nothing. Target: RSS growth under 50 MB (the file is never held in memory).
 *
 * BENCH_UPLOAD_MB sets the size (default 100).
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { invoke, message, ANN, type Where } from '../test/support/activities';
import { ConnectorStandIn } from '../test/support/connector';
import { postJson } from './load';
import { spawnServer } from './spawn';
import { BENCH_PERIOD, firstDayOf } from './period';

const MB = 1024 * 1024;
const SIZE_MB = Number(process.env.BENCH_UPLOAD_MB ?? 100);

/** Resident set size of a process, from /proc (Linux). */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb * 1024;
}

function find(node: unknown, test: (o: Record<string, unknown>) => boolean): Record<string, unknown> | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const o = node as Record<string, unknown>;
  if (test(o)) return o;
  for (const v of Object.values(o)) {
    const found = find(v, test);
    if (found) return found;
  }
  return undefined;
}

/** A multipart body generated on the fly: fields, then `size` bytes of a PDF, never all in memory. */
function multipartStream(
  fields: Record<string, string>,
  size: number,
): { stream: Readable; length: number; contentType: string } {
  const boundary = '----bench-upload-boundary';
  const head = Buffer.from(
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big-invoice.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const pdf = Buffer.from('%PDF-1.7\n% benchmark payload\n');
  const block = Buffer.alloc(256 * 1024, 'benchmark payload line\n');
  function* parts(): Generator<Buffer> {
    yield head;
    yield pdf;
    let left = size - pdf.length;
    while (left > 0) {
      const n = Math.min(left, block.length);
      yield n === block.length ? block : block.subarray(0, n);
      left -= n;
    }
    yield tail;
  }
  return {
    stream: Readable.from(parts(), { objectMode: false }),
    length: head.length + size + tail.length,
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function upload(
  url: string,
  fields: Record<string, string>,
  size: number,
): Promise<{ status: number; body: string }> {
  const { stream, length, contentType } = multipartStream(fields, size);
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': contentType, 'content-length': String(length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    stream.pipe(req);
  });
}

const PERIOD = BENCH_PERIOD;
const INVOICE_DATE = firstDayOf(PERIOD);

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
    await postJson(api, message(where, ANN, `funds ADD-PC ${PERIOD} 5000000`));
    const created = await postJson(
      api,
      invoke(where, ANN, 'claim.create', {
        program: 'ADD-PC',
        activity: 'print-advertising',
        location: 'US',
        period: PERIOD,
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
      invoiceDate: INVOICE_DATE,
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
      const before = rssOf(pid);
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssOf(pid));
      }, 20);
      const t0 = process.hrtime.bigint();
      const res = await upload(link, { ...invoice, note: 'benchmark' }, sizeMb * MB);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      clearInterval(sampler);
      peak = Math.max(peak, rssOf(pid));
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
