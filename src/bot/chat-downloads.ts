import type { Readable } from 'node:stream';

/** A file a user sent in a 1:1 chat (or one in a message they add to a claim), as Teams offers it to the bot. */
export interface ChatFile {
  readonly name: string;
  readonly downloadUrl: string;
}

/**
 * Opens the files Teams offers for download. The implementation (src/http/chat-file-fetcher.ts,
 * wired in main.ts) only fetches allow-listed hosts at public addresses, with deadlines and a cap
 * per instance; whatever it refuses it throws as an UploadRejectedError the user may read.
 */
export interface ChatDownloads {
  open(file: ChatFile): Promise<Readable>;
  /**
   * Whether `open` would try this URL at all (an allow-listed host, or a development origin): images
   * in a message's text are only offered as files when it would.
   */
  allows(url: string): boolean;
}
