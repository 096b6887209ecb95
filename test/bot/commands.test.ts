import { ANN, BOB, botAdded } from '../support/activities';
import { cardText, TestBot, VALID_FORM } from '../support/app';
import { cardOf } from '../support/connector';

describe('text commands over the real HTTP path', () => {
  const bot = new TestBot();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  it('when someone says help then a card lists every command with one line each', async () => {
    const { card } = await bot.say('help');
    const text = cardText(card);
    for (const usage of [
      'help',
      'new claim',
      'claim CLM-000123',
      'claims [mine] [status]',
      'overview',
      'funds PROGRAM PERIOD AMOUNT [CURRENCY]',
    ]) {
      expect(text).toContain(usage);
    }
  });

  it('when the text is unknown then the bot hints at help instead of staying silent', async () => {
    const { text, replies } = await bot.say('please do my taxes');
    expect(replies).toHaveLength(1);
    expect(text).toMatch(/help/);
  });

  it('when the bot is added to a team then it introduces itself with the help card', async () => {
    const before = bot.connector.calls.length;
    const res = await bot.post(botAdded(bot.where, ANN));
    expect(res.status).toBe(200);
    const sent = bot.connector.calls.slice(before);
    expect(cardText(cardOf(sent[0]))).toContain('new claim');
  });

  it('when a user who is not an admin sets funds then they are refused and nothing is stored', async () => {
    await bot.say('help', ANN); // Ann speaks first in this tenant: she is its admin
    const refused = await bot.say('funds ADD-PC 2026-Q3 50000', BOB);
    expect(refused.text).toMatch(/only an incentives admin/i);
    expect(await bot.app.db.collection('programs').countDocuments({})).toBe(0);
    const ok = await bot.funds('ADD-PC', '2026-Q3', '50000');
    expect(ok.text).toContain('USD 50,000.00');
  });

  it('when funds are given badly then the admin learns the right form', async () => {
    expect((await bot.say('funds ADD-PC')).text).toMatch(/Usage: `funds/);
    expect((await bot.say('funds ADD-PC 2026-Q9 100')).text).toMatch(/not a usage period/);
    expect((await bot.say('funds ADD-PC 2026-Q3 lots')).text).toMatch(/not an amount/);
  });

  it('when someone asks for a claim number that does not exist then they are told so', async () => {
    const { text } = await bot.say('claim CLM-999999');
    expect(text).toMatch(/can't find claim CLM-999999/);
    expect((await bot.say('claim banana')).text).toMatch(/Usage: `claim CLM-000123`/);
  });

  it('when claims exist then `claims` lists them, filtered by status and by mine', async () => {
    await bot.funds('ADD-PC', '2026-Q3', '50000');
    const created = await bot.press('claim.create', VALID_FORM, BOB);
    expect(created.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const all = cardText((await bot.say('claims')).card);
    expect(all).toMatch(/CLM-\d{6}/);
    expect(cardText((await bot.say('claims editing')).card)).toMatch(/CLM-\d{6}/);
    expect(cardText((await bot.say('claims submitted')).card)).toMatch(/No claims are Submitted/);
    expect(cardText((await bot.say('claims mine', ANN)).card)).toMatch(/No claims yet/);
    expect(cardText((await bot.say('claims mine', BOB)).card)).toMatch(/CLM-\d{6}/);
    expect((await bot.say('claims sideways')).text).toMatch(/Usage: `claims/);
  });

  it('when someone asks for the overview then it shows each program and period with funds', async () => {
    const text = cardText((await bot.say('overview')).card);
    expect(text).toContain('ADD-PC · 2026-Q3');
    expect(text).toContain('USD 50,000.00');
    expect(text).toMatch(/Editing 1/);
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
