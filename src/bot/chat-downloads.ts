import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { UploadRejectedError } from '../domain/errors';
import { formatBytes } from '../domain/file-rules';

/** A file a user sent in a 1:1 chat, as Teams offers it to the bot. */
export interface ChatFile {
  readonly name: string;
  readonly downloadUrl: string;
}

export interface ChatDownloadOptions {
  readonly maxBytes: number;
  /** Plain http download links (local development only; production takes https). */
  readonly httpAllowed: boolean;
}

const DOWNLOAD_TIMEOUT_MS = 15 * 60_000;

/** Opens the files Teams offers for download (one per app instance, built in main.ts). */
export class ChatDownloads {
  constructor(private readonly options: ChatDownloadOptions) {}

  /** The file's bytes: https only (plain http too in local development), never past the size limit. */
  async open(file: ChatFile): Promise<Readable> {
    let url: URL;
    try {
      url = new URL(file.downloadUrl);
    } catch {
      throw new UploadRejectedError(
        `The link Teams gave me for ${file.name} is not valid. Nothing was saved — send the file again.`,
      );
    }
    if (url.protocol !== 'https:' && !(this.options.httpAllowed && url.protocol === 'http:')) {
      throw new UploadRejectedError(`I can only fetch files over https. Nothing was saved — send ${file.name} again.`);
    }
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'follow' });
    } catch {
      throw new UploadRejectedError(
        `I couldn't download ${file.name} from Teams. Nothing was saved — please send it again.`,
        'UPLOAD.ABORTED',
      );
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw new UploadRejectedError(
        `I couldn't download ${file.name} from Teams (HTTP ${res.status}). Nothing was saved — please send it again.`,
        'UPLOAD.ABORTED',
      );
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > this.options.maxBytes) {
      await res.body.cancel();
      throw new UploadRejectedError(
        `${file.name} is larger than the ${formatBytes(this.options.maxBytes)} limit. Nothing was saved — send a smaller file (or split it).`,
        'UPLOAD.TOO_LARGE',
      );
    }
    return Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
  }
}
