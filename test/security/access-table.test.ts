/**
 * Issue 11: every command and every card verb of the registry, tried by a colleague, an incentives
 * user, a reviewer and an incentives admin — each on claims in the state the verb is for — and
 * exactly those the rules allow get through (domain.md, "Who does what" and Decisions: Roles).
 */
import { cardActions, commands } from '../../src/bot/registry';
import { ANN, BOB, message, type UserSpec } from '../support/activities';
import { findAction } from '../support/app';
import { FILES } from '../support/files';
import { FileServer, fileAttachment } from '../support/uploads';
import {
  anOrganisation,
  CARL,
  COLE,
  readable,
  RITA,
  UMA,
  useBot,
  type ClaimRef,
  type Organisation,
} from '../support/scene';

type Who = 'colleague' | 'user' | 'reviewer' | 'admin';
const PEOPLE: Record<Who, UserSpec> = { colleague: COLE, user: UMA, reviewer: RITA, admin: ANN };
const EVERYONE: readonly Who[] = ['colleague', 'user', 'reviewer', 'admin'];
const PARTNERS: readonly Who[] = ['user', 'admin'];
const INSIDERS: readonly Who[] = ['user', 'reviewer', 'admin'];
const DECIDERS: readonly Who[] = ['reviewer', 'admin'];

/** What a refusal for lack of a role (or of being the right person) says. */
const FORBIDDEN =
  /\bOnly (incentives admins|an incentives admin|reviewers|incentives admins, users and reviewers|Cole Colleague, who sent)|only they get an upload link|so you can't review it/;

interface Press {
  readonly verb: string;
  readonly data: Record<string, unknown>;
  readonly where?: 'partner' | 'reviews';
}

interface VerbCase {
  readonly allowed: readonly Who[];
  /** Arranges a fresh claim (or request…) in the state the verb is for, and the press to make. */
  arrange(org: Organisation, who: UserSpec): Promise<Press>;
}

const files = new FileServer();

async function editing(org: Organisation): Promise<ClaimRef> {
  return org.newClaim();
}

async function onCard(
  org: Organisation,
  verb: string,
  claim: ClaimRef,
  extra: Record<string, unknown> = {},
): Promise<Press> {
  const card = await org.current(claim.claimId);
  return { verb, data: { claimId: claim.claimId, version: card.version, ...extra } };
}

async function onReview(
  org: Organisation,
  verb: string,
  claim: ClaimRef,
  extra: Record<string, unknown> = {},
): Promise<Press> {
  const { version } = await org.reviewCard(claim.claimId);
  return { verb, data: { claimId: claim.claimId, version, ...extra }, where: 'reviews' };
}

async function requestFor(
  org: Organisation,
  assignee: UserSpec,
  need = 'poe:final-ad',
): Promise<{ claim: ClaimRef; requestId: string }> {
  const claim = await org.newClaim();
  org.bot.connector.addMember(assignee);
  await org.press('request.create', {
    claimId: claim.claimId,
    version: claim.version,
    assignee: assignee.aadObjectId,
    need,
    text: 'Please',
    due: '2026-10-05',
  });
  const stored = await org.bot.app.db.collection('claims').findOne({ _id: claim.claimId as never });
  return { claim, requestId: (stored!.requests as Array<{ id: string }>)[0]!.id };
}

const VERBS: Record<string, VerbCase> = {
  'claim.new': { allowed: PARTNERS, arrange: async () => ({ verb: 'claim.new', data: {} }) },
  'claim.create': {
    allowed: PARTNERS,
    arrange: async () => ({
      verb: 'claim.create',
      data: {
        program: 'ADD-PC',
        activity: 'print-advertising',
        location: 'US',
        period: '2026-Q3',
        amount: '10',
        currency: 'USD',
        description: 'Ad',
      },
    }),
  },
  'claim.refresh': {
    allowed: EVERYONE,
    arrange: async (org) => ({ verb: 'claim.refresh', data: { claimId: (await editing(org)).claimId } }),
  },
  'claim.comment': {
    allowed: EVERYONE,
    arrange: async (org) => onCard(org, 'claim.comment', await editing(org), { comment: 'Looks good' }),
  },
  'claim.metrics': {
    allowed: PARTNERS,
    arrange: async (org) => onCard(org, 'claim.metrics', await editing(org), { metric_estimatedReach: '100' }),
  },
  'claim.info': {
    allowed: PARTNERS,
    arrange: async (org) => onCard(org, 'claim.info', await editing(org), { additionalInfo: 'Sunday edition' }),
  },
  'claim.history': {
    allowed: EVERYONE,
    arrange: async (org) => ({ verb: 'claim.history', data: { claimId: (await editing(org)).claimId, page: 0 } }),
  },
  'claim.submit': { allowed: PARTNERS, arrange: async (org) => onCard(org, 'claim.submit', await org.readyClaim()) },
  'claim.editForm': { allowed: PARTNERS, arrange: async (org) => onCard(org, 'claim.editForm', await editing(org)) },
  'claim.edit': {
    allowed: PARTNERS,
    arrange: async (org) =>
      onCard(org, 'claim.edit', await editing(org), {
        activity: 'print-advertising',
        location: 'DE',
        period: '2026-Q3',
        amount: '20',
        description: 'Ad',
      }),
  },
  'claim.withdraw': {
    allowed: PARTNERS,
    arrange: async (org) => onCard(org, 'claim.withdraw', await editing(org), { reason: 'Duplicate' }),
  },
  'claims.page': { allowed: EVERYONE, arrange: async () => ({ verb: 'claims.page', data: { page: 0 } }) },
  'overview.show': { allowed: INSIDERS, arrange: async () => ({ verb: 'overview.show', data: {} }) },
  'budget.show': {
    allowed: INSIDERS,
    arrange: async () => ({ verb: 'budget.show', data: { program: 'ADD-PC', period: '2026-Q3' } }),
  },
  'review.refresh': {
    allowed: EVERYONE,
    arrange: async (org) => ({
      verb: 'review.refresh',
      data: { claimId: (await org.submittedClaim()).claimId },
      where: 'reviews',
    }),
  },
  'review.pickUp': {
    allowed: ['reviewer'],
    arrange: async (org) => onReview(org, 'review.pickUp', await org.submittedClaim()),
  },
  'review.takeOver': {
    allowed: ['reviewer'],
    arrange: async (org) => onReview(org, 'review.takeOver', await org.inReview({}, CARL), { reason: 'Carl is away' }),
  },
  'review.feedback': {
    allowed: DECIDERS,
    arrange: async (org) =>
      onReview(org, 'review.feedback', await org.inReview(), {
        'verdict_final-ad': 'accepted',
        'comment_final-ad': '',
      }),
  },
  'review.requestInfo': {
    allowed: DECIDERS,
    arrange: async (org) => onReview(org, 'review.requestInfo', await org.inReview(), { message: 'Add page 2' }),
  },
  'review.approve': {
    allowed: DECIDERS,
    arrange: async (org) => onReview(org, 'review.approve', await org.inReview(), { amount: '', reason: '' }),
  },
  'review.reject': {
    allowed: DECIDERS,
    arrange: async (org) => onReview(org, 'review.reject', await org.inReview(), { reasons: 'No logo' }),
  },
  'review.comment': {
    allowed: EVERYONE,
    arrange: async (org) => onReview(org, 'review.comment', await org.submittedClaim(), { comment: 'Noted' }),
  },
  'claim.dispute': {
    allowed: PARTNERS,
    arrange: async (org) => onCard(org, 'claim.dispute', await org.rejectedClaim(), { reason: 'The logo is there' }),
  },
  // Reviewers and partners get a pack; a colleague does not (it holds every document of the claim).
  'claim.evidencePack': {
    allowed: INSIDERS,
    arrange: async (org) => ({
      verb: 'claim.evidencePack',
      data: { claimId: (await org.submittedClaim()).claimId, side: 'claim' },
    }),
  },
  'claim.pay': {
    allowed: ['admin'],
    arrange: async (org) =>
      onCard(org, 'claim.pay', await org.approvedClaim(), { date: '2026-10-01', reference: 'PAY-7' }),
  },
  'document.form': {
    allowed: PARTNERS,
    arrange: async (org) => onCard(org, 'document.form', await editing(org), { kind: 'invoice' }),
  },
  'document.add': {
    allowed: PARTNERS,
    arrange: async (org) =>
      onCard(org, 'document.add', await editing(org), {
        kind: 'invoice',
        vendor: 'V',
        invoiceNumber: '1',
        invoiceDate: '2026-09-01',
        amount: '10',
        currency: 'USD',
      }),
  },
  'document.list': {
    allowed: INSIDERS,
    arrange: async (org) => ({ verb: 'document.list', data: { claimId: (await org.readyClaim()).claimId, page: 0 } }),
  },
  'document.remove': {
    allowed: PARTNERS,
    arrange: async (org) => {
      const claim = await editing(org);
      await org.addInvoice(claim.claimId, '10');
      const stored = await org.bot.app.db.collection('claims').findOne({ _id: claim.claimId as never });
      return onCard(org, 'document.remove', claim, { documentId: (stored!.documents as Array<{ id: string }>)[0]!.id });
    },
  },
  'request.form': { allowed: PARTNERS, arrange: async (org) => onCard(org, 'request.form', await editing(org)) },
  'request.create': {
    allowed: PARTNERS,
    arrange: async (org) => {
      org.bot.connector.addMember(CARL);
      return onCard(org, 'request.create', await editing(org), {
        assignee: CARL.aadObjectId,
        need: 'invoice',
        text: 'The invoice',
        due: '2026-10-05',
      });
    },
  },
  // Only the person asked (here: the colleague) gets an upload link for a request.
  'request.link': {
    allowed: ['colleague'],
    arrange: async (org) => ({ verb: 'request.link', data: { requestId: (await requestFor(org, COLE)).requestId } }),
  },
  // Only the person who sent a file in chat finishes it.
  'upload.finish': {
    allowed: ['colleague'],
    arrange: async (org) => {
      const { requestId } = await requestFor(org, COLE, 'invoice');
      const code = requestId.replace(/-/g, '').slice(0, 6);
      const url = files.serve('invoice.pdf', FILES.pdf());
      const before = org.mark();
      await org.bot.post(
        message(org.personal(COLE), COLE, `here it is #${code}`, { attachments: [fileAttachment('invoice.pdf', url)] }),
      );
      const card = org.cardsTo(org.personal(COLE), before).pop();
      const finish = findAction(card, 'upload.finish');
      if (!finish) throw new Error(`no details card for the chat file: ${readable(card)}`);
      return {
        verb: 'upload.finish',
        data: {
          ...(finish.data as object),
          vendor: 'V',
          invoiceNumber: '2',
          invoiceDate: '2026-09-01',
          amount: '10',
          currency: 'USD',
        },
      };
    },
  },
};

interface CommandCase {
  readonly text: string;
  readonly allowed: readonly Who[];
  readonly where?: 'partner' | 'reviews';
}

const COMMANDS: Record<string, CommandCase> = {
  help: { text: 'help', allowed: EVERYONE },
  'new-claim': { text: 'new claim', allowed: PARTNERS },
  claims: { text: 'claims', allowed: EVERYONE },
  claim: { text: 'claim CLM-000001', allowed: EVERYONE },
  overview: { text: 'overview', allowed: INSIDERS },
  budget: { text: 'budget ADD-PC 2026-Q3', allowed: INSIDERS },
  queue: { text: 'queue', allowed: DECIDERS, where: 'reviews' },
  'review-channel': { text: 'review channel here', allowed: ['admin'], where: 'reviews' },
  review: { text: 'review CLM-000001', allowed: DECIDERS, where: 'reviews' },
  verify: { text: 'verify CLM-000001', allowed: DECIDERS, where: 'reviews' },
  funds: { text: 'funds ADD-PC 2026-Q3 60000', allowed: ['admin'] },
  rate: { text: 'rate EUR 0.92', allowed: ['admin'] },
  'users-here': { text: 'users here', allowed: ['admin'] },
  'grant-role': { text: 'reviewer', allowed: ['admin'] },
  revoke: { text: 'revoke reviewer', allowed: ['admin'] },
  roles: { text: 'roles', allowed: ['admin'] },
  export: { text: 'export', allowed: ['admin'] },
  reminders: { text: 'reminders run', allowed: ['admin'] },
};

describe('who may do what: every verb and command, as each kind of person (11.2, 11.3)', () => {
  beforeAll(async () => {
    await files.start();
  });
  afterAll(async () => {
    await files.stop();
  });
  // Files sent in chat come from the local file server: an origin only a bot without authentication allows.
  const bot = useBot(() => ({ CHAT_FILE_DEV_ORIGINS: files.origin }));

  it('when the registry is compared with this table then every card verb and every command is in it', () => {
    expect(Object.keys(VERBS).sort()).toEqual(
      cardActions(bot.app.deps)
        .map((a) => a.verb)
        .sort(),
    );
    expect(Object.keys(COMMANDS).sort()).toEqual(
      commands(bot.app.deps)
        .map((c) => c.name)
        .sort(),
    );
  });

  it.each(Object.entries(VERBS))(
    'when each kind of person presses %s then exactly the allowed ones get through',
    async (_verb, c) => {
      const org = await anOrganisation(bot);
      bot.connector.setRoster(org.partner.conversationId, [BOB, UMA, COLE]);
      const outcome: Record<Who, boolean> = { colleague: false, user: false, reviewer: false, admin: false };
      for (const who of EVERYONE) {
        const press = await c.arrange(org, PEOPLE[who]);
        const res = await org.press(
          press.verb,
          press.data,
          PEOPLE[who],
          press.where === 'reviews' ? org.reviews : org.partner,
        );
        const said = `${JSON.stringify(res.body.value)}\n${readable(res.body.value)}`;
        expect(res.status).toBe(200);
        outcome[who] = !FORBIDDEN.test(said);
      }
      expect(EVERYONE.filter((w) => outcome[w])).toEqual(c.allowed);
    },
  );

  it.each(Object.entries(COMMANDS))(
    'when each kind of person says %s then exactly the allowed ones get through',
    async (_name, c) => {
      const outcome: Record<Who, boolean> = { colleague: false, user: false, reviewer: false, admin: false };
      for (const who of EVERYONE) {
        const org = await anOrganisation(bot);
        await org.submittedClaim();
        bot.connector.setRoster(org.partner.conversationId, [BOB, UMA]);
        const where = c.where === 'reviews' ? org.reviews : org.partner;
        const mark = org.mark();
        const res = await org.say(c.text, PEOPLE[who], where);
        const replies = bot.connector.calls
          .slice(mark)
          .map(
            (r) =>
              `${String(r.body.text ?? '')}\n${readable((r.body.attachments as Array<{ content: unknown }> | undefined)?.[0]?.content)}`,
          );
        const said = `${res.text}\n${replies.join('\n')}`;
        expect(said.trim().length).toBeGreaterThan(0);
        outcome[who] = !FORBIDDEN.test(said);
      }
      expect(EVERYONE.filter((w) => outcome[w])).toEqual(c.allowed);
    },
  );
});
