/**
 * What the file benchmarks share: large uploads generated on the fly (never held in memory), the
 * bot process's resident memory, and the usage period open today (benchmarks run on the real clock).
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { Readable } from 'node:stream';

export const MB = 1024 * 1024;

/** Resident set size of a process, from /proc (Linux). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb * 1024;
}

/** Samples a process's RSS every 20 ms until stopped: the peak and where it started. */
export function rssSampler(pid: number): { readonly before: number; stop(): { before: number; peak: number } } {
  const before = rssOf(pid);
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 20);
  return {
    before,
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, rssOf(pid));
      return { before, peak };
    },
  };
}

export function find(
  node: unknown,
  test: (o: Record<string, unknown>) => boolean,
): Record<string, unknown> | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const o = node as Record<string, unknown>;
  if (test(o)) return o;
  for (const v of Object.values(o)) {
    const found = find(v, test);
    if (found) return found;
  }
  return undefined;
}

/** The quarter claims are open for today (it started, and its claim deadline has not passed). */
export function currentQuarter(now = new Date()): string {
  return `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
}

export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A multipart body generated on the fly: fields, then `size` bytes of a PDF, never all in memory. */
function multipartStream(
  fields: Record<string, string>,
  size: number,
  fileName: string,
): { stream: Readable; length: number; contentType: string } {
  const boundary = '----bench-upload-boundary';
  const head = Buffer.from(
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`,
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

/** POSTs a generated file of `size` bytes to an upload page link. */
export async function upload(
  url: string,
  fields: Record<string, string>,
  size: number,
  fileName = 'big-invoice.pdf',
): Promise<{ status: number; body: string }> {
  const { stream, length, contentType } = multipartStream(fields, size, fileName);
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
