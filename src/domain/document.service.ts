import type { Readable } from 'node:stream';
import { safe } from './text';
import { requirePartner } from './access';
import type { ActorContext, Who } from './actor';
import {
  documentsOf,
  withContributor,
  withParticipant,
  type Claim,
  type ClaimDocument,
  type DocumentKind,
  type ItemFeedback,
  type MessageSource,
  type Person,
  type ReviewState,
  type StoredFile,
} from './claim';
import type { ClaimService } from './claim.service';
import { notEditable } from './claim.service';
import type { Clock } from './clock';
import { validateDetails, type DetailsErrors, type DetailsInput, type DocumentSpec } from './document';
import {
  AfterCommitError,
  ClaimChangedError,
  ClaimNotFoundError,
  DocumentNotFoundError,
  DomainError,
  ForbiddenError,
  InvalidInputError,
  NoFileInMessageError,
  RequestNotFoundError,
  UploadRejectedError,
  UploadTokenError,
} from './errors';
import { checkFileName } from './file-rules';
import type { ClaimPicture } from './picture';
import type {
  BlobStore,
  ClaimRepository,
  FileChecker,
  IncomingFile,
  StagedUpload,
  StagedUploadRepository,
} from './ports';
import { isEditable } from './status';
import { isFulfilled, replacedKey, type UploadGrant } from './upload-request';
import type { MintedLink, UploadLinks } from './upload-request.service';

export interface DocumentLimits {
  readonly maxBytes: number;
  /** How long a download link works. */
  readonly downloadMinutes: number;
  /** Files that arrived in chat and were never finished are removed after this long. */
  readonly stagedHours: number;
}

/** A document that landed: the claim after its History event, the document, and what it replaced. */
export interface Received {
  readonly claim: Claim;
  readonly document: ClaimDocument;
  readonly replaced?: ClaimDocument;
  readonly grant: UploadGrant;
}

const COMMIT_ATTEMPTS = 8;

/** Files one "Add to claim" adds at most (a message holds a handful; each is streamed in turn). */
export const MAX_MESSAGE_FILES = 10;

/** Kinds that carry an amount the claim adds up: one file is one such document, never several. */
const ONE_FILE_KINDS: ReadonlySet<DocumentKind> = new Set<DocumentKind>(['invoice', 'csr']);

/** The form of "Add to claim": the document details, and which of the message's files to add. */
export type MessageFieldErrors = DetailsErrors & { readonly files?: string };

/** One file of a Teams message: opened (fetched) only once the claim and the details were checked. */
export interface MessageFile {
  readonly name: string;
  open(): Promise<Readable>;
}

/** What "Add to claim" filed. */
export interface FiledFromMessage {
  /** The claim after the last document's History event. */
  readonly claim: Claim;
  readonly documents: readonly ClaimDocument[];
  /** The last document that landed (the claim card is updated from it). */
  readonly landed: Received;
  /**
   * Files stored but not added because the claim stopped taking documents (or kept changing) after
   * the first ones committed: their blobs are removed, and `reason` says why.
   */
  readonly notAdded?: { readonly names: readonly string[]; readonly reason: DomainError };
}

/**
 * Supporting documents: the file streams into Blob first; only once the blob is committed does the
 * document commit through its History event (`document.added` / `document.replaced`), which also
 * marks its request or slot as fulfilled — on the claim, under the claim's version, so a link is
 * used once even when two uploads race. Whatever fails after the blob landed removes the blob.
 * A document is added in the name of the person who actually uploaded it (the link's holder).
 */
export class DocumentService {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly claimService: ClaimService,
    private readonly staged: StagedUploadRepository,
    private readonly blobs: BlobStore,
    private readonly checker: FileChecker,
    private readonly links: UploadLinks,
    private readonly clock: Clock,
    private readonly limits: DocumentLimits,
  ) {}

  /**
   * Add document (or Replace): checks the details the partner entered and opens an upload slot
   * for them — a link to the upload page, also redeemable by sending the file in a 1:1 chat.
   */
  async startUpload(
    actor: ActorContext,
    claimId: string,
    expectedVersion: number,
    input: DetailsInput,
    replaces?: string,
  ): Promise<{ claim: Claim; grant: UploadGrant; link: MintedLink; replaced?: ClaimDocument }> {
    requirePartner(actor, 'add documents');
    const claim = await this.claimService.editableAt(actor, claimId, expectedVersion);
    const replaced = replaces ? await this.replaceable(claim, replaces) : undefined;
    // A replacement is a new version of the same document: same kind, and the same PoE item it proves.
    const checked = validateDetails(
      claim,
      replaced ? { ...input, kind: replaced.kind, ...(replaced.poeKey ? { poeKey: replaced.poeKey } : {}) } : input,
      this.clock.now(),
    );
    if (!checked.ok)
      throw new InvalidInputError<keyof DetailsErrors>(Object.values(checked.errors).join(' '), checked.errors);
    const grant: UploadGrant = {
      id: crypto.randomUUID(),
      type: 'slot',
      tenantId: claim.tenantId,
      claimId: claim.id,
      person: actor.person,
      need: { kind: checked.spec.kind, ...(checked.spec.poeKey ? { poeKey: checked.spec.poeKey } : {}) },
      prefill: { ...input, kind: checked.spec.kind },
      ...(replaced ? { replaces: replaced.id } : {}),
    };
    return { claim, grant, link: await this.links.mint(grant, actor.person), ...(replaced ? { replaced } : {}) };
  }

  /**
   * The upload page: the file for a grant, with the details from the page's form, uploaded by the
   * link's holder. Details are checked before a byte is stored; the file is checked while it streams.
   */
  async receive(grant: UploadGrant, holder: Person, input: DetailsInput, file: IncomingFile): Promise<Received> {
    const claim = await this.openClaim(grant);
    const spec = this.spec(claim, grant, input);
    const stored = await this.store(grant, file);
    return this.commitOrDiscard(grant, holder, spec, stored);
  }

  /** Checks the page's form without a file (to show errors before uploading). */
  check(claim: Claim, grant: UploadGrant, input: DetailsInput): DetailsErrors {
    const r = validateDetails(
      claim,
      { ...input, kind: grant.need.kind, ...(grant.need.poeKey ? { poeKey: grant.need.poeKey } : {}) },
      this.clock.now(),
    );
    return r.ok ? {} : r.errors;
  }

  /**
   * A file sent in a 1:1 chat by `sender`: it is stored, then committed at once when the grant
   * already holds every detail (a partner's own slot, or a request for an "other" document);
   * otherwise it waits (staged) for the details card.
   */
  async receiveInChat(
    grant: UploadGrant,
    sender: Person,
    note: string,
    file: IncomingFile,
  ): Promise<{ readonly received: Received } | { readonly staged: StagedUpload }> {
    const claim = await this.openClaim(grant);
    const input: DetailsInput = { ...grant.prefill, note: note || grant.prefill.note };
    const stored = await this.store(grant, file);
    const checked = validateDetails(
      claim,
      { ...input, kind: grant.need.kind, poeKey: grant.need.poeKey },
      this.clock.now(),
    );
    if (checked.ok) return { received: await this.commitOrDiscard(grant, sender, checked.spec, stored) };
    const staged: StagedUpload = {
      id: crypto.randomUUID(),
      tenantId: grant.tenantId,
      claimId: grant.claimId,
      grant,
      file: stored,
      note: input.note ?? '',
      by: sender,
      createdAt: this.clock.now(),
    };
    try {
      await this.staged.insert(staged);
    } catch (err) {
      await this.discard(stored.blobName);
      throw err;
    }
    return { staged };
  }

  /**
   * "Add to claim" on a Teams message: the message's files become documents of one kind (and PoE
   * item), each with the same details and note, recording the message as their source. Role,
   * claim version, status, details and the number of files are checked before a byte is fetched;
   * then every file streams into Blob with the upload page's checks, and only when all of them are
   * stored do they commit, one History event each. A refused or failed file leaves nothing behind.
   */
  async fileFromMessage(
    actor: ActorContext,
    claimId: string,
    expectedVersion: number,
    input: DetailsInput,
    files: readonly MessageFile[],
    source: MessageSource,
  ): Promise<FiledFromMessage> {
    requirePartner(actor, 'add documents');
    const claim = await this.claimService.editableAt(actor, claimId, expectedVersion);
    const checked = validateDetails(claim, input, this.clock.now());
    if (!checked.ok)
      throw new InvalidInputError<keyof MessageFieldErrors>(Object.values(checked.errors).join(' '), checked.errors);
    const { spec } = checked;
    if (files.length === 0)
      throw new NoFileInMessageError('Choose at least one file of the message to add. Nothing was changed.');
    const tooMany =
      files.length > MAX_MESSAGE_FILES
        ? `I add at most ${MAX_MESSAGE_FILES} files at once: choose fewer.`
        : files.length > 1 && ONE_FILE_KINDS.has(spec.kind)
          ? `${spec.kind === 'invoice' ? 'An invoice' : 'A CSR'} is one document: choose the one file that is it, and add the others as proof or other documents.`
          : undefined;
    if (tooMany) throw new InvalidInputError<keyof MessageFieldErrors>(tooMany, { files: tooMany });

    const grants: UploadGrant[] = files.map(() => ({
      id: crypto.randomUUID(),
      type: 'message',
      tenantId: claim.tenantId,
      claimId: claim.id,
      person: actor.person,
      need: { kind: spec.kind, ...(spec.poeKey ? { poeKey: spec.poeKey } : {}) },
      prefill: { ...input, kind: spec.kind },
    }));
    const stored: StoredFile[] = [];
    try {
      for (const [i, file] of files.entries()) {
        const stream = await file.open();
        try {
          stored.push(withExtension(await this.store(grants[i]!, { name: file.name, stream })));
        } finally {
          stream.destroy();
        }
      }
    } catch (err) {
      for (const file of stored) await this.discard(file.blobName);
      throw err;
    }

    const documents: ClaimDocument[] = [];
    let landed: Received | undefined;
    for (const [i, file] of stored.entries()) {
      try {
        landed = await this.commit(grants[i]!, actor.person, spec, file, source);
      } catch (err) {
        // A document whose event was stored keeps its file, whatever failed after it.
        const rest = stored.slice(err instanceof AfterCommitError ? i + 1 : i);
        for (const left of rest) await this.discard(left.blobName);
        if (!landed || !(err instanceof DomainError)) throw err;
        return {
          claim: landed.claim,
          documents,
          landed,
          notAdded: { names: rest.map((f) => f.fileName), reason: err },
        };
      }
      documents.push(landed.document);
    }
    return { claim: landed!.claim, documents, landed: landed! };
  }

  /** The details card of a file that arrived in chat was sent: commit it. */
  async finishStaged(who: ActorContext, stagedId: string, input: DetailsInput): Promise<Received> {
    const staged = await this.staged.get(who.tenantId, stagedId);
    if (!staged)
      throw new RequestNotFoundError(
        'That file is no longer waiting for details (it was finished or removed). Send it again.',
      );
    if (staged.by.id !== who.person.id)
      throw new ForbiddenError(safe`Only ${staged.by.name}, who sent the file, can finish it.`);
    const claim = await this.claims.get(staged.tenantId, staged.claimId);
    if (!claim) throw new ClaimNotFoundError();
    let received: Received;
    try {
      if (!isEditable(claim.status)) throw notEditable(claim.status);
      // A partner's own slot is a partner's right: it ends when an admin takes the role back.
      if (staged.grant.type === 'slot') requirePartner(who, 'add documents');
      if (isFulfilled(claim, staged.grant.id))
        throw new UploadTokenError('UPLOAD.TOKEN_USED', 'This request is already done: its document was uploaded.');
      const spec = this.spec(claim, staged.grant, input);
      received = await this.commit(staged.grant, staged.by, spec, staged.file);
    } catch (err) {
      // Wrong details can be fixed on the same card; anything else ends this staged file — except
      // a failure after its document was stored, which keeps the file (only the staging row goes).
      if (err instanceof AfterCommitError) await this.forgetStaged(staged, err);
      else if (!(err instanceof InvalidInputError)) await this.dropStaged(staged);
      throw err;
    }
    await this.staged.delete(staged.tenantId, staged.id);
    return received;
  }

  async staging(who: Who, stagedId: string): Promise<{ staged: StagedUpload; claim: Claim } | undefined> {
    const staged = await this.staged.get(who.tenantId, stagedId);
    if (!staged) return undefined;
    const claim = await this.claims.get(staged.tenantId, staged.claimId);
    return claim ? { staged, claim } : undefined;
  }

  /** A short-lived read link (SAS) for one current document of the claim. */
  async downloadLink(
    claim: Claim,
    documentId: string,
  ): Promise<{ url: string; expiresAt: Date; document: ClaimDocument }> {
    const document = documentsOf(claim).find((d) => d.id === documentId);
    if (!document) throw new DocumentNotFoundError();
    if (!document.file) throw new DocumentNotFoundError('That document has no stored file.');
    const { url, expiresAt } = await this.blobs.readUrl(document.file.blobName, {
      fileName: document.file.fileName,
      contentType: document.file.contentType,
      validForMs: this.limits.downloadMinutes * 60_000,
    });
    return { url, expiresAt, document };
  }

  /**
   * Remove a document while the claim is editable (a duplicate, a wrong file). History keeps it
   * (`document.removed`) and its file stays stored for the retention period.
   */
  async remove(
    actor: ActorContext,
    claimId: string,
    expectedVersion: number,
    documentId: string,
  ): Promise<ClaimPicture> {
    requirePartner(actor, 'remove documents');
    const claim = await this.claimService.editableAt(actor, claimId, expectedVersion);
    const document = documentsOf(claim).find((d) => d.id === documentId);
    if (!document)
      throw new DocumentNotFoundError('That document was already removed or replaced.').about(
        await this.claimService.picture(claim),
      );
    const now = this.clock.now();
    const updated = await this.claimService.commitChange(
      claim,
      { type: 'document.removed', actor: actor.person, at: now, data: { document } },
      {
        documents: documentsOf(claim).filter((d) => d.id !== documentId),
        participants: withParticipant(claim.participants, actor.person.id),
        contributors: withContributor(claim, actor.person.id),
        updatedAt: now,
      },
    );
    return this.claimService.pictureAfterCommit(updated);
  }

  /** Removes files that arrived in chat but were never finished. Returns how many. */
  async sweepStaged(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.limits.stagedHours * 3_600_000);
    let removed = 0;
    for (const staged of await this.staged.olderThan(before)) {
      if (await this.dropStaged(staged)) removed++;
    }
    return removed;
  }

  /** The staging row of a file that became a document; the change's own failure is what the caller hears. */
  private async forgetStaged(staged: StagedUpload, err: AfterCommitError): Promise<void> {
    try {
      await this.staged.delete(staged.tenantId, staged.id);
    } catch {
      throw err;
    }
  }

  private async dropStaged(staged: StagedUpload): Promise<boolean> {
    const mine = await this.staged.delete(staged.tenantId, staged.id);
    if (mine) await this.blobs.delete(staged.file.blobName);
    return mine;
  }

  private async openClaim(grant: UploadGrant): Promise<Claim> {
    const claim = await this.claims.get(grant.tenantId, grant.claimId);
    if (!claim) throw new ClaimNotFoundError();
    if (!isEditable(claim.status)) throw notEditable(claim.status);
    if (isFulfilled(claim, grant.id))
      throw new UploadTokenError(
        'UPLOAD.TOKEN_USED',
        `This upload link was already used: its document is on ${claim.number}.`,
      );
    return claim;
  }

  /** The form's details, with kind and PoE item fixed by what the grant asks for. */
  private spec(claim: Claim, grant: UploadGrant, input: DetailsInput): DocumentSpec {
    const r = validateDetails(
      claim,
      { ...input, kind: grant.need.kind, ...(grant.need.poeKey ? { poeKey: grant.need.poeKey } : {}) },
      this.clock.now(),
    );
    if (!r.ok) throw new InvalidInputError<keyof DetailsErrors>(Object.values(r.errors).join(' '), r.errors);
    return r.spec;
  }

  /** Streams the file into a new blob under tenant/claim/, checking it on the way. */
  private async store(grant: UploadGrant, file: IncomingFile): Promise<StoredFile> {
    const name = checkFileName(file.name);
    if (!name.ok) throw new UploadRejectedError(`${name.message} Nothing was saved.`);
    const blobName = `${grant.tenantId}/${grant.claimId}/${crypto.randomUUID()}`;
    const check = this.checker.check(file.stream, name.name, name.ext, this.limits.maxBytes);
    await this.blobs.put(blobName, check.stream);
    const facts = check.facts();
    return {
      blobName,
      fileName: name.name,
      size: facts.size,
      sha256: facts.sha256,
      contentType: facts.type.mime,
      ext: facts.type.ext,
    };
  }

  private async commitOrDiscard(
    grant: UploadGrant,
    by: Person,
    spec: DocumentSpec,
    stored: StoredFile,
  ): Promise<Received> {
    try {
      return await this.commit(grant, by, spec, stored);
    } catch (err) {
      if (!(err instanceof AfterCommitError)) await this.discard(stored.blobName);
      throw err;
    }
  }

  /** Removes a blob that will not get a document; a failure here only leaves an orphan, logged upstream. */
  private async discard(blobName: string): Promise<void> {
    try {
      await this.blobs.delete(blobName);
    } catch {
      // The caller's error is what the user needs to hear; the orphan blob holds no document.
    }
  }

  /**
   * Commits the document through its History event. The event also records the grant (and the
   * replaced document) as used on the claim: a concurrent upload for the same link loses on the
   * event's unique seq, re-reads the claim, and sees the link used. A reviewer's "needs change" on
   * the PoE item becomes "changed — waiting for review".
   */
  private async commit(
    grant: UploadGrant,
    by: Person,
    spec: DocumentSpec,
    file: StoredFile,
    source?: MessageSource,
  ): Promise<Received> {
    for (let attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
      const claim = await this.openClaim(grant);
      const replaced = grant.replaces ? await this.replaceable(claim, grant.replaces) : undefined;
      const now = this.clock.now();
      const document: ClaimDocument = {
        id: crypto.randomUUID(),
        tenantId: claim.tenantId,
        claimId: claim.id,
        kind: spec.kind,
        name: file.fileName,
        note: spec.note,
        amountMinor: spec.amountMinor,
        currency: spec.currency,
        ...(spec.convertedMinor === undefined ? {} : { convertedMinor: spec.convertedMinor }),
        ...(spec.poeKey ? { poeKey: spec.poeKey } : {}),
        addedBy: by,
        addedAt: now,
        details: spec.details,
        file,
        ...(grant.type === 'message' ? {} : { grantId: grant.id }),
        ...(replaced ? { replaces: replaced.id } : {}),
        ...(source ? { source } : {}),
      };
      const kept = documentsOf(claim).filter((d) => d.id !== replaced?.id);
      // A file filed from a message fulfils no request or slot: nothing is marked as used.
      const used =
        grant.type === 'message'
          ? undefined
          : [...(claim.fulfilled ?? []), grant.id, ...(replaced ? [replacedKey(replaced.id)] : [])];
      const review = feedbackAfterChange(claim.review, spec.poeKey, by, now);
      let updated: Claim;
      try {
        updated = await this.claims.commit(
          claim,
          {
            type: replaced ? 'document.replaced' : 'document.added',
            actor: by,
            at: now,
            data: {
              document,
              ...(grant.type === 'request' ? { requestId: grant.id } : {}),
              ...(replaced ? { replaced } : {}),
            },
          },
          {
            documents: [...kept, document],
            ...(used ? { fulfilled: used } : {}),
            ...(review ? { review } : {}),
            participants: withParticipant(claim.participants, by.id),
            contributors: withContributor(claim, by.id),
            updatedAt: now,
          },
        );
      } catch (err) {
        if (err instanceof ClaimChangedError) continue;
        throw err;
      }
      return { claim: updated, document, ...(replaced ? { replaced } : {}), grant };
    }
    throw new ClaimChangedError(grant.claimId);
  }

  /** The document to replace: one of the claim's current documents. */
  private async replaceable(claim: Claim, documentId: string): Promise<ClaimDocument> {
    const doc = documentsOf(claim).find((d) => d.id === documentId);
    if (doc) return doc;
    if (isFulfilled(claim, replacedKey(documentId))) {
      throw new ClaimChangedError(claim.id).about(await this.claimService.picture(claim));
    }
    throw new DocumentNotFoundError(
      'That document was replaced or removed. Open Documents again to see the current ones.',
    );
  }
}

/** A name without an extension (an image in a message's text) gets the one its content was detected as. */
function withExtension(file: StoredFile): StoredFile {
  return /\.[A-Za-z0-9]{1,10}$/.test(file.fileName) ? file : { ...file, fileName: `${file.fileName}.${file.ext}` };
}

/** domain.md, Decisions: a "needs change" is cleared to "changed — waiting for review" by a new version of the item. */
export function feedbackAfterChange(
  review: ReviewState | undefined,
  poeKey: string | undefined,
  by: Person,
  at: Date,
): ReviewState | undefined {
  const before = poeKey ? review?.feedback?.[poeKey] : undefined;
  if (!review || !poeKey || before?.verdict !== 'needsChange') return undefined;
  const changed: ItemFeedback = { ...before, verdict: 'changed', changedBy: by, changedAt: at };
  return { ...review, feedback: { ...review.feedback, [poeKey]: changed } };
}
