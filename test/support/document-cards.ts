/**
 * Render cases (realistic and worst case) for the document and upload cards, used by
 * test/unit/cards.test.ts next to the claim core's cases.
 */
import { ACTIVITIES, findActivity, type Activity } from '../../src/domain/activities';
import { claimRow, MAX_PARTICIPANTS, type Claim } from '../../src/domain/claim';
import { MAX_MESSAGE_FILES } from '../../src/domain/document.service';
import { MAX_INFO } from '../../src/domain/claim.service';
import { pictureOf, type ClaimPicture } from '../../src/domain/picture';
import { fieldsFor, MAX_NOTE, type DetailsErrors, type DocumentRecord } from '../../src/domain/document';
import type { UploadGrant, UploadRequest } from '../../src/domain/upload-request';
import { MAX_REQUEST_TEXT } from '../../src/domain/upload-request.service';
import { chooseClaimCard, fileDetailsCard, type MessagePreview } from '../../src/views/add-to-claim.view';
import { claimCard } from '../../src/views/claim.view';
import {
  documentFormCard,
  documentsCard,
  requestCard,
  requestFormCard,
  slotCard,
} from '../../src/views/documents.view';
import type { Card, CardName, CardRenderer } from '../../src/views/render-card';
import { aClaim, aDocument, alice, bob, funds } from './domain-factories';

const NOW = new Date('2026-10-01T09:00:00Z');

function longText(length: number, word = 'Lorem ipsum dolor sit amet, "quoted" & <tagged> text. '): string {
  return word.repeat(Math.ceil(length / word.length)).slice(0, length);
}

function teamsUserId(i: number): string {
  return `29:1${String(i).padStart(3, '0')}GcS4EyB_oSI8A88XmWBN7NJFyMqe3QGnJdgLfFGkJnVelzRGos0bPbpsGKRXbOHarZ7uCRwbSL8gPd6X1zhpGw`;
}

/** The activity with the most PoE items (longest choice lists). */
function mostPoe(): Activity {
  return [...ACTIVITIES].sort((a, b) => b.poe.length - a.poe.length)[0]!;
}

const longName = (i: number) => ({ id: teamsUserId(i), aadObjectId: `aad-${i}`, name: longText(200, 'Maximiliane ') });

function request(claim: Claim, overrides: Partial<UploadRequest> = {}): UploadRequest {
  return {
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    tenantId: claim.tenantId,
    claimId: claim.id,
    claimNumber: claim.number,
    code: 'a1b2c3',
    requester: alice,
    assignee: bob,
    need: { kind: 'invoice' },
    text: 'The printer invoice for the September ad',
    due: '2026-10-05',
    createdAt: NOW,
    ...overrides,
  };
}

function fileDoc(claim: Claim, i: number, worst: boolean): DocumentRecord {
  return {
    ...aDocument({
      claimId: claim.id,
      name: worst ? longText(255) : `invoice-${i}.pdf`,
      note: worst ? longText(MAX_NOTE) : 'Final invoice',
      addedBy: worst ? longName(i) : alice,
    }),
    details: worst
      ? { vendor: longText(200), invoiceNumber: longText(100), invoiceDate: '2026-09-01' }
      : { vendor: 'PrintCo', invoiceNumber: `INV-${i}`, invoiceDate: '2026-09-01' },
    file: {
      blobName: `tenant-a/${claim.id}/x`,
      fileName: 'invoice.pdf',
      size: 1_234_567,
      sha256: 'ab'.repeat(32),
      contentType: 'application/pdf',
      ext: 'pdf',
    },
    ...(worst ? { replaces: 'd0c00000-0000-4000-8000-000000000000' } : {}),
  };
}

function pictureWith(claim: Claim, requests: readonly UploadRequest[]): ClaimPicture {
  return pictureOf({ ...claim, documents: [], requests }, funds(), NOW);
}

export interface DocumentCardCase {
  readonly template: CardName;
  readonly label: string;
  readonly build: () => Card;
}

export function documentCardCases(renderer: CardRenderer): DocumentCardCase[] {
  const claim = aClaim({ id: 'c0ffee00-0000-4000-8000-000000000011', number: 'CLM-000042', version: 4 });
  const poeActivity = mostPoe();
  const worstClaim = aClaim({
    id: 'c0ffee00-0000-4000-8000-000000000012',
    number: 'CLM-999999',
    activityCode: poeActivity.code,
    programCode: 'ABCDEFGHIJKLMNOPQRSTUVWX',
    description: longText(500),
    additionalInfo: longText(MAX_INFO),
    participants: Array.from({ length: MAX_PARTICIPANTS }, (_, i) => teamsUserId(i)),
  });
  const allErrors = (kind: 'invoice' | 'csr' | 'poe' | 'other'): DetailsErrors =>
    Object.fromEntries([...fieldsFor(kind, poeActivity), 'note'].map((f) => [f, longText(200)])) as DetailsErrors;
  const slot: UploadGrant = {
    id: 'slot-1',
    type: 'slot',
    tenantId: 'tenant-a',
    claimId: claim.id,
    person: alice,
    need: { kind: 'invoice' },
    prefill: { kind: 'invoice' },
  };
  const worstRequest = request(worstClaim, {
    requester: longName(1),
    assignee: longName(2),
    need: { kind: 'poe', poeKey: poeActivity.poe[0]!.key },
    text: longText(MAX_REQUEST_TEXT),
  });
  const preview: MessagePreview = {
    sender: 'Cole Colleague',
    text: 'Page 14 of the printed issue, logo visible.',
    files: [
      { key: 'f1', name: 'tear-sheet.pdf', inline: false },
      { key: 'f2', name: 'message-image-1', inline: true },
    ],
  };
  const worstPreview: MessagePreview = {
    sender: longText(200, 'Maximiliane '),
    text: longText(MAX_NOTE, '展示会のブース写真です。ロゴがはっきり見えます。'),
    files: Array.from({ length: MAX_MESSAGE_FILES }, (_, i) => ({
      key: `f${i + 1}`,
      name: longText(200, 'ブース写真 '),
      inline: i % 2 === 1,
    })),
  };
  const manyClaims = Array.from({ length: 50 }, (_, i) =>
    aClaim({
      ...worstClaim,
      id: `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`,
      number: `CLM-${String(900_000 + i)}`,
    }),
  );
  return [
    {
      template: 'add-to-claim',
      label: 'step 1: which claim and what the files are',
      build: () => chooseClaimCard(renderer, { preview, claims: [claimRow(claim)], total: 1 }),
    },
    {
      template: 'add-to-claim',
      label: 'step 2: a PoE item with the message text as note',
      build: () =>
        fileDetailsCard(renderer, {
          preview,
          claim,
          activity: findActivity(claim.activityCode),
          now: NOW,
          kind: 'poe',
          values: { note: preview.text },
        }),
    },
    {
      template: 'add-to-claim',
      label: 'worst case: 50 claims with the longest names, of 400, a long Japanese message with the most files',
      build: () =>
        chooseClaimCard(renderer, {
          preview: worstPreview,
          claims: manyClaims.map(claimRow),
          total: 400,
          banner: { text: longText(300), style: 'attention' },
        }),
    },
    {
      template: 'add-to-claim',
      label: 'worst case: every invoice field in error, the longest note, the most files',
      build: () =>
        fileDetailsCard(renderer, {
          preview: worstPreview,
          claim: worstClaim,
          activity: poeActivity,
          now: NOW,
          kind: 'invoice',
          values: { note: worstPreview.text, vendor: longText(200) },
          errors: { ...allErrors('invoice'), files: longText(200) },
          banner: { text: longText(600), style: 'warning' },
        }),
    },
    {
      template: 'document-form',
      label: 'step 1: which kind',
      build: () => documentFormCard(renderer, { claim, activity: findActivity(claim.activityCode), now: NOW }),
    },
    {
      template: 'document-form',
      label: 'an invoice form',
      build: () =>
        documentFormCard(renderer, {
          claim,
          activity: findActivity(claim.activityCode),
          now: NOW,
          kind: 'invoice',
          values: { vendor: 'PrintCo' },
        }),
    },
    {
      template: 'document-form',
      label:
        'worst case: PoE form of the activity with most items, every field in error, longest note, replacing a document',
      build: () =>
        documentFormCard(renderer, {
          claim: worstClaim,
          activity: poeActivity,
          now: NOW,
          kind: 'poe',
          values: { note: longText(MAX_NOTE), vendor: longText(200), preApprovalId: longText(100) },
          errors: allErrors('poe'),
          replaces: fileDoc(worstClaim, 1, true),
          banner: longText(300),
        }),
    },
    {
      template: 'document-form',
      label: 'worst case: finishing a file sent in chat with every invoice field in error',
      build: () =>
        documentFormCard(renderer, {
          claim: worstClaim,
          activity: poeActivity,
          now: NOW,
          kind: 'invoice',
          values: { note: longText(MAX_NOTE) },
          errors: allErrors('invoice'),
          staged: { id: 'b0b00000-0000-4000-8000-000000000001', fileName: longText(255), need: longText(300) },
          banner: longText(300),
        }),
    },
    {
      template: 'request-form',
      label: 'an empty request form',
      build: () =>
        requestFormCard(renderer, claim, findActivity(claim.activityCode), NOW, {
          assignee: '',
          need: '',
          text: '',
          due: '2026-10-04',
        }),
    },
    {
      template: 'request-form',
      label: 'worst case: every field in error, longest text, activity with most PoE items',
      build: () =>
        requestFormCard(
          renderer,
          worstClaim,
          poeActivity,
          NOW,
          { assignee: 'aad-x', need: 'poe:x', text: longText(MAX_REQUEST_TEXT), due: '2026-10-04' },
          { assignee: longText(200), need: longText(200), text: longText(200), due: longText(200) },
          longText(300),
        ),
    },
    {
      template: 'upload-request',
      label: 'a request in the thread',
      build: () =>
        requestCard(renderer, {
          request: request(claim),
          claim,
          activity: findActivity(claim.activityCode),
          state: 'open',
          showLinkButton: true,
          hint: 'Press Upload.',
        }),
    },
    {
      template: 'upload-request',
      label: 'a done request',
      build: () =>
        requestCard(renderer, {
          request: request(claim),
          claim,
          activity: findActivity(claim.activityCode),
          state: 'done',
          banner: 'Bob uploaded invoice.pdf.',
          bannerStyle: 'good',
        }),
    },
    {
      template: 'upload-request',
      label: 'an upload slot after Add document',
      build: () =>
        slotCard(
          renderer,
          claim,
          findActivity(claim.activityCode),
          slot,
          `https://bot.example.com/upload/${'A'.repeat(43)}`,
          NOW,
        ),
    },
    {
      template: 'upload-request',
      label: 'worst case: longest names, text and link, overdue reminder',
      build: () =>
        requestCard(renderer, {
          request: worstRequest,
          claim: worstClaim,
          activity: poeActivity,
          state: 'overdue',
          uploadUrl: `https://${'b'.repeat(200)}.example.com/upload/${'A'.repeat(43)}`,
          showLinkButton: true,
          banner: longText(300),
          bannerStyle: 'attention',
          hint: longText(300),
        }),
    },
    {
      template: 'documents',
      label: 'two documents',
      build: () =>
        documentsCard(renderer, {
          claim,
          activity: findActivity(claim.activityCode),
          documents: [fileDoc(claim, 1, false), fileDoc(claim, 2, false)],
          page: 0,
          links: new Map([['x', 'https://a']]),
          linkMinutes: 15,
          editable: true,
        }),
    },
    {
      template: 'documents',
      label: 'no documents',
      build: () =>
        documentsCard(renderer, {
          claim,
          activity: findActivity(claim.activityCode),
          documents: [],
          page: 0,
          links: new Map(),
          linkMinutes: 15,
          editable: false,
        }),
    },
    {
      template: 'documents',
      label: 'worst case: a middle page of 200 documents with the longest names, notes and SAS links',
      build: () => {
        const docs = Array.from({ length: 200 }, (_, i) => ({
          ...fileDoc(worstClaim, i, true),
          id: `d0c00000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        }));
        const sas = `https://devstoreaccount1.blob.core.windows.net/claim-documents/tenant-a/${worstClaim.id}/${'c'.repeat(36)}?sv=2025-01-05&spr=https&se=2026-10-01T09%3A15%3A00Z&sr=b&sp=r&rscd=${'d'.repeat(600)}&rsct=application%2Fpdf&sig=${'e'.repeat(60)}`;
        return documentsCard(renderer, {
          claim: worstClaim,
          activity: poeActivity,
          documents: docs,
          page: 5,
          links: new Map(docs.map((d) => [d.id, sas])),
          linkMinutes: 15,
          editable: true,
        });
      },
    },
    {
      template: 'claim',
      label: 'worst case: many requested documents with the longest names and texts',
      build: () => {
        const requests: UploadRequest[] = Array.from({ length: 30 }, (_, i) => ({
          ...worstRequest,
          id: `r-${i}`,
          due: ['2026-10-02', '2026-09-01', '2026-11-01'][i % 3]!,
        }));
        const claim = { ...worstClaim, fulfilled: requests.filter((_, i) => i % 3 === 0).map((r) => r.id) };
        return claimCard(renderer, pictureWith(claim, requests), {
          banner: { text: longText(300), items: Array.from({ length: 10 }, () => longText(200)) },
        });
      },
    },
  ];
}

export const DOCUMENT_TEMPLATES = ['add-to-claim', 'document-form', 'documents', 'request-form', 'upload-request'];
