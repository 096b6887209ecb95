import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIVITIES, type Activity } from '../../src/domain/activities';
import { claimRow, MAX_PARTICIPANTS, type Claim, type ClaimDocument, type ClaimEvent } from '../../src/domain/claim';
import { MAX_COMMENT, MAX_INFO, type FieldErrors, type ProgramChoice } from '../../src/domain/claim.service';
import { pictureOf, type ClaimPicture } from '../../src/domain/picture';
import type { OverviewLine, OverviewTotal } from '../../src/domain/overview.service';
import type { Page } from '../../src/domain/ports';
import type { Program } from '../../src/domain/program';
import { STATUSES, type ClaimStatus } from '../../src/domain/status';
import { claimCard, claimCardData, type Banner } from '../../src/views/claim.view';
import { helpCard, newClaimCard, noticeCard } from '../../src/views/forms.view';
import { historyCard } from '../../src/views/history.view';
import { budgetCard } from '../../src/views/budget.view';
import { rolesCard } from '../../src/views/roles.view';
import type { Budget } from '../../src/domain/funds.service';
import type { RolesOverview } from '../../src/domain/member.service';
import { claimsListCard, overviewCard } from '../../src/views/lists.view';
import { reviewCard } from '../../src/views/review.view';
import { CardRenderer, findUnresolved, MAX_CARD_BYTES, type Card, type CardName } from '../../src/views/render-card';
import {
  aClaim,
  aDocument,
  alice,
  bob,
  completeDocuments,
  completeMetrics,
  funds,
  period,
} from '../support/domain-factories';
import { documentCardCases, DOCUMENT_TEMPLATES } from '../support/document-cards';

const renderer = new CardRenderer();
const NOW = new Date('2026-10-01T09:00:00Z');

/** The verbs the bot handles: one src/bot/actions/<verb>.action.ts per verb (design.md). */
const KNOWN_VERBS = new Set(
  readdirSync(join(__dirname, '..', '..', 'src', 'bot', 'actions'))
    .filter((f) => f.endsWith('.action.ts'))
    .map((f) => f.replace(/\.action\.ts$/, '')),
);

/** Text as long as the form allows, free of `${` (the templating never expands user text). */
function longText(length: number, word = 'Lorem ipsum dolor sit amet, "quoted" & <tagged> text. '): string {
  return word.repeat(Math.ceil(length / word.length)).slice(0, length);
}

/** Teams user ids are long (29: followed by ~90 characters). */
function teamsUserId(i: number): string {
  return `29:1${String(i).padStart(3, '0')}GcS4EyB_oSI8A88XmWBN7NJFyMqe3QGnJdgLfFGkJnVelzRGos0bPbpsGKRXbOHarZ7uCRwbSL8gPd6X1zhpGw`;
}

function picture(
  claim: Claim,
  documents: readonly ClaimDocument[],
  earnedMinor: number | undefined = 10_000_000,
): ClaimPicture {
  return pictureOf({ ...claim, documents }, funds({ earnedMinor }), NOW);
}

/** The activity whose checklist is longest: most PoE items and metrics, plus its cap and eligibility checks. */
function mostDemandingActivity(): Activity {
  const weight = (a: Activity) => a.poe.length + a.metrics.length + (a.cap ? 1 : 0) + (a.notEligiblePrograms ? 1 : 0);
  return [...ACTIVITIES].sort((a, b) => weight(b) - weight(a))[0]!;
}

function walk(node: unknown, visit: (obj: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    Object.values(node).forEach((v) => walk(v, visit));
  }
}

function executeActions(card: Card): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  walk(card, (o) => {
    if (o.type === 'Action.Execute') out.push(o);
  });
  return out;
}

function actionTitles(card: Card): string[] {
  return ((card.actions as Array<{ title?: string }> | undefined) ?? []).map((a) => a.title ?? '');
}

function expectSoundCard(card: Card): void {
  expect(findUnresolved(card)).toBeUndefined();
  expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(MAX_CARD_BYTES);
  expect(card.type).toBe('AdaptiveCard');
  expect(card.version).toBe('1.5');
  // Cards nested in Action.ShowCard are Adaptive Cards 1.5 too.
  walk(card.actions, (o) => {
    if (o.type === 'AdaptiveCard') expect(o.version).toBe('1.5');
  });
  for (const action of executeActions(card)) {
    expect(typeof action.verb).toBe('string');
    expect(KNOWN_VERBS.has(action.verb as string)).toBe(true);
  }
}

// ---- data ---------------------------------------------------------------------------------------

function realisticClaim(overrides: Partial<Claim> = {}): Claim {
  return aClaim({
    id: 'c0ffee00-0000-4000-8000-000000000001',
    number: 'CLM-000042',
    version: 3,
    commentCount: 2,
    ...overrides,
  });
}

function worstClaim(status: ClaimStatus = 'Editing'): Claim {
  const activity = mostDemandingActivity();
  return aClaim({
    id: 'c0ffee00-0000-4000-8000-000000000002',
    number: 'CLM-999999',
    activityCode: activity.code,
    programCode: 'ABCDEFGHIJKLMNOPQRSTUVWX',
    status,
    claimedMinor: 999_999_999_999_900,
    approvedMinor: status === 'Approved' || status === 'Paid' ? 999_999_999_999_900 : 0,
    description: longText(500),
    additionalInfo: longText(MAX_INFO),
    metrics: Object.fromEntries(
      activity.metrics.map((m) => [m.key, m.kind === 'integer' ? 999_999_999_999 : longText(500)]),
    ),
    participants: Array.from({ length: MAX_PARTICIPANTS }, (_, i) => teamsUserId(i)),
    createdBy: { id: teamsUserId(999), name: longText(120, 'Maximiliane ') },
    commentCount: 12_345,
  });
}

function worstBanner(p: ClaimPicture): Banner {
  return {
    text: `${p.claim.number} can't be submitted yet: ${p.readiness.failing.length} item(s) need attention.`,
    items: p.readiness.failing.map((i) => `${i.label}: ${i.detail}`),
    style: 'attention',
  };
}

function events(count: number, text: string, claim: Claim): ClaimEvent[] {
  const types: ClaimEvent['type'][] = [
    'claim.commented',
    'document.added',
    'claim.metrics.updated',
    'claim.info.updated',
    'claim.submitted',
    'claim.created',
  ];
  return Array.from({ length: count }, (_, i) => {
    const type = types[i % types.length]!;
    const data: Record<string, unknown> =
      type === 'claim.commented' || type === 'claim.info.updated'
        ? { text }
        : type === 'document.added'
          ? { document: aDocument({ name: longText(255), note: text }) }
          : type === 'claim.metrics.updated'
            ? { changed: { estimatedReach: 12_000, resultsSummary: text, attendees: null } }
            : type === 'claim.submitted'
              ? { from: 'Editing', to: 'Submitted', claimedMinor: claim.claimedMinor }
              : {};
    return {
      claimId: claim.id,
      tenantId: claim.tenantId,
      seq: count - i,
      type,
      actor: { id: teamsUserId(i), name: longText(120, 'Bartholomew ') },
      at: new Date(NOW.getTime() - i * 60_000),
      data,
      set: {},
    };
  });
}

function listClaims(count: number): Claim[] {
  return Array.from({ length: count }, (_, i) =>
    aClaim({
      number: `CLM-${String(999_990 + i).padStart(6, '0')}`,
      activityCode: ACTIVITIES[i % ACTIVITIES.length]!.code,
      programCode: 'ABCDEFGHIJKLMNOPQRSTUVWX',
      period: period('2026-Q3'),
      status: STATUSES[i % STATUSES.length]!,
      claimedMinor: 999_999_999_999_900,
    }),
  );
}

function overviewLines(count: number): OverviewLine[] {
  return Array.from({ length: count }, (_, i) => ({
    programCode: `PROGRAM-WITH-LONG-CODE${String(i).padStart(2, '0')}`.slice(0, 24),
    periodCode: `2026-${String((i % 12) + 1).padStart(2, '0')}`,
    currency: 'USD',
    counts: Object.fromEntries(STATUSES.map((s) => [s, 999])) as Record<ClaimStatus, number>,
    total: 999 * STATUSES.length,
    claimedMinor: 999_999_999_999_900,
    approvedMinor: 999_999_999_999_900,
    paidMinor: 999_999_999_999_900,
    earnedMinor: i % 3 === 0 ? undefined : 999_999_999_999_900,
    remainingMinor: i % 3 === 0 ? undefined : -5,
  }));
}

function programs(count: number): ProgramChoice[] {
  return Array.from({ length: count }, (_, i): ProgramChoice => {
    const program: Program = {
      tenantId: 'tenant-a',
      code: `PROGRAM-${String(i).padStart(16, '0')}`,
      name: 'x',
      currency: i % 2 ? 'EUR' : 'USD',
      granularity: i % 3 === 0 ? 'month' : 'quarter',
      periods: [{ period: period('2026-Q3'), earnedMinor: 5_000_000 }],
    };
    return {
      program,
      periods:
        i % 3 === 0
          ? [period('2026-10'), period('2026-09'), period('2026-08')]
          : [period('2026-Q4'), period('2026-Q3')],
    };
  });
}

function totalsOf(lines: readonly OverviewLine[]): OverviewTotal[] {
  return [...new Set(lines.map((l) => l.currency))].map((currency) => ({
    currency,
    total: 999_999,
    claimedMinor: 999_999_999_999_900,
    approvedMinor: 999_999_999_999_900,
    paidMinor: 999_999_999_999_900,
    earnedMinor: 999_999_999_999_900,
    remainingMinor: 999_999_999_999_900,
  }));
}

const ALL_FIELD_ERRORS: Required<FieldErrors> = {
  program: 'There is no program ABCDEFGHIJKLMNOPQRSTUVWX in this organisation.',
  activity: 'Choose an activity from the list.',
  location: 'Choose a country or region from the list.',
  period:
    '"2026-Q9xxxxxxxxxxxxx" is not a usage period: enter a usage period such as 2026-Q3, 2026-H1, 2026-07 or 2026.',
  amount: 'Enter an amount such as 1250.00 (digits, at most 2 decimals).',
  currency: 'ABCDEFGHIJKLMNOPQRSTUVWX is paid in USD; claim in USD.',
  description: 'Describe the activity in a sentence.',
};

const HELP_LINES = [
  { usage: 'new claim', text: 'Start a co-op claim: a form for program, activity, location, period and amount.' },
  { usage: 'claims [mine] [status]', text: "List this organisation's claims, or yours, filtered by status." },
  { usage: 'claim CLM-000123', text: 'Show one claim card.' },
  { usage: 'overview', text: 'Funds per program and usage period.' },
  { usage: 'funds <program> <period> <amount> [currency]', text: 'Admins: record earned funds.' },
  { usage: 'help', text: 'This list.' },
];

// ---- cases --------------------------------------------------------------------------------------

interface RenderCase {
  readonly template: CardName;
  readonly label: string;
  readonly build: () => Card;
}

const claimRealistic = realisticClaim();
const claimWorst = worstClaim();

function aBudget(capped: number): Budget {
  const capActivities = ACTIVITIES.filter((a) => a.cap).slice(0, capped);
  return {
    key: { tenantId: 'tenant-a', programCode: 'ABCDEFGHIJKLMNOPQRSTUVWX', periodCode: '2026-Q3' },
    currency: 'EUR',
    earnedMinor: 999_999_999_999_900,
    approvedMinor: 999_999_999_999_900,
    pendingMinor: 999_999_999_999_900,
    remainingMinor: -1,
    caps: capActivities.map((activity, i) => ({
      activity,
      limitMinor: i === 0 ? undefined : 999_999_999_999_900,
      usedMinor: 999_999_999_999_900,
      headroomMinor: i === 0 ? undefined : 0,
    })),
    usdRate: { currency: 'EUR', perUsdMicro: 920_000, setOn: '2026-09-30' },
  };
}

function aRolesOverview(people: number): RolesOverview {
  const member = (i: number) => ({
    tenantId: 'tenant-a',
    userId: teamsUserId(i),
    name: longText(120, 'Maximiliane '),
    roles: [],
  });
  const many = Array.from({ length: people }, (_, i) => member(i));
  return {
    byRole: { admin: many, user: many, reviewer: many },
    configured: {
      objectIds: ['7c1d2e3f-0000-4000-8000-000000000001'],
      signInNames: ['ann@contoso.com'],
      firstPersonIsAdmin: false,
    },
    history: Array.from({ length: 10 }, (_, i) => ({
      tenantId: 'tenant-a',
      userId: teamsUserId(i),
      name: longText(120, 'Maximiliane '),
      role: 'reviewer' as const,
      action: i % 2 ? ('grant' as const) : ('revoke' as const),
      by: alice,
      at: NOW,
    })),
  };
}

const CASES: RenderCase[] = [
  { template: 'budget', label: 'a program with capped activities', build: () => budgetCard(renderer, aBudget(3), NOW) },
  {
    template: 'budget',
    label: 'worst case: every capped activity, a missing rate, the longest program code',
    build: () => budgetCard(renderer, aBudget(99), NOW),
  },
  { template: 'roles', label: 'a few people', build: () => rolesCard(renderer, aRolesOverview(3)) },
  {
    template: 'roles',
    label: 'worst case: 500 people per role with the longest names',
    build: () => rolesCard(renderer, aRolesOverview(500)),
  },
  {
    template: 'claim',
    label: 'a new claim without documents',
    build: () => claimCard(renderer, picture(claimRealistic, [])),
  },
  {
    template: 'claim',
    label: 'a ready claim',
    build: () => {
      const ready = realisticClaim({ metrics: completeMetrics('print-advertising') });
      const p = picture(ready, completeDocuments(ready));
      expect(p.readiness.ready).toBe(true);
      return claimCard(renderer, p);
    },
  },
  {
    template: 'claim',
    label: 'a submitted claim with a success banner',
    build: () =>
      claimCard(renderer, picture(realisticClaim({ status: 'Submitted' }), completeDocuments(claimRealistic)), {
        banner: { text: 'Submitted.', style: 'good' },
      }),
  },
  ...STATUSES.map((status) => ({
    template: 'claim' as const,
    label: `a ${status} claim`,
    build: () =>
      claimCard(renderer, picture(realisticClaim({ status, approvedMinor: status === 'Approved' ? 50_000 : 0 }), [])),
  })),
  {
    template: 'claim',
    label: 'a claim whose earned funds are not set and whose deadline passed',
    build: () =>
      claimCard(renderer, { ...picture(claimRealistic, [], undefined), now: new Date('2027-03-01T00:00:00Z') }),
  },
  {
    template: 'claim',
    label:
      'worst case: longest checklist, 500-char description, longest info, 60 participants, banner listing every failing item',
    build: () => {
      const p = picture(claimWorst, [], undefined);
      return claimCard(renderer, p, { banner: worstBanner(p) });
    },
  },
  {
    template: 'claim',
    label: 'worst case with every document attached (many documents)',
    build: () => {
      const docs = [
        ...completeDocuments(claimWorst),
        ...Array.from({ length: 200 }, () => aDocument({ name: longText(255), note: longText(1000) })),
      ];
      return claimCard(renderer, picture(claimWorst, docs));
    },
  },
  {
    template: 'history',
    label: 'three entries',
    build: () =>
      historyCard(
        renderer,
        claimRealistic,
        { items: events(3, 'Looks good, adding the invoice tomorrow.', claimRealistic), total: 3 },
        0,
        1,
      ),
  },
  {
    template: 'history',
    label: 'no entries',
    build: () => historyCard(renderer, claimRealistic, { items: [], total: 0 }, 0, 1),
  },
  {
    template: 'history',
    label: 'worst case: a middle page of 10 entries with 2000-char comments',
    build: () =>
      historyCard(
        renderer,
        claimWorst,
        { items: events(10, longText(MAX_COMMENT), claimWorst), total: 9_999 } satisfies Page<ClaimEvent>,
        5,
        1_000,
      ),
  },
  {
    template: 'claims-list',
    label: 'three claims',
    build: () => claimsListCard(renderer, { items: listClaims(3).map(claimRow), total: 3 }, 0, 10, { mine: false }),
  },
  {
    template: 'claims-list',
    label: 'no claims in a status',
    build: () => claimsListCard(renderer, { items: [], total: 0 }, 0, 10, { status: 'Submitted', mine: true }),
  },
  {
    template: 'claims-list',
    label: 'worst case: 10 rows on a middle page',
    build: () =>
      claimsListCard(renderer, { items: listClaims(10).map(claimRow), total: 9_999 }, 3, 10, {
        status: 'ActionRequired',
        mine: true,
        program: 'ABCDEFGHIJKLMNOPQRSTUVWX',
        period: '2026-Q3',
      }),
  },
  { template: 'overview', label: 'two lines', build: () => overviewCard(renderer, overviewLines(2), [], NOW) },
  { template: 'overview', label: 'no lines', build: () => overviewCard(renderer, [], [], NOW) },
  {
    template: 'overview',
    label: 'worst case: 20 lines with every status',
    build: () => overviewCard(renderer, overviewLines(20), totalsOf(overviewLines(20)), NOW),
  },
  { template: 'new-claim', label: 'an empty form with no programs', build: () => newClaimCard(renderer, []) },
  { template: 'new-claim', label: 'an empty form with one program', build: () => newClaimCard(renderer, programs(1)) },
  {
    template: 'new-claim',
    label: 'worst case: every field error, 500-char description, 30 programs, banner',
    build: () =>
      newClaimCard(
        renderer,
        programs(30),
        {
          program: 'ABCDEFGHIJKLMNOPQRSTUVWX',
          activity: 'nope',
          location: 'ZZ',
          period: '2026-Q9xxxxxxxxxxxxx',
          amount: '12,34,5.678.9xxxxxxx',
          currency: 'EUR',
          description: longText(500),
        },
        ALL_FIELD_ERRORS,
        'Some fields need attention.',
      ),
  },
  {
    template: 'review',
    label: 'a submitted claim waiting for pick-up',
    build: () =>
      reviewCard(
        renderer,
        picture(realisticClaim({ status: 'Submitted', submittedAt: NOW }), completeDocuments(claimRealistic)),
      ),
  },
  {
    template: 'review',
    label: 'a claim in review seen by a contributor',
    build: () =>
      reviewCard(renderer, picture(realisticClaim({ status: 'InReview', submittedAt: NOW }), []), {
        conflict: 'You created CLM-000042, so you cannot review it.',
      }),
  },
  {
    template: 'review',
    label: 'worst case: disputed claim with feedback on every item, long reasons, many documents',
    build: () => {
      const base = worstClaim('Disputed');
      const activity = mostDemandingActivity();
      const by = { id: teamsUserId(1), name: longText(120, 'Reviewer ') };
      const feedback = Object.fromEntries(
        activity.poe.map((r) => [r.key, { verdict: 'needsChange' as const, comment: longText(1000), by, at: NOW }]),
      );
      const claim = {
        ...base,
        submittedAt: NOW,
        review: {
          reviewer: by,
          feedback,
          dispute: { reason: longText(2000), by, at: NOW, dueDate: '2026-10-08' },
          rejection: { reasons: longText(2000), by, at: NOW, disputeUntil: '2026-10-31' },
        },
      };
      const docs = Array.from({ length: 40 }, (_, i) =>
        aDocument({
          name: longText(255),
          note: longText(2000),
          poeKey: activity.poe[i % activity.poe.length]!.key,
          kind: 'poe',
        }),
      );
      return reviewCard(renderer, picture(claim, docs));
    },
  },
  {
    template: 'link',
    label: 'an export link',
    build: () =>
      renderer.render('link', {
        title: 'Claims export is ready',
        text: 'The link works for 15 minutes.',
        button: 'Download CSV',
        url: 'https://bot.example.com/exports/abc',
      }),
  },
  {
    template: 'link',
    label: 'worst case: long texts',
    build: () =>
      renderer.render('link', {
        title: longText(200),
        text: longText(4000),
        button: longText(40),
        url: `https://bot.example.com/${'a'.repeat(2000)}`,
      }),
  },
  { template: 'help', label: 'the command list', build: () => helpCard(renderer, HELP_LINES) },
  {
    template: 'help',
    label: 'worst case: 40 long command lines',
    build: () =>
      helpCard(
        renderer,
        Array.from({ length: 40 }, () => ({ usage: longText(60), text: longText(300) })),
      ),
  },
  {
    template: 'notice',
    label: 'a short notice',
    build: () => noticeCard(renderer, 'Saved', 'Your comment was added.', 'Good'),
  },
  {
    template: 'notice',
    label: 'an apology with a reference',
    build: () => noticeCard(renderer, 'Sorry', 'Something went wrong on our side.', 'Attention', 'act-7f3a9c'),
  },
  {
    template: 'notice',
    label: 'worst case: 4000-char text',
    build: () => noticeCard(renderer, longText(200), longText(4000), 'Warning', longText(100)),
  },
  // Documents and uploads (README: Documents and uploads)
  ...documentCardCases(renderer),
];

// ---- tests --------------------------------------------------------------------------------------

describe('card templates', () => {
  it('when cards/ is loaded then every template has render cases here (realistic and worst case)', () => {
    const names = renderer.names().sort();
    expect(names).toEqual(
      [
        ...[
          'claim',
          'claims-list',
          'help',
          'history',
          'link',
          'new-claim',
          'notice',
          'overview',
          'review',
          'roles',
          'budget',
        ],
        ...DOCUMENT_TEMPLATES,
      ].sort(),
    );
    for (const name of names) {
      expect(CASES.filter((c) => c.template === name).length).toBeGreaterThanOrEqual(2);
      expect(CASES.some((c) => c.template === name && c.label.startsWith('worst case'))).toBe(true);
    }
  });

  it.each(CASES.map((c) => ({ ...c, name: `${c.template}: ${c.label}` })))(
    'when rendering $name then nothing is unresolved, it is under 28 KB, version 1.5 and every Action.Execute has a known verb',
    ({ build }) => {
      expectSoundCard(build());
    },
  );

  it('when a template is rendered with missing data then findUnresolved reports the placeholder', () => {
    // @ts-expect-error the card model requires text, color and ref: only data from outside the types gets here
    const card = renderer.render('notice', { title: 'Only a title' });
    expect(findUnresolved(card)).toMatch(/\$\{(text|color)\}/);
    // @ts-expect-error the same for a list without rows, title or pages
    expect(findUnresolved(renderer.render('claims-list', {}))).toBeDefined();
    expect(findUnresolved({ a: [{ b: 'fine' }, { c: 'left ${over}' }] })).toBe('left ${over}');
    expect(findUnresolved({ a: ['fine', { b: 1, c: null }] })).toBeUndefined();
  });

  it('when rendering an unknown template then the renderer refuses', () => {
    // @ts-expect-error not a CardName: the type refuses it too
    expect(() => renderer.render('nope', {})).toThrow(/no card template/);
  });
});

describe('claim card', () => {
  it('when a claim card is built then it refreshes itself through claim.refresh for its participants', () => {
    const claim = realisticClaim({ participants: [alice.id, bob.id] });
    const card = claimCard(renderer, picture(claim, []));
    const refresh = card.refresh as {
      action: { type: string; verb: string; data: { claimId: string } };
      userIds: string[];
    };
    expect(refresh.action.type).toBe('Action.Execute');
    expect(refresh.action.verb).toBe('claim.refresh');
    expect(refresh.action.data.claimId).toBe(claim.id);
    expect(refresh.userIds).toEqual([alice.id, bob.id]);
  });

  it.each<[ClaimStatus, boolean]>([
    ['Editing', true],
    ['ActionRequired', true],
    ['Submitted', false],
    ['InReview', false],
    ['Approved', false],
    ['Rejected', false],
    ['Disputed', false],
    ['Paid', false],
    ['Expired', false],
  ])('when the claim is %s then Submit shown is %s', (status, shown) => {
    const card = claimCard(renderer, picture(realisticClaim({ status }), []));
    expect(actionTitles(card).includes('Submit')).toBe(shown);
    expect(executeActions(card).some((a) => a.verb === 'claim.submit')).toBe(shown);
    // Everyone can always see the History and refresh.
    expect(actionTitles(card)).toEqual(expect.arrayContaining(['Comment', 'History', 'Refresh']));
  });

  it('when the claim is editable then the version-checked actions carry the claim id and current version', () => {
    const claim = realisticClaim({ version: 7 });
    const card = claimCard(renderer, picture(claim, []));
    const submit = executeActions(card).find((a) => a.verb === 'claim.submit')!;
    expect(submit.data).toEqual({ claimId: claim.id, version: 7 });
    for (const verb of ['claim.comment', 'claim.metrics', 'claim.info']) {
      expect(executeActions(card).find((a) => a.verb === verb)?.data).toEqual({ claimId: claim.id, version: 7 });
    }
  });

  it('when items are missing then the checklist shows each failing item and the title counts them', () => {
    const p = picture(realisticClaim({ activityCode: 'digital-advertising', metrics: {} }), []);
    const data = claimCardData(p);
    expect(data.checklist.filter((i) => i.mark === '✖').map((i) => i.label)).toEqual(
      p.readiness.failing.map((i) => i.label),
    );
    expect(data.readinessTitle).toBe(`Before you can submit: ${p.readiness.failing.length} items to do`);
    const text = JSON.stringify(claimCard(renderer, p));
    for (const item of p.readiness.failing) expect(text).toContain(JSON.stringify(item.label).slice(1, -1));
  });

  // The service accepts 4000 characters of additional information and 500 of description; Teams
  // limits cards in bytes. Partners write in their own language: 2 bytes per character in UTF-8 for
  // Greek, Cyrillic or accented Latin, 3 for Japanese or Chinese.
  it.each([
    { script: 'Cyrillic (2 bytes per character)', word: 'Пример текста ' },
    { script: 'Japanese (3 bytes per character)', word: '共同マーケティング費用の請求書' },
  ])(
    'when description and additional info are at their limits in $script then the whole claim card renders under 28 KB',
    ({ word }) => {
      const claim = { ...claimWorst, description: longText(500, word), additionalInfo: longText(MAX_INFO, word) };
      const p = picture(claim, [], undefined);
      let card: Card | undefined;
      expect(() => {
        card = claimCard(renderer, p, { banner: worstBanner(p) });
      }).not.toThrow();
      expect(findUnresolved(card)).toBeUndefined();
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(MAX_CARD_BYTES);
    },
  );

  it('when History holds 10 Japanese comments of 2000 characters then the page stays under 28 KB', () => {
    const card = historyCard(
      renderer,
      claimWorst,
      {
        items: events(10, longText(MAX_COMMENT, '共同マーケティング費用の請求書'), claimWorst).map((e) => ({
          ...e,
          type: 'claim.commented' as const,
        })),
        total: 10,
      },
      0,
      1,
    );
    expectSoundCard(card);
  });

  it('when the worst-case claim is rendered then the whole card, refresh included, stays under 28 KB', () => {
    const p = picture(claimWorst, [], undefined);
    const card = claimCard(renderer, p, { banner: worstBanner(p) });
    expect((card.refresh as { userIds: string[] }).userIds).toHaveLength(MAX_PARTICIPANTS);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(MAX_CARD_BYTES);
    expect(claimCardData(p).checklist.length).toBe(p.readiness.items.length);
  });
});
