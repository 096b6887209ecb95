/**
 * DocumentService.fileFromMessage ("Add to claim") on the real engine and Azurite: every file is
 * stored before any document commits, and whatever does not commit leaves no blob behind — also
 * when the claim changes while the files download, or between two commits.
 */
import { Readable } from 'node:stream';
import type { MessageSource } from '../../src/domain/claim';
import type { DetailsInput } from '../../src/domain/document';
import { DocumentService, type MessageFile } from '../../src/domain/document.service';
import { ClaimNotEditableError, UploadRejectedError } from '../../src/domain/errors';
import type { ClaimRepository } from '../../src/domain/ports';
import { StreamingFileChecker } from '../../src/store/file-check';
import { COLLECTIONS } from '../../src/store/mongo';
import { MongoStagedUploads } from '../../src/store/upload-requests.repository';
import { FILES } from '../support/files';
import { anOrg, claimInput, cole, domainError, useServices, type Org, type Services } from '../support/services';

const services = useServices();

const PROOF: DetailsInput = { kind: 'poe', poeKey: 'ad-screenshot', executionDate: '2026-09-10', amount: '0' };
const SOURCE: MessageSource = {
  messageId: '1727704500000',
  link: 'https://teams.microsoft.com/l/message/19:a@thread.tacv2/1727704500000',
  sender: { id: cole.aadObjectId!, name: cole.name },
  conversationId: '19:a@thread.tacv2',
};

function file(name: string, data: Buffer, before?: () => Promise<void>): MessageFile {
  return {
    name,
    open: async () => {
      await before?.();
      return Readable.from([data]);
    },
  };
}

async function stored(s: Services, o: Org, claimId: string) {
  return {
    blobs: (await s.blobs.list(`${o.tenantId}/${claimId}/`)).length,
    events: await s.t.db.collection(COLLECTIONS.events).countDocuments({ claimId }),
    documents: (await s.claims.get(o.user, claimId)).documents?.length ?? 0,
  };
}

describe('DocumentService.fileFromMessage', () => {
  it('when every file passes then each becomes a document with the message as its source, one History event each', async () => {
    const s = services();
    const o = await anOrg(s);
    const claim = (await s.claims.create(o.user, claimInput())).claim;
    const filed = await s.documents.fileFromMessage(
      o.user,
      claim.id,
      claim.version,
      { ...PROOF, note: 'From the channel' },
      [file('ad.png', FILES.png()), file('message-image-1', FILES.jpg())],
      SOURCE,
    );
    expect(filed.documents.map((d) => [d.name, d.file?.contentType, d.note, d.source])).toEqual([
      ['ad.png', 'image/png', 'From the channel', SOURCE],
      ['message-image-1.jpg', 'image/jpeg', 'From the channel', SOURCE],
    ]);
    expect(filed.claim.version).toBe(claim.version + 2);
    expect(filed.claim.fulfilled ?? []).toEqual([]);
    expect(filed.notAdded).toBeUndefined();
    expect(await stored(s, o, claim.id)).toEqual({ blobs: 2, events: 3, documents: 2 });
  });

  it('when the claim is withdrawn while the files download then nothing commits and no blob is left', async () => {
    const s = services();
    const o = await anOrg(s);
    const claim = (await s.claims.create(o.user, claimInput())).claim;
    const err = await domainError(
      s.documents.fileFromMessage(
        o.user,
        claim.id,
        claim.version,
        PROOF,
        [
          file('a.png', FILES.png()),
          file('b.png', FILES.png(), async () => {
            const now = await s.claims.get(o.user, claim.id);
            await s.claims.withdraw(o.admin, claim.id, now.version, 'Wrong quarter');
          }),
        ],
        SOURCE,
      ),
    );
    expect(err).toBeInstanceOf(ClaimNotEditableError);
    expect(await stored(s, o, claim.id)).toEqual({ blobs: 0, events: 2, documents: 0 });
  });

  it('when a later file is refused then the files stored before it are removed again', async () => {
    const s = services();
    const o = await anOrg(s);
    const claim = (await s.claims.create(o.user, claimInput())).claim;
    const err = await domainError(
      s.documents.fileFromMessage(
        o.user,
        claim.id,
        claim.version,
        PROOF,
        [file('a.png', FILES.png()), file('b.pdf', FILES.pdf()), file('c.pdf', FILES.exe())],
        SOURCE,
      ),
    );
    expect(err.code).toBe('UPLOAD.REJECTED');
    expect(err.userMessage).toMatch(/c\.pdf is a \.exe file/);
    expect(await stored(s, o, claim.id)).toEqual({ blobs: 0, events: 1, documents: 0 });
  });

  it('when the download of a file fails then nothing is stored and its error is what the person hears', async () => {
    const s = services();
    const o = await anOrg(s);
    const claim = (await s.claims.create(o.user, claimInput())).claim;
    const broken: MessageFile = {
      name: 'b.png',
      open: () =>
        Promise.reject(new UploadRejectedError("I couldn't download b.png.", 'UPLOAD.ABORTED', 'upstream 500')),
    };
    const err = await domainError(
      s.documents.fileFromMessage(o.user, claim.id, claim.version, PROOF, [file('a.png', FILES.png()), broken], SOURCE),
    );
    expect(err.userMessage).toBe("I couldn't download b.png.");
    expect(await stored(s, o, claim.id)).toEqual({ blobs: 0, events: 1, documents: 0 });
  });

  it('when the claim is withdrawn between two commits then the first document stays and the rest are reported, their blobs removed', async () => {
    const s = services();
    const o = await anOrg(s);
    const claim = (await s.claims.create(o.user, claimInput())).claim;
    // The repository as it is, except that right after the first document commits someone withdraws the claim.
    let commits = 0;
    const racing: ClaimRepository = Object.create(s.claimsRepo, {
      commit: {
        value: async (...args: Parameters<ClaimRepository['commit']>) => {
          const updated = await s.claimsRepo.commit(...args);
          if (args[1].type === 'document.added' && ++commits === 1)
            await s.claims.withdraw(o.admin, claim.id, updated.version, 'Changed our mind');
          return updated;
        },
      },
    }) as ClaimRepository;
    const documents = new DocumentService(
      racing,
      s.claims,
      new MongoStagedUploads(s.t.db),
      s.blobs,
      new StreamingFileChecker(),
      s.requests,
      s.clock,
      { maxBytes: 10_000_000, downloadMinutes: 15, stagedHours: 24 },
    );
    const filed = await documents.fileFromMessage(
      o.user,
      claim.id,
      claim.version,
      PROOF,
      [file('a.png', FILES.png()), file('b.png', FILES.png()), file('c.png', FILES.png())],
      SOURCE,
    );
    expect(filed.documents.map((d) => d.name)).toEqual(['a.png']);
    expect(filed.notAdded?.names).toEqual(['b.png', 'c.png']);
    expect(filed.notAdded?.reason).toBeInstanceOf(ClaimNotEditableError);
    expect(await stored(s, o, claim.id)).toEqual({ blobs: 1, events: 3, documents: 1 });
  });

  it('when a colleague, a stale version or a second invoice file is used then nothing is fetched', async () => {
    const s = services();
    const o = await anOrg(s);
    const claim = (await s.claims.create(o.user, claimInput())).claim;
    let opened = 0;
    const counted = (name: string) => file(name, FILES.pdf(), async () => void opened++);
    const invoice: DetailsInput = {
      kind: 'invoice',
      vendor: 'PrintCo',
      invoiceNumber: '1',
      invoiceDate: '2026-09-02',
      amount: '1.00',
      currency: 'USD',
    };
    const refusals = [
      await domainError(
        s.documents.fileFromMessage(o.colleague, claim.id, claim.version, PROOF, [counted('a')], SOURCE),
      ),
      await domainError(
        s.documents.fileFromMessage(o.user, claim.id, claim.version - 1, PROOF, [counted('a')], SOURCE),
      ),
      await domainError(
        s.documents.fileFromMessage(o.user, claim.id, claim.version, invoice, [counted('a'), counted('b')], SOURCE),
      ),
      await domainError(s.documents.fileFromMessage(o.user, claim.id, claim.version, PROOF, [], SOURCE)),
    ];
    expect(refusals.map((e) => e.code)).toEqual(['AUTH.FORBIDDEN', 'CLAIM.CHANGED', 'INPUT.INVALID', 'UPLOAD.NO_FILE']);
    expect(opened).toBe(0);
  });
});
