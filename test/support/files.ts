/**
 * Small real files of each accepted type (magic bytes and all), multipart bodies as a browser
 * sends them, and helpers to post them to the upload page.
 */
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { deflateRawSync } from 'node:zlib';

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A real ZIP archive (deflated entries, central directory): what Office files are. */
export function zipOf(entries: ReadonlyArray<readonly [string, string | Buffer]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const packed = deflateRawSync(data);
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    locals.push(local, nameBuf, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>';

export const FILES = {
  pdf: () => Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  png: () =>
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      Buffer.from('IHDR'),
      Buffer.alloc(17, 1),
    ]),
  jpg: () =>
    Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
      Buffer.from('JFIF\0'),
      Buffer.alloc(64, 7),
      Buffer.from([0xff, 0xd9]),
    ]),
  gif: () => Buffer.concat([Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0, 0, 0]), Buffer.from(';')]),
  webp: () =>
    Buffer.concat([Buffer.from('RIFF'), Buffer.from([36, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(28, 3)]),
  docx: () =>
    zipOf([
      ['[Content_Types].xml', CONTENT_TYPES],
      ['_rels/.rels', RELS],
      ['word/document.xml', '<w:document/>'],
    ]),
  xlsx: () =>
    zipOf([
      ['[Content_Types].xml', CONTENT_TYPES],
      ['_rels/.rels', RELS],
      ['xl/workbook.xml', '<workbook/>'],
    ]),
  pptx: () =>
    zipOf([
      ['[Content_Types].xml', CONTENT_TYPES],
      ['_rels/.rels', RELS],
      ['ppt/presentation.xml', '<p:presentation/>'],
    ]),
  zip: () =>
    zipOf([
      ['photos/booth-1.txt', 'booth photo placeholder'],
      ['agenda.txt', 'agenda'],
    ]),
  csv: () => Buffer.from('date,attendees\n2026-08-12,42\n2026-08-13,57\n'),
  txt: () => Buffer.from('Agenda — Customer seminar, 12 August 2026\nKünstliche Intelligenz für KMU\n'),
  exe: () =>
    Buffer.concat([
      Buffer.from('MZ'),
      Buffer.alloc(58, 0),
      Buffer.from([0x80, 0, 0, 0]),
      Buffer.alloc(64, 0),
      Buffer.from('PE\0\0'),
      Buffer.alloc(200, 1),
    ]),
  random: (bytes = 4096) => randomBytes(bytes),
};

export interface Part {
  readonly name: string;
  readonly value: string;
}

export interface FilePart {
  readonly filename: string;
  readonly contentType?: string;
  readonly data: Buffer;
}

/** A multipart/form-data body as a browser sends it: fields first, then the file. */
export function multipart(
  fields: Record<string, string>,
  file?: FilePart,
  boundary = `----form${randomBytes(8).toString('hex')}`,
): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, 'utf8'),
    );
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
        'utf8',
      ),
    );
    chunks.push(file.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function postForm(
  url: string,
  fields: Record<string, string>,
  file?: FilePart,
): Promise<{ status: number; html: string; headers: Headers }> {
  const { body, contentType } = multipart(fields, file);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** Sends the start of an upload and then drops the connection, like a closed laptop lid. */
export async function postAndDisconnect(
  url: string,
  fields: Record<string, string>,
  file: FilePart,
  sendBytes: number,
): Promise<void> {
  const { body, contentType } = multipart(fields, file);
  const target = new URL(url);
  await new Promise<void>((resolve) => {
    const req = httpRequest({
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      method: 'POST',
      headers: { 'content-type': contentType, 'content-length': String(body.length) },
    });
    req.on('error', () => resolve());
    req.write(body.subarray(0, sendBytes), () => {
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 150);
    });
  });
}

/** Text of an HTML page without tags (for "the page says …"). */
export function pageText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
