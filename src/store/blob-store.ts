import type { Readable } from 'node:stream';
import type { TokenCredential } from '@azure/core-auth';
import {
  BlobSASPermissions,
  BlobServiceClient,
  type BlobClient,
  type BlobGenerateSasUrlOptions,
  type BlockBlobClient,
  type ContainerClient,
  type StoragePipelineOptions,
  type UserDelegationKey,
} from '@azure/storage-blob';
import { BlobUnavailableError, DomainError } from '../domain/errors';
import type { BlobStore } from '../domain/ports';
import { interrupted } from './file-check';

/** Block size and parallel blocks of a streamed upload: at most ~BLOCK × (PARALLEL + 1) bytes in memory. */
const BLOCK_BYTES = 2 * 1024 * 1024;
const PARALLEL_BLOCKS = 3;
/** How often a streamed read that broke off is resumed before it fails. */
const READ_RETRIES = 3;

interface CommonOptions {
  readonly container: string;
  /** Attempts per request before an outage is reported (the SDK backs off between them). */
  readonly maxTries?: number;
  readonly tryTimeoutMs?: number;
}

/** An account key in a connection string: requests and download links are signed with it. */
export interface SharedKeyOptions extends CommonOptions {
  readonly connectionString: string;
}

/**
 * Microsoft Entra ID (a managed identity in Azure): requests carry the credential's tokens and
 * download links are signed with a user delegation key, so no account key exists anywhere.
 */
export interface TokenOptions extends CommonOptions {
  /** https://<account>.blob.core.windows.net */
  readonly accountUrl: string;
  readonly credential: TokenCredential;
  /** How long a fetched user delegation key is asked to live (default 1 day; Azure allows 7). */
  readonly delegationKeyLifetimeMs?: number;
}

export type AzureBlobStoreOptions = SharedKeyOptions | TokenOptions;

/**
 * Azure Blob Storage (Azurite in development) through @azure/storage-blob. Uploads stream as
 * block blobs: blocks are staged as the bytes arrive and committed only at the end, so a failed or
 * rejected upload leaves no blob (Azure discards uncommitted blocks). Reads are short-lived SAS links.
 */
export class AzureBlobStore implements BlobStore {
  private constructor(
    readonly container: ContainerClient,
    private readonly signer: LinkSigner,
  ) {}

  static async open(options: AzureBlobStoreOptions): Promise<AzureBlobStore> {
    const pipeline: StoragePipelineOptions = {
      retryOptions: {
        maxTries: options.maxTries ?? 3,
        retryDelayInMs: 200,
        maxRetryDelayInMs: 2000,
        tryTimeoutInMs: options.tryTimeoutMs ?? 60_000,
      },
    };
    let service: BlobServiceClient;
    let signer: LinkSigner;
    if ('connectionString' in options) {
      service = BlobServiceClient.fromConnectionString(options.connectionString, pipeline);
      signer = sharedKeySigner;
    } else {
      service = new BlobServiceClient(options.accountUrl, options.credential, pipeline);
      signer = new UserDelegationSigner(service, options.delegationKeyLifetimeMs ?? 24 * 3600_000);
    }
    const store = new AzureBlobStore(service.getContainerClient(options.container), signer);
    try {
      await store.container.createIfNotExists();
    } catch (err) {
      throw storeError(err);
    }
    return store;
  }

  async put(name: string, source: Readable): Promise<void> {
    // A source that failed before this call has already emitted its 'error'/'close': uploadStream
    // would wait for it forever.
    const failed: unknown = source.errored;
    if (failed) throw failed instanceof DomainError ? failed : interrupted(failed);
    if (source.destroyed && !source.readableEnded) throw interrupted(new Error('source closed before the upload'));
    const blob = this.container.getBlockBlobClient(name);
    // The container can vanish under a running bot (storage emptied or recreated): the first block
    // that finds it missing creates it again and is staged once more. Its body is a factory
    // (uploadStream hands each block as () => stream), so staging it twice reads the same bytes.
    const missing = (err: unknown) => (err as { code?: unknown } | undefined)?.code === 'ContainerNotFound';
    const stageOnce = blob.stageBlock.bind(blob);
    const stageBlock = async (...args: Parameters<BlockBlobClient['stageBlock']>) => {
      try {
        return await stageOnce(...args);
      } catch (err) {
        if (!missing(err)) throw err;
        await this.container.createIfNotExists();
        return stageOnce(...args);
      }
    };
    // uploadStream stages blocks through this client's stageBlock; keep hold of the ones in flight so
    // a failed upload can wait for them before it throws their blocks away.
    const staging = new Set<Promise<unknown>>();
    blob.stageBlock = (...args: Parameters<BlockBlobClient['stageBlock']>) => {
      const staged = stageBlock(...args);
      staging.add(staged);
      void staged.then(
        () => staging.delete(staged),
        () => staging.delete(staged),
      );
      return staged;
    };
    try {
      await blob.uploadStream(source, BLOCK_BYTES, PARALLEL_BLOCKS);
    } catch (err) {
      await Promise.allSettled([...staging]);
      await discardStaged(blob);
      // The source's own error (a rejected file, a client that went away) is the story; keep it.
      if (err instanceof DomainError) throw err;
      if (source.errored) throw source.errored instanceof DomainError ? source.errored : interrupted(source.errored);
      // Still no container (deleted again, or Azure still deleting the old one): try again later.
      const code = (err as { code?: unknown } | undefined)?.code;
      if (missing(err) || code === 'ContainerBeingDeleted') throw new BlobUnavailableError(err);
      throw storeError(err);
    } finally {
      if (!source.destroyed) source.destroy();
    }
  }

  async delete(name: string): Promise<void> {
    try {
      await this.container.getBlockBlobClient(name).deleteIfExists();
    } catch (err) {
      throw storeError(err);
    }
  }

  async openRead(name: string, signal?: AbortSignal): Promise<Readable> {
    try {
      // Each retry resumes at the offset reached, pinned to the same blob version (ETag); a body
      // that still ends short errors ("received less data than required").
      const res = await this.container
        .getBlobClient(name)
        .download(0, undefined, { maxRetryRequests: READ_RETRIES, ...(signal ? { abortSignal: signal } : {}) });
      if (!res.readableStreamBody) throw new Error('the blob store answered without a body');
      return res.readableStreamBody as Readable;
    } catch (err) {
      throw storeError(err);
    }
  }

  async readUrl(
    name: string,
    options: { readonly fileName: string; readonly contentType: string; readonly validForMs: number },
  ): Promise<{ url: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + options.validForMs);
    const url = await this.signer.sasUrl(this.container.getBlobClient(name), {
      permissions: BlobSASPermissions.parse('r'),
      // A little slack for clock skew between this host and the store.
      startsOn: new Date(Date.now() - 5 * 60_000),
      expiresOn: expiresAt,
      contentDisposition: contentDisposition(options.fileName),
      contentType: options.contentType,
    });
    return { url, expiresAt };
  }

  /** Names of the blobs under a prefix, including any with only uncommitted blocks (tests and maintenance). */
  async list(prefix: string): Promise<string[]> {
    const names: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix, includeUncommitedBlobs: true }))
      names.push(blob.name);
    return names;
  }

  /** Whole content of a blob (tests only: files can be large). */
  async read(name: string): Promise<Buffer> {
    return this.container.getBlobClient(name).downloadToBuffer();
  }
}

/** Signs a read link for one blob. */
interface LinkSigner {
  sasUrl(blob: BlobClient, options: BlobGenerateSasUrlOptions): Promise<string>;
}

/** The client was built from a connection string, so it holds the account key and signs by itself. */
const sharedKeySigner: LinkSigner = { sasUrl: (blob, options) => blob.generateSasUrl(options) };

/** A key is fetched again when less than this is left of it beyond a link's expiry. */
const KEY_MARGIN_MS = 5 * 60_000;
/** Azure's limit on a user delegation key's life. */
const KEY_MAX_MS = 7 * 24 * 3600_000;
/**
 * The SAS version user delegation links are signed for. Azure accepts it, and so does Azurite 3.35,
 * which cannot check the newer string-to-sign of the SDK's default version (2026-04-06 adds fields
 * these read-only links do not use).
 */
const DELEGATION_SAS_VERSION = '2025-07-05';

/**
 * Signs links with a user delegation key (the credential's identity needs a Storage Blob Data role).
 * One key serves every link until it is about to run out — one request to the store instead of one
 * per link. Concurrent signers share the fetch in flight; a failed fetch is not kept.
 */
class UserDelegationSigner implements LinkSigner {
  private key: Promise<UserDelegationKey> | undefined;

  constructor(
    private readonly service: BlobServiceClient,
    private readonly lifetimeMs: number,
  ) {}

  async sasUrl(blob: BlobClient, options: BlobGenerateSasUrlOptions): Promise<string> {
    const until = (options.expiresOn ?? new Date()).getTime() + KEY_MARGIN_MS;
    return blob.generateUserDelegationSasUrl(
      { version: DELEGATION_SAS_VERSION, ...options },
      await this.keyValidUntil(until),
    );
  }

  private async keyValidUntil(until: number): Promise<UserDelegationKey> {
    const cached = this.key;
    if (cached) {
      const key = await cached.catch(() => undefined);
      if (key && key.signedExpiresOn.getTime() >= until) return key;
      if (this.key === cached) this.key = undefined;
    }
    this.key ??= this.fetch(until);
    return this.key;
  }

  private fetch(until: number): Promise<UserDelegationKey> {
    const now = Date.now();
    const expiresOn = new Date(Math.min(now + KEY_MAX_MS, Math.max(now + this.lifetimeMs, until)));
    // Starts a little in the past for clock skew between this host and the store, like the links.
    const fetched = this.service
      .getUserDelegationKey(new Date(now - KEY_MARGIN_MS), expiresOn)
      .catch((err: unknown) => {
        throw storeError(err);
      });
    // A failed fetch must not be handed to the next link.
    fetched.catch(() => {
      if (this.key === fetched) this.key = undefined;
    });
    return fetched;
  }
}

/**
 * A failed upload leaves staged, uncommitted blocks (never a readable blob; Azure drops them after
 * 7 days). Drop them now (the caller waited for blocks in flight): commit an empty block list,
 * which discards every uncommitted block, and delete that empty blob. Best effort.
 */
async function discardStaged(blob: BlockBlobClient): Promise<void> {
  try {
    const staged = (await blob.getBlockList('uncommitted')).uncommittedBlocks?.length ?? 0;
    if (staged === 0) return;
    await blob.commitBlockList([], { conditions: { ifNoneMatch: '*' } });
    await blob.deleteIfExists();
  } catch {
    // Nothing readable was left behind either way; the store cleans uncommitted blocks itself.
  }
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Unreachable, timing out or failing on its side: an outage. A 4xx is our bug and surfaces as it is. */
function storeError(err: unknown): unknown {
  if (err instanceof DomainError) return err;
  const status = (err as { statusCode?: number } | undefined)?.statusCode;
  if (status === undefined || status >= 500 || status === 408 || status === 429) return new BlobUnavailableError(err);
  return err;
}
