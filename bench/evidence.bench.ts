/**
 * npm run bench:evidence (also part of npm run bench) — the evidence pack of a claim with 200 MB of
 * documents, downloaded from a bot running as its own process (embedded MongoDB and Azurite): the
 * time, the throughput and how much the bot process's resident memory grows while the ZIP streams
 * (each blob read only as fast as the client takes the archive). Prints figures next to the goal;
 * asserts nothing but that the ZIP is whole. Goal: RSS growth under 50 MB.
 *
 * BENCH_EVIDENCE_MB sets the documents' total (default 200), BENCH_EVIDENCE_FILES their number (8).
 */
import { request } from 'node:http';
import { ANN, invoke, message, type Where } from '../test/support/activities';
import { ConnectorStandIn } from '../test/support/connector';
import { currentQuarter, find, MB, rssSampler, today, upload } from './files';
import { postJson } from './load';
import { spawnServer } from './spawn';

const TOTAL_MB = Number(process.env.BENCH_EVIDENCE_MB ?? 200);
const FILES = Math.max(2, Number(process.env.BENCH_EVIDENCE_FILES ?? 8));
const GOAL_MB = 50;

interface Downloaded {
  readonly bytes: number;
  readonly seconds: number;
  /** Entries the ZIP's end-of-central-directory record counts. */
  readonly entries: number;
}

/** Streams a download to nowhere, keeping only its last bytes (where the ZIP's directory ends). */
function downloadZip(url: string): Promise<Downloaded> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    request(url, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`the pack answered ${res.statusCode}`));
        res.resume();
        return;
      }
      let bytes = 0;
      let tail = Buffer.alloc(0);
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        tail = Buffer.concat([tail, chunk]).subarray(-64);
      });
      res.on('error', reject);
      res.on('end', () => {
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
        if (eocd < 0) reject(new Error('the ZIP has no end of central directory: it was cut off'));
        else resolve({ bytes, seconds, entries: tail.readUInt16LE(eocd + 10) });
      });
    })
      .on('error', reject)
      .end();
  });
}

async function main(): Promise<void> {
  const connector = new ConnectorStandIn();
  await connector.start();
  const where: Where = { tenantId: 'bench-tenant', conversationId: '19:bench-evidence', serviceUrl: connector.url };
  const fileBytes = Math.floor((TOTAL_MB * MB) / FILES);
  const bot = await spawnServer('src/index.js', {
    LOG_LEVEL: 'warn',
    MONGODB_DB: `bench_evidence_${Date.now()}`,
    UPLOAD_MAX_BYTES: String(fileBytes + MB),
    REMINDER_INTERVAL_MS: '0',
  });
  try {
    const api = `${bot.url}/api/messages`;
    const answer = async (body: unknown) => (await postJson(api, body)).json as { value: unknown };
    const version = (card: unknown) =>
      Number((find(card, (o) => o.verb === 'claim.comment')?.data as { version: number }).version);
    // The real clock: the quarter open today.
    const period = currentQuarter();
    await postJson(api, message(where, ANN, `funds ADD-PC ${period} 5000000`));
    const invoices = FILES - 1;
    const created = await answer(
      invoke(where, ANN, 'claim.create', {
        program: 'ADD-PC',
        activity: 'print-advertising',
        location: 'US',
        period,
        amount: `${invoices * 100}.00`,
        currency: 'USD',
        description: 'evidence pack bench',
      }),
    );
    const claimId = (find(created.value, (o) => o.verb === 'claim.comment')?.data as { claimId: string }).claimId;
    let current = version(created.value);

    /** Add document → the upload page → a generated file of fileBytes. */
    const add = async (details: Record<string, string>, fileName: string) => {
      const slot = await answer(invoke(where, ANN, 'document.add', { claimId, version: current, ...details }));
      const link = String(find(slot.value, (o) => o.type === 'Action.OpenUrl')?.url ?? '').replace(
        /^https?:\/\/[^/]+/,
        bot.url,
      );
      if (!link.includes('/upload/')) throw new Error('no upload link');
      const res = await upload(link, details, fileBytes, fileName);
      if (res.status !== 200) throw new Error(`upload answered ${res.status}: ${res.body.slice(0, 300)}`);
      current += 1;
    };
    const t0 = process.hrtime.bigint();
    for (let i = 1; i <= invoices; i++)
      await add(
        {
          kind: 'invoice',
          vendor: 'PrintCo',
          invoiceNumber: `BENCH-${i}`,
          invoiceDate: today(),
          amount: '100.00',
          currency: 'USD',
        },
        `invoice-${i}.pdf`,
      );
    await add({ kind: 'poe', poeKey: 'final-ad', executionDate: today(), amount: '0', reach: '25000' }, 'final-ad.pdf');
    const uploaded = Number(process.hrtime.bigint() - t0) / 1e9;
    const metrics = await answer(
      invoke(where, ANN, 'claim.metrics', { claimId, version: current, metric_estimatedReach: '25000' }),
    );
    const submitted = await answer(invoke(where, ANN, 'claim.submit', { claimId, version: version(metrics.value) }));
    if (!JSON.stringify(submitted.value).includes('Submitted for review'))
      throw new Error('the claim was not submitted');
    console.log(
      `claim with ${FILES} documents of ${(fileBytes / MB).toFixed(1)} MB (${TOTAL_MB} MB) uploaded in ${uploaded.toFixed(1)} s`,
    );

    /** Presses Evidence pack and takes the link from the 1:1 chat the bot sent it to. */
    const link = async () => {
      const mark = connector.calls.length;
      await answer(invoke(where, ANN, 'claim.evidencePack', { claimId }));
      const sent = JSON.stringify(connector.calls.slice(mark));
      const url = /https?:\/\/[^"]+\/evidence\/[\w-]+/.exec(sent)?.[0];
      if (!url) throw new Error('no evidence pack link was sent');
      return url.replace(/^https?:\/\/[^/]+/, bot.url);
    };
    const pid = bot.child.pid!;
    const measure = async (label: string) => {
      const url = await link();
      await new Promise((r) => setTimeout(r, 300));
      const rss = rssSampler(pid);
      const got = await downloadZip(url);
      const { before, peak } = rss.stop();
      const growth = (peak - before) / MB;
      console.log(
        `${label}: ${(got.bytes / MB).toFixed(1)} MB ZIP (${got.entries} entries) in ${got.seconds.toFixed(2)} s (${(got.bytes / MB / got.seconds).toFixed(1)} MB/s); bot RSS ${(before / MB).toFixed(1)} → peak ${(peak / MB).toFixed(1)} MB, growth ${growth.toFixed(1)} MB`,
      );
      return growth;
    };
    console.log(
      `evidence pack through /evidence/<token> → yazl → Azurite blob streams, one at a time (bot in its own process, pid ${pid})`,
    );
    const cold = await measure('first pack after the uploads');
    const warm = await measure('next pack                   ');
    console.log(
      `RSS growth of a ${TOTAL_MB} MB evidence pack: first ${cold.toFixed(1)} MB, next ${warm.toFixed(1)} MB (goal < ${GOAL_MB} MB) ${Math.max(cold, warm) < GOAL_MB ? 'OK' : 'OVER GOAL'}`,
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
