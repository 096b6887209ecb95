/**
 * Realistic sample data for every card template, rendered through the real view functions
 * (src/views/*.view.ts) and the real templates (cards/*.card.json). One fictional partner claim —
 * a print ad in the Riverside Gazette — seen at the stages people meet it. Used by
 * `npm run cards:preview` for docs/cards/*.png.
 */
import { findActivity } from '../../src/domain/activities';
import { claimRow, overviewKey, type Claim, type ClaimEvent, type Person } from '../../src/domain/claim';
import type { ClaimPicture } from '../../src/domain/picture';
import type { DocumentRecord } from '../../src/domain/document';
import type { OverviewLine } from '../../src/domain/overview.service';
import { claimDeadline, parsePeriod } from '../../src/domain/period';
import type { Program } from '../../src/domain/program';
import { pictureOf } from '../../src/domain/picture';
import type { UploadRequest } from '../../src/domain/upload-request';
import { chooseClaimCard, fileDetailsCard, type MessagePreview } from '../../src/views/add-to-claim.view';
import { claimCard } from '../../src/views/claim.view';
import { documentFormCard, documentsCard, requestCard, requestFormCard } from '../../src/views/documents.view';
import { helpCard, newClaimCard, noticeCard } from '../../src/views/forms.view';
import { historyCard } from '../../src/views/history.view';
import { claimsListCard, overviewCard } from '../../src/views/lists.view';
import type { Card, CardName, CardRenderer } from '../../src/views/render-card';
import { reviewCard } from '../../src/views/review.view';
import { budgetCard } from '../../src/views/budget.view';
import { rolesCard } from '../../src/views/roles.view';
import type { HelpLine } from './app-package';

export interface CardSample {
  /** PNG file name under docs/cards/ (without .png). */
  readonly file: string;
  readonly template: CardName;
  /** Caption in the README snippet. */
  readonly title: string;
  readonly card: Card;
}

/**
 * The help lines docs/cards/help.png shows. test/unit/card-samples.test.ts fails when the bot's
 * help (src/bot/registry.ts) says something else: copy its lines here and run `npm run cards:preview`.
 */
export const PREVIEW_HELP_LINES: readonly HelpLine[] = [
  { usage: 'help', text: 'This list of commands.' },
  { usage: 'new claim', text: 'Start a co-op claim: a form for program, activity, location, usage period and amount.' },
  {
    usage: 'claims [mine] [PROGRAM] [PERIOD] [status]',
    text: "List this organisation's claims (or yours), e.g. `claims submitted` or `claims ADD-PC 2026-Q4 in review`.",
  },
  { usage: 'claim CLM-000123', text: "Post that claim's current card here." },
  {
    usage: 'overview',
    text: 'Per program and usage period: claims by status, funds claimed, approved, paid, earned and remaining, with totals.',
  },
  {
    usage: 'budget PROGRAM PERIOD',
    text: 'What can we still claim? Earned, approved, pending, remaining, and the headroom of each capped activity.',
  },
  {
    usage: 'queue',
    text: 'Reviewers: claims waiting for review, oldest first, with days waiting; overdue disputes flagged.',
  },
  {
    usage: 'review channel here',
    text: 'Admins: make this channel the review channel — submitted claims arrive here as review cards.',
    menu: false,
  },
  { usage: 'review CLM-000123', text: "Reviewers: post that claim's review card here." },
  {
    usage: 'verify CLM-000123',
    text: "Reviewers and admins: check that claim's History against its hash chain (nothing changed, removed or inserted).",
    menu: false,
  },
  {
    usage: 'funds PROGRAM PERIOD AMOUNT [CURRENCY]',
    text: 'Admins: set the earned funds of a program for a usage period (creates the program; its first funds fix its currency and period length).',
    menu: false,
  },
  {
    usage: 'rate CURRENCY PER-USD',
    text: 'Admins: set the exchange rate USD caps use in another currency, e.g. `rate EUR 0.92` (1 USD = 0.92 EUR). `rates` lists them.',
    menu: false,
  },
  { usage: 'users here', text: 'Admins: make every member of this team or chat an incentives user.', menu: false },
  {
    usage: 'user @person / reviewer @person / admin @person',
    text: 'Admins: make people incentives users, reviewers or incentives admins.',
    menu: false,
  },
  { usage: 'revoke ROLE @person', text: 'Admins: take a role back (user, reviewer or admin).', menu: false },
  { usage: 'roles', text: 'Admins: who holds which role, and the latest grants and revokes.', menu: false },
  {
    usage: 'export',
    text: "Admins: a link (in your 1:1 chat with me; it works once, for 15 minutes) to download this organisation's claims as CSV.",
    menu: false,
  },
  {
    usage: 'reminders run',
    text: 'Admins: send due reminders now and expire drafts past their deadline (the bot also does this on a timer).',
    menu: false,
  },
];

const NOW = new Date('2026-10-06T09:30:00Z');
const TENANT = '5f1e2d3c-4b5a-4697-8877-665544332211';
const dana: Person = {
  id: '29:dana-partner',
  aadObjectId: '7c1d2e3f-0000-4000-8000-000000000001',
  name: 'Dana Partner',
};
const casey: Person = {
  id: '29:casey-colleague',
  aadObjectId: '7c1d2e3f-0000-4000-8000-000000000003',
  name: 'Casey Colleague',
};
const riley: Person = {
  id: '29:riley-reviewer',
  aadObjectId: '7c1d2e3f-0000-4000-8000-000000000002',
  name: 'Riley Reviewer',
};

const Q3 = parsePeriod('2026-Q3')!;
const EARNED = 5_000_000;

function claim(overrides: Partial<Claim> = {}): Claim {
  const status = overrides.status ?? 'Editing';
  const base: Claim = {
    id: 'c0ffee00-0000-4000-8000-000000000042',
    tenantId: TENANT,
    number: 'CLM-000042',
    programCode: 'ADD-PC',
    activityCode: 'print-advertising',
    location: 'US',
    period: Q3,
    description: 'Quarter-page ad in the Riverside Gazette, September business issue.',
    claimedMinor: 120_050,
    approvedMinor: 0,
    currency: 'USD',
    status,
    version: 4,
    metrics: {},
    additionalInfo: '',
    deadline: claimDeadline(Q3),
    createdBy: dana,
    createdAt: new Date('2026-10-02T08:15:00Z'),
    updatedAt: new Date('2026-10-06T09:12:00Z'),
    participants: [dana.id, casey.id],
    overviewKey: overviewKey('ADD-PC', Q3.code, status),
    commentCount: 1,
    documents: [invoice],
    requests: [],
  };
  return { ...base, ...overrides };
}

const invoice: DocumentRecord = {
  id: 'd0c00000-0000-4000-8000-000000000001',
  tenantId: TENANT,
  claimId: 'c0ffee00-0000-4000-8000-000000000042',
  kind: 'invoice',
  name: 'gazette-invoice-2026-0917.pdf',
  note: 'Final invoice, paid on 20 September.',
  amountMinor: 120_050,
  currency: 'USD',
  addedBy: casey,
  addedAt: new Date('2026-10-03T14:02:00Z'),
  details: { vendor: 'Riverside Gazette', invoiceNumber: 'RG-2026-0917', invoiceDate: '2026-09-17' },
  file: {
    blobName: `${TENANT}/c0ffee00/1`,
    fileName: 'gazette-invoice-2026-0917.pdf',
    size: 248_311,
    sha256: 'ab'.repeat(32),
    contentType: 'application/pdf',
    ext: 'pdf',
  },
};

const tearSheet: DocumentRecord = {
  ...invoice,
  id: 'd0c00000-0000-4000-8000-000000000002',
  kind: 'poe',
  poeKey: 'final-ad',
  name: 'gazette-tear-sheet.jpg',
  note: 'Page 14 of the printed issue.',
  amountMinor: 0,
  addedBy: dana,
  details: { executionDate: '2026-09-12' },
  file: {
    ...invoice.file!,
    fileName: 'gazette-tear-sheet.jpg',
    size: 1_804_220,
    contentType: 'image/jpeg',
    ext: 'jpg',
  },
};

const request: UploadRequest = {
  id: 'a1b2c3d4-0000-4000-8000-000000000001',
  tenantId: TENANT,
  claimId: 'c0ffee00-0000-4000-8000-000000000042',
  claimNumber: 'CLM-000042',
  code: 'k7m2p9',
  requester: dana,
  assignee: casey,
  need: { kind: 'poe', poeKey: 'final-ad' },
  text: 'A photo or scan of page 14 of the printed September issue, with our logo visible.',
  due: '2026-10-09',
  createdAt: new Date('2026-10-06T09:10:00Z'),
};

function picture(
  c: Claim,
  documents: readonly DocumentRecord[],
  requests: readonly UploadRequest[] = [],
): ClaimPicture {
  const funds = { earnedMinor: EARNED, usedByOthersMinor: 1_250_000, activityUsedByOthersMinor: 0 };
  const withDocs = { ...c, documents, requests };
  return pictureOf(withDocs, funds, NOW);
}

const adPc: Program = {
  tenantId: TENANT,
  code: 'ADD-PC',
  name: 'ADD-PC',
  currency: 'USD',
  granularity: 'quarter',
  periods: [{ period: Q3, earnedMinor: EARNED }],
};
const adPcChoice = { program: adPc, periods: [Q3] };

function events(c: Claim): ClaimEvent[] {
  const e = (
    seq: number,
    type: ClaimEvent['type'],
    actor: Person,
    at: string,
    data: Record<string, unknown>,
  ): ClaimEvent => ({ claimId: c.id, tenantId: c.tenantId, seq, type, actor, at: new Date(at), data, set: {} });
  return [
    e(4, 'claim.commented', dana, '2026-10-06T09:12:00Z', {
      text: 'Casey, can you add the tear sheet? The invoice is in.',
    }),
    e(3, 'document.added', casey, '2026-10-03T14:02:00Z', {
      document: { kind: 'invoice', name: invoice.name, note: invoice.note },
    }),
    e(2, 'claim.metrics.updated', dana, '2026-10-02T08:40:00Z', { changed: { estimatedReach: 42_000 } }),
    e(1, 'claim.created', dana, '2026-10-02T08:15:00Z', {}),
  ];
}

/** The message Casey posted in the team's channel, as "Add to claim" shows it. */
const caseyMessage: MessagePreview = {
  sender: casey.name,
  text: 'The tear sheet from the Gazette: page 14 of the September business issue, our logo and the Surface offer are on it.',
  files: [
    { key: 'f1', name: 'gazette-tear-sheet.jpg', inline: false },
    { key: 'f2', name: 'message-image-1', inline: true },
  ],
};

export function cardSamples(renderer: CardRenderer): CardSample[] {
  const editing = claim({ metrics: { estimatedReach: 42_000 } });
  const editingPicture = picture(editing, [invoice], [request]);
  const refused = picture(claim(), [invoice]);
  const submitted = claim({
    status: 'InReview',
    version: 7,
    metrics: { estimatedReach: 42_000 },
    submittedAt: new Date('2026-10-05T16:45:00Z'),
    firstSubmittedAt: new Date('2026-10-05T16:45:00Z'),
    participants: [dana.id, casey.id, riley.id],
  });
  const activity = findActivity(editing.activityCode);
  const list = [
    claim({ number: 'CLM-000042', status: 'Editing' }),
    claim({ number: 'CLM-000041', status: 'InReview', activityCode: 'digital-advertising', claimedMinor: 480_000 }),
    claim({ number: 'CLM-000038', status: 'ActionRequired', activityCode: 'direct-mail', claimedMinor: 215_000 }),
    claim({
      number: 'CLM-000031',
      status: 'Approved',
      claimedMinor: 99_000,
      approvedMinor: 99_000,
      period: parsePeriod('2026-Q2')!,
    }),
  ];
  const overview: OverviewLine[] = [
    {
      programCode: 'ADD-PC',
      periodCode: '2026-Q3',
      currency: 'USD',
      counts: { Editing: 1, InReview: 1, ActionRequired: 1 },
      total: 3,
      claimedMinor: 815_050,
      approvedMinor: 0,
      paidMinor: 0,
      earnedMinor: EARNED,
      remainingMinor: EARNED - 815_050,
    },
    {
      programCode: 'ADD-PC',
      periodCode: '2026-Q2',
      currency: 'USD',
      counts: { Approved: 1, Paid: 4 },
      total: 5,
      claimedMinor: 0,
      approvedMinor: 1_340_000,
      paidMinor: 1_100_000,
      earnedMinor: 4_000_000,
      remainingMinor: 2_660_000,
    },
  ];

  return [
    {
      file: 'help',
      template: 'help',
      title: 'Help — every command (`help`, and the welcome card)',
      card: helpCard(renderer, PREVIEW_HELP_LINES),
    },
    {
      file: 'new-claim',
      template: 'new-claim',
      title: 'New claim form (`new claim`)',
      card: newClaimCard(renderer, [adPcChoice]),
    },
    {
      file: 'new-claim-errors',
      template: 'new-claim',
      title: 'New claim form sent back with field errors',
      card: newClaimCard(
        renderer,
        [adPcChoice],
        {
          program: 'ADD-PC',
          activity: 'print-advertising',
          location: 'US',
          period: '2026-Q9',
          amount: '1.200,50',
          currency: 'USD',
          description: 'Gazette ad',
        },
        {
          period: 'Choose a usage period.',
          amount: 'Enter an amount such as 1250.00 (digits, at most 2 decimals).',
        },
        'Please fix the fields marked below — nothing was created yet.',
      ),
    },
    {
      file: 'claim',
      template: 'claim',
      title: 'Claim card — editing, checklist, an open upload request',
      card: claimCard(renderer, editingPicture, {
        banner: { text: 'Comment posted. It is in the claim History.', style: 'good' },
      }),
    },
    {
      file: 'claim-submit-refused',
      template: 'claim',
      title: 'Claim card — Submit refused, listing what is missing',
      card: claimCard(renderer, refused, {
        banner: {
          text: `CLM-000042 can't be submitted yet: ${refused.readiness.failing.length} item(s) need attention.`,
          items: refused.readiness.failing.map((i) => `${i.label} — ${i.detail}`),
          style: 'attention',
        },
      }),
    },
    {
      file: 'history',
      template: 'history',
      title: 'History (append-only, newest first)',
      card: historyCard(renderer, editing, { items: events(editing), total: 4 }, 0, 1),
    },
    {
      file: 'claims-list',
      template: 'claims-list',
      title: 'Claims list (`claims`)',
      card: claimsListCard(renderer, { items: list.map(claimRow), total: list.length }, 0, 10, { mine: false }),
    },
    {
      file: 'overview',
      template: 'overview',
      title: 'Overview (`overview`)',
      card: overviewCard(renderer, overview, [], NOW),
    },
    {
      file: 'review',
      template: 'review',
      title: 'Review card in the review channel',
      card: reviewCard(renderer, picture(submitted, [invoice, tearSheet])),
    },
    {
      file: 'document-form',
      template: 'document-form',
      title: 'Add document — choose the kind',
      card: documentFormCard(renderer, { claim: editing, activity, now: NOW }),
    },
    {
      file: 'document-form-invoice',
      template: 'document-form',
      title: 'Add document — invoice details',
      card: documentFormCard(renderer, {
        claim: editing,
        activity,
        now: NOW,
        kind: 'invoice',
        values: {
          vendor: 'Riverside Gazette',
          invoiceNumber: 'RG-2026-0917',
          invoiceDate: '2026-09-17',
          amount: '1200.50',
          currency: 'USD',
        },
      }),
    },
    {
      file: 'add-to-claim',
      template: 'add-to-claim',
      title: 'Add to claim (on any message) — choose the claim',
      card: chooseClaimCard(renderer, {
        preview: caseyMessage,
        claims: [
          editing,
          claim({
            id: 'c0ffee00-0000-4000-8000-000000000038',
            number: 'CLM-000038',
            activityCode: 'direct-mail',
            status: 'ActionRequired',
          }),
        ].map(claimRow),
        total: 2,
        values: { claimId: editing.id, kind: 'poe' },
      }),
    },
    {
      file: 'add-to-claim-details',
      template: 'add-to-claim',
      title: 'Add to claim — the proof, the message text as its note',
      card: fileDetailsCard(renderer, {
        preview: caseyMessage,
        claim: editing,
        activity,
        now: NOW,
        kind: 'poe',
        values: {
          poeKey: 'final-ad',
          executionDate: '2026-09-12',
          amount: '0',
          reach: '42000',
          note: caseyMessage.text,
        },
      }),
    },
    {
      file: 'request-form',
      template: 'request-form',
      title: 'Request upload — ask a colleague for proof',
      card: requestFormCard(renderer, editing, activity, NOW, {
        assignee: casey.id,
        need: 'poe:final-ad',
        text: request.text,
        due: request.due,
      }),
    },
    {
      file: 'upload-request',
      template: 'upload-request',
      title: 'Upload request, as the colleague sees it',
      card: requestCard(renderer, {
        request,
        claim: editing,
        activity,
        state: 'open',
        uploadUrl: 'https://claims.contoso.com/upload/3q2-example-token',
        showLinkButton: false,
        hint: 'Or send the file to me in a 1:1 chat with #k7m2p9 in the message.',
      }),
    },
    {
      file: 'documents',
      template: 'documents',
      title: 'Documents of a claim, with download links',
      card: documentsCard(renderer, {
        claim: submitted,
        activity,
        documents: [invoice, tearSheet],
        page: 0,
        links: new Map([
          [invoice.id, 'https://claims.contoso.com/download/example-1'],
          [tearSheet.id, 'https://claims.contoso.com/download/example-2'],
        ]),
        linkMinutes: 15,
        editable: false,
      }),
    },
    {
      file: 'budget',
      template: 'budget',
      title: 'Budget (`budget ADD-PC 2026-Q3`)',
      card: budgetCard(
        renderer,
        {
          key: { tenantId: TENANT, programCode: 'ADD-PC', periodCode: '2026-Q3' },
          currency: 'USD',
          earnedMinor: EARNED,
          approvedMinor: 99_000,
          pendingMinor: 695_000,
          remainingMinor: EARNED - 99_000 - 695_000,
          caps: [
            {
              activity: findActivity('syndicated-content')!,
              limitMinor: 1_875_000,
              usedMinor: 0,
              headroomMinor: 1_875_000,
            },
            {
              activity: findActivity('customer-offers')!,
              limitMinor: EARNED / 4,
              usedMinor: EARNED / 4,
              headroomMinor: 0,
            },
          ],
        },
        NOW,
      ),
    },
    {
      file: 'roles',
      template: 'roles',
      title: 'Roles (`roles`)',
      card: rolesCard(renderer, {
        configured: { objectIds: [dana.aadObjectId!], signInNames: [], firstPersonIsAdmin: false },
        byRole: {
          admin: [{ tenantId: TENANT, userId: dana.id, name: dana.name, roles: ['admin'] }],
          user: [
            { tenantId: TENANT, userId: dana.id, name: dana.name, roles: ['admin', 'user'] },
            { tenantId: TENANT, userId: casey.id, name: casey.name, roles: ['user'] },
          ],
          reviewer: [{ tenantId: TENANT, userId: riley.id, name: riley.name, roles: ['reviewer'] }],
        },
        history: [
          {
            tenantId: TENANT,
            userId: riley.id,
            name: riley.name,
            role: 'reviewer',
            action: 'grant',
            by: dana,
            at: NOW,
          },
          {
            tenantId: TENANT,
            userId: casey.id,
            name: casey.name,
            role: 'user',
            action: 'grant',
            by: dana,
            at: new Date('2026-10-01T08:00:00Z'),
          },
        ],
      }),
    },
    {
      file: 'link',
      template: 'link',
      title: 'Link card (`export`)',
      card: renderer.render('link', {
        title: 'Claims export is ready',
        text: 'CSV of every claim in this organisation. The link works until 2026-10-06 09:45 UTC.',
        button: 'Download CSV',
        url: 'https://claims.contoso.com/exports/example-token',
      }),
    },
    {
      file: 'notice',
      template: 'notice',
      title: 'Notice (e.g. an apology with a reference)',
      card: noticeCard(
        renderer,
        'Sorry',
        'Something went wrong on my side and nothing was changed. If it keeps happening, give your admin this reference.',
        'Attention',
        'act-7f3a9c',
      ),
    },
  ];
}
