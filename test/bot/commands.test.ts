/**
 * Text commands over the real HTTP path. Each test arranges its own organisation (a fresh tenant).
 */
import { ANN, BOB, botAdded, message, type UserSpec } from '../support/activities';
import { cardText, findAction } from '../support/app';
import { cardOf } from '../support/connector';
import { CARL, COLE, FORM, Organisation, RITA, UMA, anOrganisation, useBot, visibleText } from '../support/scene';

describe('text commands over the real HTTP path', () => {
  const bot = useBot();

  const programsOf = (tenantId: string) => bot.app.db.collection('programs').find({ tenantId }).toArray();
  const fundsOf = (tenantId: string) => bot.app.db.collection('program_funds').find({ tenantId }).toArray();

  it('when someone says help then a card lists every command with one line each', async () => {
    const org = new Organisation(bot);
    const { card } = await org.say('help', COLE);
    const text = cardText(card);
    for (const usage of [
      'help',
      'new claim',
      'claim CLM-000123',
      'claims [mine] [PROGRAM] [PERIOD] [status]',
      'overview',
      'budget PROGRAM PERIOD',
      'queue',
      'review channel here',
      'review CLM-000123',
      'funds PROGRAM PERIOD AMOUNT [CURRENCY]',
      'rate CURRENCY PER-USD',
      'users here',
      'user @person / reviewer @person / admin @person',
      'revoke ROLE @person',
      'roles',
      'export',
      'reminders run',
    ]) {
      expect(text).toContain(usage);
    }
    expect(findAction(card, 'claim.new')).toBeDefined();
  });

  it('when the text is unknown then the bot hints at help instead of staying silent', async () => {
    const org = new Organisation(bot);
    const { text, replies } = await org.say('please do my taxes', COLE);
    expect(replies).toHaveLength(1);
    expect(text).toMatch(/Type \*\*help\*\*/);
  });

  it('when the bot is added to a team then it introduces itself with the help card', async () => {
    const org = new Organisation(bot);
    const mark = org.mark();
    const res = await bot.post(botAdded(org.partner, ANN));
    expect(res.status).toBe(200);
    const sent = org.sentTo(org.partner, mark);
    expect(sent).toHaveLength(1);
    expect(cardText(cardOf(sent[0]))).toContain('new claim');
  });

  it('when the first person to need a role sets funds then they become the admin, and a later newcomer is refused and changes nothing', async () => {
    const org = new Organisation(bot);
    await org.say('help', BOB); // reading help needs no role: Bob stays a newcomer
    const ok = await org.say('funds ADD-PC 2026-Q3 50000', ANN);
    expect(ok.text).toBe(
      'Earned funds of **ADD-PC** for **2026-Q3** set to **USD 50,000.00**. ADD-PC is kept in USD, by quarters (e.g. 2026-Q4).',
    );
    const refused = await org.say('funds ADD-PC 2026-Q3 1', BOB);
    expect(refused.text).toMatch(/Only an incentives admin can set earned funds/);
    expect(visibleText((await org.say('budget ADD-PC 2026-Q3', ANN)).card)).toContain('Earned: USD 50,000.00');
    expect(await fundsOf(org.tenantId)).toEqual([expect.objectContaining({ earnedMinor: 5_000_000 })]);
    expect(await bot.app.db.collection('member_roles').find({ tenantId: org.tenantId }).toArray()).toEqual([
      expect.objectContaining({ userId: ANN.id, role: 'admin' }),
    ]);
  });

  it('when funds are given badly then the admin learns the right form and nothing is stored', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    expect((await org.say('funds ADD-PC', ANN)).text).toMatch(/Usage: `funds/);
    expect((await org.say('funds ADD-PC 2026-Q9 100', ANN)).text).toMatch(/"2026-Q9" is not a usage period/);
    expect((await org.say('funds ADD-PC 2026-Q4 lots', ANN)).text).toMatch(/"lots" is not an amount/);
    // The program's period length and currency are fixed by its first funds.
    expect((await org.say('funds ADD-PC 2026-10 100', ANN)).text).toMatch(
      /ADD-PC has its earned funds by quarters \(e\.g\. 2026-Q4\): give a period of that length/,
    );
    expect((await org.say('funds ADD-PC 2026-Q4 100 EUR', ANN)).text).toMatch(/ADD-PC is kept in USD/);
    expect((await fundsOf(org.tenantId)).map((f) => f.period.code)).toEqual(['2026-Q3']);
    expect(await programsOf(org.tenantId)).toEqual([
      expect.objectContaining({ currency: 'USD', granularity: 'quarter' }),
    ]);
  });

  it('when someone asks for a claim number that does not exist then they are told so', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    expect((await org.say('claim CLM-999999')).text).toMatch(/can't find claim CLM-999999/);
    expect((await org.say('claim banana')).text).toMatch(/Usage: `claim CLM-000123`/);
  });

  it('when claims exist then `claims` lists them, filtered by mine, program, period and status', async () => {
    const org = await anOrganisation(bot, {
      reviewers: false,
      funds: [
        ['ADD-PC', '2026-Q3', '50000'],
        ['ADD-PC', '2026-Q4', '50000'],
      ],
    });
    const q3 = await org.newClaim();
    const q4 = await org.newClaim({ period: '2026-Q4' }, UMA);
    const list = async (filter: string, who: UserSpec = BOB) =>
      cardText((await org.say(`claims ${filter}`.trim(), who)).card);

    const all = await list('');
    expect(all).toContain(q3.number);
    expect(all).toContain(q4.number);
    expect(await list('editing')).toContain(q3.number);
    expect(await list('submitted')).toMatch(/No claims match Submitted/);
    expect(await list('mine', ANN)).toMatch(/No claims yet/);
    const mine = await list('mine', UMA);
    expect(mine).toContain(q4.number);
    expect(mine).not.toContain(q3.number);
    const byPeriod = await list('ADD-PC 2026-Q3');
    expect(byPeriod).toContain(q3.number);
    expect(byPeriod).not.toContain(q4.number);
    const combined = await list('mine ADD-PC 2026-Q4 editing', UMA);
    expect(combined).toContain(q4.number);
    expect(await list('ADD-PC 2026-Q4 in review')).toMatch(/No claims match ADD-PC · 2026-Q4 · In review/);
    expect((await org.say('claims mine ADD-PC 2026-Q3 sideways')).text).toMatch(/Usage: `claims/);
  });

  it('when there are more claims than a page then `claims` pages with Next and Previous, keeping the filter', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const mine = [];
    for (let i = 0; i < 11; i++) mine.push(await org.newClaim({ description: `claim ${i}` }));
    await org.newClaim({}, UMA);
    const first = await org.say('claims mine editing', BOB);
    expect(cardText(first.card)).toContain('11 claim(s) · page 1 of 2');
    const next = findAction(first.card, 'claims.page')!;
    expect(next.title).toBe('Next');
    expect(next.data).toEqual({ page: 1, status: 'Editing', program: '', period: '', mine: true });
    const second = await org.press('claims.page', next.data);
    const text = cardText(second.body.value);
    expect(text).toContain('page 2 of 2');
    expect(text.match(/CLM-\d{6}/g)).toHaveLength(1);
    const seen = [cardText(first.card), text].join('\n').match(/CLM-\d{6}/g)!;
    expect([...new Set(seen)].sort()).toEqual(mine.map((c) => c.number).sort());
    expect(findAction(second.body.value, 'claims.page')?.title).toBe('Previous');
  });

  it("when a colleague lists claims then they see only this conversation's claims, and another conversation's claim by number is not found", async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const here = await org.newClaim();
    const elsewhere = { ...org.partner, conversationId: `19:other-team-${org.tenantId}` };
    const res = await org.press('claim.create', FORM, BOB, elsewhere, 'form-elsewhere');
    const there = /CLM-\d{6}/.exec(cardText(res.body.value))![0];

    const seen = cardText((await org.say('claims', COLE)).card);
    expect(seen).toContain(here.number);
    expect(seen).not.toContain(there);
    expect(cardText((await org.say(`claim ${here.number}`, COLE)).card)).toContain(here.number);
    expect((await org.say(`claim ${there}`, COLE)).text).toMatch(new RegExp(`can't find claim ${there}`));
    // A partner sees every claim of the organisation, here or there.
    expect(cardText((await org.say(`claim ${there}`, BOB)).card)).toContain(there);
  });

  it('when someone asks for the overview then it shows each program and period with funds; a colleague is refused', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    await org.newClaim();
    const text = cardText((await org.say('overview', BOB)).card);
    expect(text).toContain('ADD-PC · 2026-Q3');
    expect(text).toContain('USD 50,000.00');
    expect(text).toMatch(/Editing 1/);
    const colleague = await org.say('overview', COLE);
    expect(colleague.card).toBeUndefined();
    expect(colleague.text).toMatch(/^Only /);
  });

  it('when someone asks what a program and period can still take then the budget card shows earned, pending and remaining', async () => {
    const org = await anOrganisation(bot);
    await org.submittedClaim();
    const { card } = await org.say('budget ADD-PC 2026-Q3', BOB);
    const text = cardText(card);
    expect(text).toContain('What can we still claim? · ADD-PC 2026-Q3');
    expect(text).toMatch(/Earned\s+USD 50,000\.00/);
    expect(text).toMatch(/Pending \(submitted, in review, disputed\)\s+USD 1,200\.50/);
    expect(text).toMatch(/Remaining\s+USD 48,799\.50/);
    expect(findAction(card, 'budget.show')).toBeDefined();
    expect((await org.say('budget', BOB)).text).toMatch(/Usage: `budget PROGRAM PERIOD/);
    const colleague = await org.say('budget ADD-PC 2026-Q3', COLE);
    expect(colleague.card).toBeUndefined();
    expect(colleague.text).toMatch(/^Only /);
  });

  it.each(['budget ADD-PC', 'rate EUR'])(
    'when `%s` is typed without its last argument then the usage is shown, not the unknown-command hint',
    async (typed) => {
      const org = await anOrganisation(bot, { reviewers: false });
      const { text } = await org.say(typed, ANN);
      expect(text).toMatch(/^Usage: `/);
    },
  );

  it('when an admin sets an exchange rate then `rates` lists it, and a user cannot set one', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    expect((await org.say('rates', BOB)).text).toMatch(/No exchange rates are set/);
    expect((await org.say('rate EUR 0.92', ANN)).text).toBe(
      'Exchange rate set: **1 USD = 0.92 EUR (set 2026-10-01)**. USD caps in EUR programs use it from now on.',
    );
    expect((await org.say('rate GBP 0.8', BOB)).text).toMatch(/Only an incentives admin can set exchange rates/);
    expect((await org.say('rate USD 1', ANN)).text).toMatch(/Caps are in USD already/);
    const rates = (await org.say('rates', BOB)).text;
    expect(rates).toContain('1 USD = 0.92 EUR (set 2026-10-01)');
    expect(rates).not.toContain('GBP');
  });

  it('when an admin says `users here` then every member of the conversation (over several roster pages) becomes an incentives user', async () => {
    const org = new Organisation(bot);
    await org.say('funds ADD-PC 2026-Q3 50000', ANN);
    const crowd = Array.from({ length: 105 }, (_, i) => ({
      id: `29:crowd-${i}-${org.tenantId}`,
      aadObjectId: `aad-crowd-${i}`,
      name: `Crowd ${i}`,
    }));
    bot.connector.setRoster(org.partner.conversationId, [ANN, COLE, ...crowd]);
    expect((await org.say('users here', COLE)).text).toMatch(/Only an incentives admin can grant roles/);
    const res = await org.say('users here', ANN);
    expect(res.text).toBe('107 member(s) of this conversation are now incentives users (0 already were).');
    const last = crowd[104]!;
    expect((await org.newClaim({}, last)).number).toBe('CLM-000001');
    expect((await org.newClaim({}, COLE)).number).toBe('CLM-000002');
    expect((await org.say('users here', ANN)).text).toMatch(/^0 member\(s\) .* \(107 already were\)/);
  });

  it('when an admin revokes a role then that person can no longer use it, and `roles` shows who holds what and the changes', async () => {
    const org = await anOrganisation(bot);
    const revokeBob = message(org.partner, ANN, 'revoke user <at>Bob User</at>', {
      entities: [
        { type: 'mention', text: '<at>ClaimsBot</at>', mentioned: { id: '28:claims-bot', name: 'ClaimsBot' } },
        { type: 'mention', text: '<at>Bob User</at>', mentioned: { id: BOB.id, name: BOB.name } },
      ],
    });
    const mark = org.mark();
    await bot.post(revokeBob);
    expect(org.textsTo(org.partner, mark)).toEqual([
      expect.stringMatching(/^Bob User is no longer an incentives user\.$/),
    ]);
    expect((await org.say('new claim', BOB)).text).toMatch(/Only incentives admins and users can create claims/);
    await bot.post({ ...revokeBob, id: `${revokeBob.id}-again` });
    expect(org.textsTo(org.partner, mark).pop()).toMatch(/^Bob User was not an incentives user\.$/);

    expect((await org.say('roles', BOB)).text).toMatch(/Only an incentives admin can see who holds which role/);
    const roles = visibleText((await org.say('roles', ANN)).card);
    expect(roles).toContain('Incentives admins (1)\nAnn Admin');
    expect(roles).toContain('Incentives users (1)\nUma User');
    expect(roles).toMatch(new RegExp(`Reviewers \\(2\\)\\n(${RITA.name}, ${CARL.name}|${CARL.name}, ${RITA.name})`));
    expect(roles).toContain('Ann Admin took back Bob User the role incentives user');
  });

  it('when the only admin revokes their own admin role then it is refused and they stay admin; a second admin can be made', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const mention = (verb: string, who: UserSpec, by: UserSpec = ANN) =>
      message(org.partner, by, `${verb} <at>${who.name}</at>`, {
        entities: [
          { type: 'mention', text: '<at>ClaimsBot</at>', mentioned: { id: '28:claims-bot', name: 'ClaimsBot' } },
          { type: 'mention', text: `<at>${who.name}</at>`, mentioned: { id: who.id, name: who.name } },
        ],
      });
    let mark = org.mark();
    await bot.post(mention('revoke admin', ANN));
    expect(org.textsTo(org.partner, mark)).toEqual([
      'Ann Admin is the last incentives admin of this organisation. Make someone else admin first.',
    ]);
    expect((await org.say('funds ADD-PC 2026-Q4 1000', ANN)).text).toMatch(/set to/);

    mark = org.mark();
    await bot.post(mention('admin', UMA));
    await bot.post(mention('revoke admin', ANN, UMA));
    expect(org.textsTo(org.partner, mark).join('\n')).toMatch(
      /Uma User is now an incentives admin\.?[\s\S]*Ann Admin is no longer an incentives admin\./,
    );
    expect((await org.say('funds ADD-PC 2026-Q4 1', ANN)).text).toMatch(
      /Only an incentives admin can set earned funds/,
    );
    expect((await org.say('funds ADD-PC 2026-Q4 2000', UMA)).text).toMatch(/set to \*\*USD 2,000\.00\*\*/);
  });

  it.each(['/', '/privacy', '/terms'])(
    'when a browser opens %s (linked from the app manifest) then it gets a page',
    async (path) => {
      const res = await fetch(`${bot.app.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toMatch(/<h1>/);
    },
  );
});
