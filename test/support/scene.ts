/**
 * Builders for bot-level tests: each test arranges its own organisation (a fresh tenant on the
 * shared test bot) and its own claims, through the real HTTP path — card presses, commands and the
 * upload page — never by writing to the database.
 *
 *   const bot = useBot();                       // one real server per file
 *   it('…', async () => {
 *     const org = await anOrganisation(bot);   // admin, user, reviewer, funds, review channel
 *     const claim = await org.submittedClaim(); // created, documented, submitted
 *     …
 *   });
 */
import { randomUUID } from 'node:crypto';
import { findActivity } from '../../src/domain/activities';
import { ANN, BOB, message, type UserSpec, type Where } from './activities';
import { cardText, findAction, TestBot, type InvokeResult } from './app';
import { cardOf } from './connector';
import { FILES, postForm } from './files';
import { uploadLinkOf } from './uploads';

export const RITA: UserSpec = { id: '29:rita', aadObjectId: 'aad-rita', name: 'Rita Reviewer' };
export const CARL: UserSpec = { id: '29:carl', aadObjectId: 'aad-carl', name: 'Carl Reviewer' };
export const COLE: UserSpec = { id: '29:cole', aadObjectId: 'aad-cole', name: 'Cole Colleague' };
export const UMA: UserSpec = { id: '29:uma', aadObjectId: 'aad-uma', name: 'Uma User' };

/**
 * One real bot (restify + CloudAdapter + the test engines) for the whole file, started and stopped
 * around it. `env` may be a function when it names other stand-ins started by an earlier beforeAll.
 */
export function useBot(env: Record<string, string> | (() => Record<string, string>) = {}): TestBot {
  const bot = new TestBot();
  beforeAll(async () => {
    await bot.withEnv(typeof env === 'function' ? env() : env).start();
  });
  // Each test starts at the same moment (the day 2026-Q3 claims are still open) and moves the clock itself.
  beforeEach(() => {
    if (bot.app) bot.clock.set('2026-10-01T09:00:00Z');
  });
  afterAll(async () => {
    await bot.stop();
  });
  return bot;
}

export interface ClaimRef {
  readonly claimId: string;
  readonly version: number;
  readonly number: string;
}

export interface OrgOptions {
  /** Earned funds to set, as `funds` arguments; default ADD-PC 2026-Q3 50000 (USD). */
  readonly funds?: ReadonlyArray<readonly [program: string, period: string, amount: string, currency?: string]>;
  /** Make RITA (and CARL) reviewers and set a review channel; default true. */
  readonly reviewers?: boolean;
}

export const FORM = {
  program: 'ADD-PC',
  activity: 'print-advertising',
  location: 'US',
  period: '2026-Q3',
  amount: '1200.50',
  currency: 'USD',
  description: 'Quarter-page ad in the regional newspaper',
};

/** The claim reference a claim card carries (its version-checked actions). */
export function refOf(card: unknown): ClaimRef {
  const action =
    findAction(card, 'claim.comment') ?? findAction(card, 'review.comment') ?? findAction(card, 'review.refresh');
  if (!action) throw new Error(`no claim card: ${cardText(card).slice(0, 400)}`);
  const data = action.data as { claimId: string; version?: number };
  const number = /CLM-\d{6}/.exec(cardText(card))?.[0] ?? '';
  return { claimId: data.claimId, version: Number(data.version ?? NaN), number };
}

/**
 * A partner organisation in its own tenant: Ann (admin, the first to speak with auth off), Bob
 * (incentives user), Rita and Carl (reviewers, with a review channel), Cole (a colleague with no role).
 */
export class Organisation {
  readonly tenantId = `t-${randomUUID().slice(0, 8)}`;
  readonly partner: Where;
  readonly reviews: Where;
  readonly personal: (user: UserSpec) => Where;

  constructor(readonly bot: TestBot) {
    const base = { tenantId: this.tenantId, serviceUrl: bot.connector.url };
    this.partner = { ...base, conversationId: `19:partner-${this.tenantId}`, conversationType: 'channel' };
    this.reviews = { ...base, conversationId: `19:reviews-${this.tenantId}`, conversationType: 'channel' };
    this.personal = (user) => ({
      ...base,
      conversationId: `a:personal-${user.id}-${this.tenantId}`,
      conversationType: 'personal',
    });
  }

  say(text: string, from: UserSpec = BOB, where: Where = this.partner) {
    return this.bot.say(text, from, where);
  }

  press(
    verb: string,
    data: unknown,
    from: UserSpec = BOB,
    where: Where = this.partner,
    replyToId = `card-${this.tenantId}`,
  ): Promise<InvokeResult> {
    return this.bot.press(verb, data, from, where, replyToId);
  }

  /** `<role> @person` by the admin, with a real mention entity. */
  async grant(
    role: 'user' | 'reviewer' | 'admin',
    people: readonly UserSpec[],
    by: UserSpec = ANN,
    where: Where = this.partner,
  ): Promise<string> {
    const text = `${role} ${people.map((p) => `<at>${p.name}</at>`).join(' ')}`;
    const activity = message(where, by, text, {
      entities: [
        { type: 'mention', text: '<at>ClaimsBot</at>', mentioned: { id: '28:claims-bot', name: 'ClaimsBot' } },
        ...people.map((p) => ({ type: 'mention', text: `<at>${p.name}</at>`, mentioned: { id: p.id, name: p.name } })),
      ],
    });
    const before = this.bot.connector.calls.length;
    const res = await this.bot.post(activity);
    if (res.status !== 200) throw new Error(`grant got HTTP ${res.status}`);
    return this.bot.connector.calls
      .slice(before)
      .map((c) => String(c.body.text ?? ''))
      .join('\n');
  }

  /** A claim created through the form, as `from`; the form message is `formId`. */
  async newClaim(
    form: Partial<typeof FORM> = {},
    from: UserSpec = BOB,
    formId = `form-${randomUUID().slice(0, 8)}`,
  ): Promise<ClaimRef & { card: unknown }> {
    const res = await this.press('claim.create', { ...FORM, ...form }, from, this.partner, formId);
    if (!findAction(res.body.value, 'claim.comment'))
      throw new Error(`claim not created: ${cardText(res.body.value).slice(0, 400)}`);
    return { ...refOf(res.body.value), card: res.body.value };
  }

  /** The claim's current card, as `from` sees it (claim.refresh). */
  async current(claimId: string, from: UserSpec = BOB): Promise<ClaimRef & { card: unknown }> {
    const res = await this.press('claim.refresh', { claimId }, from);
    return { ...refOf(res.body.value), card: res.body.value };
  }

  async reviewCard(claimId: string, from: UserSpec = RITA): Promise<{ version: number; card: unknown }> {
    const res = await this.press('review.refresh', { claimId }, from, this.reviews);
    const doc = await this.bot.app.db.collection('claims').findOne({ _id: claimId as never });
    return { version: Number(doc?.version), card: res.body.value };
  }

  /** Add document → details → the upload page → a real file (a small PDF unless `data`). Returns the claim after it. */
  async upload(
    claimId: string,
    kind: 'invoice' | 'csr' | 'poe' | 'other',
    fields: Record<string, string>,
    from: UserSpec = BOB,
    fileName = `${kind}.pdf`,
    data: Buffer = FILES.pdf(),
    replaces?: string,
  ): Promise<ClaimRef> {
    const ref = await this.current(claimId, from);
    const res = await this.press(
      'document.add',
      { claimId, version: ref.version, kind, ...fields, ...(replaces ? { replaces } : {}) },
      from,
    );
    const url = uploadUrlOf(this.bot, res.body.value);
    const posted = await postForm(url, fields, {
      filename: fileName,
      contentType: 'application/pdf',
      data,
    });
    if (posted.status !== 200) throw new Error(`upload got HTTP ${posted.status}`);
    return this.current(claimId, from);
  }

  /** Replace on the Documents card → details → the upload page: a new version of `documentId`. */
  async replace(
    claimId: string,
    documentId: string,
    kind: 'invoice' | 'csr' | 'poe' | 'other',
    fields: Record<string, string>,
    fileName: string,
    from: UserSpec = BOB,
  ): Promise<ClaimRef> {
    return this.upload(claimId, kind, fields, from, fileName, FILES.pdf(), documentId);
  }

  async addInvoice(
    claimId: string,
    amount: string,
    extra: Record<string, string> = {},
    from: UserSpec = BOB,
  ): Promise<ClaimRef> {
    return this.upload(
      claimId,
      'invoice',
      {
        vendor: 'PrintCo',
        invoiceNumber: `INV-${randomUUID().slice(0, 6)}`,
        invoiceDate: '2026-09-20',
        amount,
        currency: 'USD',
        ...extra,
      },
      from,
    );
  }

  async addProof(claimId: string, poeKey: string, from: UserSpec = BOB): Promise<ClaimRef> {
    return this.upload(
      claimId,
      'poe',
      { poeKey, executionDate: '2026-09-12', amount: '0', reach: '25000' },
      from,
      `${poeKey}.pdf`,
    );
  }

  /** Every required metric of the claim's activity, filled in. */
  async fillMetrics(claimId: string, activityCode: string, from: UserSpec = BOB): Promise<ClaimRef> {
    const ref = await this.current(claimId, from);
    const values = Object.fromEntries(
      (findActivity(activityCode)?.metrics ?? []).map((m) => [
        `metric_${m.key}`,
        m.kind === 'integer' ? '2' : 'CTR 2.4%',
      ]),
    );
    if (Object.keys(values).length === 0) return ref;
    const res = await this.press('claim.metrics', { claimId, version: ref.version, ...values }, from);
    return refOf(res.body.value);
  }

  /** A claim with everything the readiness check wants (an invoice for the amount, each PoE item, each metric). */
  async readyClaim(form: Partial<typeof FORM> = {}, from: UserSpec = BOB): Promise<ClaimRef> {
    const claim = await this.newClaim(form, from);
    const activity = form.activity ?? FORM.activity;
    await this.addInvoice(
      claim.claimId,
      form.amount ?? FORM.amount,
      form.currency ? { currency: form.currency } : {},
      from,
    );
    for (const poe of findActivity(activity)?.poe ?? []) await this.addProof(claim.claimId, poe.key, from);
    return this.fillMetrics(claim.claimId, activity, from);
  }

  async submit(ref: Pick<ClaimRef, 'claimId'>, from: UserSpec = BOB): Promise<InvokeResult & { ref: ClaimRef }> {
    const now = await this.current(ref.claimId, from);
    const res = await this.press('claim.submit', { claimId: ref.claimId, version: now.version }, from);
    return { ...res, ref: refOf(res.body.value) };
  }

  async submittedClaim(form: Partial<typeof FORM> = {}, from: UserSpec = BOB): Promise<ClaimRef> {
    const ready = await this.readyClaim(form, from);
    const res = await this.submit(ready, from);
    if (!cardText(res.body.value).includes('Submitted for review'))
      throw new Error(`not submitted: ${cardText(res.body.value).slice(0, 600)}`);
    return res.ref;
  }

  /** A review-card press by a reviewer, on the claim's current version. */
  async review(
    verb: string,
    claimId: string,
    data: Record<string, unknown> = {},
    from: UserSpec = RITA,
  ): Promise<InvokeResult> {
    const { version } = await this.reviewCard(claimId, from);
    return this.press(verb, { claimId, version, ...data }, from, this.reviews);
  }

  async inReview(form: Partial<typeof FORM> = {}, reviewer: UserSpec = RITA): Promise<ClaimRef> {
    const claim = await this.submittedClaim(form);
    const res = await this.review('review.pickUp', claim.claimId, {}, reviewer);
    if (!cardText(res.body.value).includes('In review'))
      throw new Error(`not picked up: ${cardText(res.body.value).slice(0, 400)}`);
    return claim;
  }

  async rejectedClaim(form: Partial<typeof FORM> = {}): Promise<ClaimRef> {
    const claim = await this.inReview(form);
    await this.review('review.reject', claim.claimId, { reasons: 'The ad does not show the Microsoft logo.' });
    return claim;
  }

  async approvedClaim(form: Partial<typeof FORM> = {}, amount = ''): Promise<ClaimRef> {
    const claim = await this.inReview(form);
    await this.review('review.approve', claim.claimId, { amount, reason: amount ? 'Only part of the ad ran.' : '' });
    return claim;
  }

  /** What was posted into a conversation since `from` (index into the connector's calls). */
  sentTo(where: Where, since = 0) {
    return this.bot.connector.calls.slice(since).filter((c) => c.conversationId === where.conversationId);
  }

  textsTo(where: Where, since = 0): string[] {
    return this.sentTo(where, since)
      .filter((c) => c.method === 'POST' && c.body.text)
      .map((c) => String(c.body.text));
  }

  cardsTo(where: Where, since = 0): unknown[] {
    return this.sentTo(where, since)
      .map((c) => cardOf(c))
      .filter((c): c is Record<string, unknown> => !!c);
  }

  mark(): number {
    return this.bot.connector.calls.length;
  }
}

/** A fresh organisation on the test bot: admin first (auth is off in tests), then users, funds, reviewers. */
export async function anOrganisation(bot: TestBot, options: OrgOptions = {}): Promise<Organisation> {
  const org = new Organisation(bot);
  await org.say('help', ANN);
  for (const [program, period, amount, currency] of options.funds ?? [['ADD-PC', '2026-Q3', '50000']]) {
    const r = await org.say(`funds ${program} ${period} ${amount}${currency ? ` ${currency}` : ''}`, ANN);
    if (!/set to/.test(r.text)) throw new Error(`funds not set: ${r.text}`);
  }
  await org.grant('user', [BOB, UMA]);
  if (options.reviewers ?? true) {
    await org.say('review channel here', ANN, org.reviews);
    await org.grant('reviewer', [RITA, CARL], ANN, org.reviews);
  }
  return org;
}

/** The "Upload file" link of a card (it must point at the bot's public URL), pointed at the test server. */
export const uploadUrlOf = uploadLinkOf;

/**
 * What a person reads on a card: the texts of its TextBlocks, facts as "title: value", choices'
 * titles and input values, one per line (markdown escapes removed), without element types or styles.
 */
export function readable(card: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (o.type === 'FactSet' && Array.isArray(o.facts))
      for (const f of o.facts as Array<{ title: string; value: string }>) out.push(`${f.title}: ${f.value}`);
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.value === 'string' && o.value)
      out.push(o.value);
    for (const [k, v] of Object.entries(o)) if (k !== 'facts') walk(v);
  };
  walk(card);
  return out
    .join('\n')
    .replace(/\*\*([^*]*)\*\*/g, '$1')
    .replace(/\\([\\`*_[\]~|<>#+\-.!])/g, '$1');
}

/**
 * What a person reads on a card, one line each: TextBlock texts, facts as "title: value" and
 * button titles (no property names, types or styles), for "the card says …" assertions that span lines.
 */
export function visibleText(card: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      else if (o.type === 'FactSet' && Array.isArray(o.facts)) {
        for (const f of o.facts as Array<{ title?: unknown; value?: unknown }>)
          out.push(`${String(f.title)}: ${String(f.value)}`);
      } else if (typeof o.type === 'string' && o.type.startsWith('Action.') && typeof o.title === 'string')
        out.push(`[${o.title}]`);
      for (const [key, value] of Object.entries(o)) if (key !== 'facts' && key !== 'data') walk(value);
    }
  };
  walk(card);
  return out.join('\n');
}
