import { createHash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import { fromBuffer } from 'file-type';
import { DomainError, UploadInterruptedError } from '../domain/errors';
import { decideType, formatBytes, isTextExt, type FileType } from '../domain/file-rules';
import type { FileCheck, FileChecker, FileFacts } from '../domain/ports';

/** Bytes looked at to recognise a type (Office files need their first ZIP entries). */
const HEAD_BYTES = 64 * 1024;

/**
 * A pass-through that checks a file while it streams: size limit, sha256, type by magic bytes
 * (file-type) against the allow-list, and — for CSV/TXT, which have no magic bytes — that the whole
 * content is UTF-8 text without NUL bytes. It errors (a DomainError) to reject the file; the blob
 * upload downstream then never commits. Only the first 64 KB are held, to recognise the type.
 */
class CheckingStream extends Transform {
  private size = 0;
  private readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headBytes = 0;
  private type: FileType | undefined;
  private text: TextDecoder | undefined;
  private result: FileFacts | undefined;

  constructor(
    private readonly fileName: string,
    private readonly nameExt: string,
    private readonly maxBytes: number,
  ) {
    super();
  }

  facts(): FileFacts {
    if (!this.result) throw new Error('the file has not been read to its end');
    return this.result;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      done(
        new DomainError(
          'UPLOAD.TOO_LARGE',
          `${this.fileName} is larger than the ${formatBytes(this.maxBytes)} limit. Nothing was saved — send a smaller file (or split it).`,
        ),
      );
      return;
    }
    this.hash.update(chunk);
    if (this.type) {
      done(this.forward(chunk));
      return;
    }
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < HEAD_BYTES) {
      done();
      return;
    }
    this.decide().then(() => done(this.releaseHead()), done);
  }

  override _flush(done: TransformCallback): void {
    if (this.size === 0) {
      done(
        new DomainError(
          'UPLOAD.REJECTED',
          `${this.fileName} is empty (0 bytes). Nothing was saved — choose the file again.`,
        ),
      );
      return;
    }
    const finish = () => {
      const failed = this.releaseHead() ?? this.endText();
      if (failed) return done(failed);
      this.result = { size: this.size, sha256: this.hash.digest('hex'), type: this.type! };
      done();
    };
    if (this.type) finish();
    else this.decide().then(finish, done);
  }

  private async decide(): Promise<void> {
    const head = Buffer.concat(this.head);
    const detected = await fromBuffer(head);
    const decision = decideType(detected, this.nameExt, this.fileName);
    if (!decision.ok) throw new DomainError('UPLOAD.REJECTED', `${decision.message} Nothing was saved.`);
    this.type = decision.type;
    if (!detected && isTextExt(decision.type.ext)) this.text = new TextDecoder('utf-8', { fatal: true });
  }

  private releaseHead(): Error | undefined {
    const head = this.head;
    this.head = [];
    for (const chunk of head) {
      const failed = this.forward(chunk);
      if (failed) return failed;
    }
    return undefined;
  }

  private forward(chunk: Buffer): Error | undefined {
    if (this.text) {
      if (chunk.includes(0)) return notText(this.fileName, this.type!);
      try {
        this.text.decode(chunk, { stream: true });
      } catch {
        return notText(this.fileName, this.type!);
      }
    }
    this.push(chunk);
    return undefined;
  }

  private endText(): Error | undefined {
    if (!this.text) return undefined;
    try {
      this.text.decode();
      return undefined;
    } catch {
      return notText(this.fileName, this.type!);
    }
  }
}

function notText(fileName: string, type: FileType): DomainError {
  return new DomainError(
    'UPLOAD.REJECTED',
    `${fileName} is named like a ${type.label}, but it is not plain UTF-8 text. Nothing was saved — export it again as ${type.ext.toUpperCase()} (UTF-8).`,
  );
}

/** Anything the source itself fails with (a client that went away, a broken download). */
export function interrupted(cause: unknown): DomainError {
  return new UploadInterruptedError(cause);
}

export class StreamingFileChecker implements FileChecker {
  check(source: Readable, fileName: string, nameExt: string, maxBytes: number): FileCheck {
    const stream = new CheckingStream(fileName, nameExt, maxBytes);
    // Listening first also takes an 'error' the source has set but not yet emitted.
    source.on('error', (err) => stream.destroy(err instanceof DomainError ? err : interrupted(err)));
    // A source that stops without ending (a dropped connection) must not leave the upload waiting.
    source.once('close', () => {
      if (!source.readableEnded && !stream.destroyed) stream.destroy(interrupted(new Error('source closed early')));
    });
    // A source that failed before the check started (a download ended while the claim was being
    // loaded) may have sent its 'error' and 'close' already: fail with what it failed with, now.
    if (source.errored || (source.destroyed && !source.readableEnded)) {
      const err = source.errored ?? new Error('source closed early');
      // The upload reads this failure from `errored` before it starts (AzureBlobStore.put), not
      // from an 'error' event, which would fire before anyone listens.
      stream.on('error', () => undefined);
      stream.destroy(err instanceof DomainError ? err : interrupted(err));
      return { stream, facts: () => stream.facts() };
    }
    source.pipe(stream);
    return { stream, facts: () => stream.facts() };
  }
}
