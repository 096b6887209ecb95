/**
 * Issue 14.6, retention: original documents are kept 24 months from the activity date (domain.md).
 * Each document shows the day its file may go; removing or replacing a document never deletes it.
 */
import { BlobServiceClient } from '@azure/storage-blob';
import { findAction } from '../support/app';
import { anOrganisation, readable, useBot } from '../support/scene';

describe('documents are kept for 24 months after the activity (issue 14)', () => {
  const bot = useBot();

  async function blobNames(): Promise<string[]> {
    const container = BlobServiceClient.fromConnectionString(
      process.env.TEST_AZURE_STORAGE_CONNECTION_STRING!,
    ).getContainerClient(bot.blobContainer);
    const names: string[] = [];
    for await (const b of container.listBlobsFlat()) names.push(b.name);
    return names;
  }

  const stored = async (claimId: string) =>
    (await bot.app.db.collection('claims').findOne({ _id: claimId as never }))?.documents as Array<{
      id: string;
      poeKey?: string;
      file: { blobName: string };
    }>;

  it('when the documents are listed then each shows its keep-until date, 24 months after the usage period ends', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim(); // 2026-Q3: the period ends 2026-09-30
    await org.addInvoice(claim.claimId, '1200.50');
    const ref = await org.current(claim.claimId);
    const list = await org.press('document.list', { claimId: claim.claimId, version: ref.version });
    expect(readable(list.body.value)).toContain('kept until 2028-09-30');
  });

  it('when a document is replaced and another removed then both old files are still in Blob, and the replacement proves the same PoE item', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim();
    await org.addInvoice(claim.claimId, '1200.50');
    await org.addProof(claim.claimId, 'final-ad');
    const [invoice, proof] = await stored(claim.claimId);
    const before = await blobNames();
    expect(before).toEqual(expect.arrayContaining([invoice!.file.blobName, proof!.file.blobName]));

    // Replace the proof (the form asks nothing about the PoE item: it is the same one).
    await org.replace(
      claim.claimId,
      proof!.id,
      'poe',
      { executionDate: '2026-09-14', amount: '0', reach: '26000' },
      'final-ad-v2.pdf',
    );

    const ref = await org.current(claim.claimId);
    const removed = await org.press('document.remove', {
      claimId: claim.claimId,
      version: ref.version,
      documentId: invoice!.id,
    });
    expect(findAction(removed.body.value, 'claim.comment')).toBeDefined();

    const now = await stored(claim.claimId);
    expect(now.map((d) => d.id)).not.toContain(invoice!.id);
    expect(now.map((d) => d.id)).not.toContain(proof!.id);
    expect(now.find((d) => d.poeKey)?.poeKey).toBe('final-ad');
    const after = await blobNames();
    expect(after).toEqual(expect.arrayContaining([invoice!.file.blobName, proof!.file.blobName]));
    expect(after.length).toBe(before.length + 1);
  });
});
