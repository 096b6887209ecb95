import { ANN, invoke, message } from '../support/activities';
import { TestBot } from '../support/app';

describe('with MicrosoftAppId set, inbound activities must carry a valid Bot Framework token', () => {
  const bot = new TestBot({
    MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
    MicrosoftAppPassword: 'not-a-real-secret',
  });
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  // A syntactically valid JWT signed with a key nobody trusts.
  const forged = [
    Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'forged' })).toString('base64url'),
    Buffer.from(
      JSON.stringify({
        iss: 'https://api.botframework.com',
        aud: '00000000-0000-0000-0000-000000000001',
        exp: 4102444800,
        serviceurl: 'http://127.0.0.1',
      }),
    ).toString('base64url'),
    Buffer.from('not-a-signature').toString('base64url'),
  ].join('.');

  it.each([
    ['no Authorization header', {}],
    ['a forged bearer token', { authorization: `Bearer ${forged}` }],
    ['garbage', { authorization: 'Bearer abc' }],
  ])('when an activity comes with %s then it gets 401 and changes nothing', async (_name, headers) => {
    const activity = message({ ...bot.where, serviceUrl: bot.connector.url }, ANN, 'funds ADD-PC 2026-Q3 50000');
    const res = await bot.post(activity, headers);
    expect(res.status).toBe(401);
    expect(res.text).not.toMatch(/stack|at \w+ \(/);
    expect(await bot.app.db.collection('programs').countDocuments({})).toBe(0);
    expect(await bot.app.db.collection('members').countDocuments({})).toBe(0);
    expect(bot.connector.calls).toHaveLength(0);
  });

  it('when a card press comes without a valid token then it gets 401 and no claim is created', async () => {
    const press = invoke({ ...bot.where, serviceUrl: bot.connector.url }, ANN, 'claim.create', { program: 'ADD-PC' });
    const res = await bot.post(press, { authorization: `Bearer ${forged}` });
    expect(res.status).toBe(401);
    expect(await bot.app.db.collection('claims').countDocuments({})).toBe(0);
    expect(await bot.app.db.collection('processed_activities').countDocuments({})).toBe(0);
    expect(bot.connector.calls).toHaveLength(0);
  });
});
