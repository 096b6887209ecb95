/**
 * BlobStore.openRead on Azurite: what the evidence pack streams each document through. It reads
 * only as fast as it is consumed, refuses a missing blob before any byte, and an abort ends it.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { FILES, sha256 } from '../support/files';
import { useServices } from '../support/services';

const services = useServices();

describe('reading a blob as a stream (Azurite)', () => {
  it('when a stored file is opened then the stream gives exactly its bytes', async () => {
    const s = services();
    const name = `t-${randomUUID()}/c/a`;
    const data = Buffer.concat([FILES.pdf(), Buffer.alloc(5 * 1024 * 1024, 0x41)]);
    await s.blobs.put(name, Readable.from([data]));
    const chunks: Buffer[] = [];
    for await (const chunk of await s.blobs.openRead(name)) chunks.push(chunk as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(data));
  });

  it('when the blob does not exist then opening it fails, before any byte', async () => {
    const s = services();
    await expect(s.blobs.openRead(`t-${randomUUID()}/c/missing`)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('when the reader aborts half-way then the stream ends with an abort error and reads no further', async () => {
    const s = services();
    const name = `t-${randomUUID()}/c/b`;
    await s.blobs.put(name, Readable.from([Buffer.alloc(8 * 1024 * 1024, 0x42)]));
    const abort = new AbortController();
    const stream = await s.blobs.openRead(name, abort.signal);
    let read = 0;
    const outcome = await (async () => {
      try {
        for await (const chunk of stream) {
          read += (chunk as Buffer).length;
          if (read > 64 * 1024) abort.abort();
        }
        return 'read to the end';
      } catch (err) {
        return (err as Error).name;
      }
    })();
    expect(outcome).toBe('AbortError');
    expect(read).toBeLessThan(8 * 1024 * 1024);
    expect(stream.destroyed).toBe(true);
  });
});
