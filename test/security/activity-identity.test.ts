import { ANN, invoke, message } from '../support/activities';
import { anOrganisation, Organisation, useBot } from '../support/scene';
import { COLLECTIONS } from '../../src/store/mongo';

/**
 * Issue 11, point 11: the identity fields of an activity (tenant, sender, conversation, bot) are
 * checked at the edge; a mismatched or malformed one is refused before anything reaches the
 * database. The hostile activities say `funds …` — an admin command that, were it run, would
 * store funds, a program, a member or the replay ledger's record of the activity.
 */
describe('activity identity at the edge', () => {
  const bot = useBot();
  const HOSTILE = 'funds ADD-PC 2026-Q3 999999 USD';

  /** What the bot keeps per tenant: nothing of it may change when an activity is refused. */
  async function stored(tenantIds: readonly string[]) {
    const db = bot.app.db;
    const count = (name: string) => db.collection(name).countDocuments({ tenantId: { $in: [...tenantIds] } });
    return {
      programs: await count(COLLECTIONS.programs),
      funds: await count(COLLECTIONS.fundsLedger),
      members: await count(COLLECTIONS.members),
      roles: await count(COLLECTIONS.memberRoles),
      roleEvents: await count(COLLECTIONS.roleEvents),
      conversations: await count(COLLECTIONS.conversations),
      tenants: await db.collection(COLLECTIONS.tenants).countDocuments({ _id: { $in: [...tenantIds] } as never }),
      // The replay ledger keys each handled activity as `<tenant>:<activity id>`.
      ledger: await db
        .collection(COLLECTIONS.processed)
        .countDocuments({ $or: tenantIds.map((t) => ({ _id: { $regex: `^${t}:` } as never })) }),
    };
  }

  const NOTHING = {
    programs: 0,
    funds: 0,
    members: 0,
    roles: 0,
    roleEvents: 0,
    conversations: 0,
    tenants: 0,
    ledger: 0,
  };

  /** Posts an activity and returns the bot's answer and what it sent back into the conversation. */
  async function send(activity: Record<string, unknown>): Promise<{ status: number; text: string }> {
    const before = bot.connector.calls.length;
    const res = await bot.post(activity);
    const text = bot.connector.calls
      .slice(before)
      .map((c) => String(c.body.text ?? ''))
      .join('\n');
    return { status: res.status, text: `${text}${res.text}` };
  }

  it('when the activity names its sender and tenant properly then the admin command runs (what the refusals below prevent)', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const before = await stored([org.tenantId]);
    const sent = await send(message(org.partner, ANN, HOSTILE));
    expect(sent.text).toMatch(/Earned funds of \*\*ADD-PC\*\* for \*\*2026-Q3\*\* set to/);
    const after = await stored([org.tenantId]);
    expect(after.funds).toBeGreaterThan(before.funds);
    expect(after.ledger).toBe(before.ledger + 1);
  });

  it('when conversation.tenantId and channelData.tenant.id differ then the activity is refused and nothing is stored for either tenant', async () => {
    const a = new Organisation(bot);
    const b = new Organisation(bot);
    const activity = message(a.partner, ANN, HOSTILE, { channelData: { tenant: { id: b.tenantId } } });
    const res = await send(activity);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/two different Microsoft Teams organisations/);
    expect(res.text).toMatch(/Nothing was changed/);
    expect(await stored([a.tenantId, b.tenantId])).toEqual(NOTHING);
  });

  it('when a card is pressed with mismatched tenant ids then the press is refused and nothing changes', async () => {
    const a = new Organisation(bot);
    const b = new Organisation(bot);
    const activity = invoke(a.partner, ANN, 'overview.show', {}, 'card-1', {
      channelData: { tenant: { id: b.tenantId } },
    });
    const res = await bot.post(activity);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/two different Microsoft Teams organisations/);
    expect(await stored([a.tenantId, b.tenantId])).toEqual(NOTHING);
  });

  it.each([
    ['from.id is an operator object', { from: { id: { $gt: '' }, aadObjectId: 'aad-x', name: 'Mallory' } }],
    ['from.aadObjectId is an operator object', { from: { id: '29:mallory', aadObjectId: { $ne: null }, name: 'M' } }],
    ['from.id is a number', { from: { id: 42, name: 'Mallory' } }],
    ['from.id is missing', { from: { name: 'Mallory' } }],
    ['from.id is 5,000 characters', { from: { id: `29:${'x'.repeat(5000)}`, name: 'Mallory' } }],
    ['from.id has a line break', { from: { id: '29:mal\nlory', name: 'Mallory' } }],
    ['from.name is an object', { from: { id: '29:mallory', name: { first: 'Mallory' } } }],
  ])(
    'when %s then the admin-only command does not run, no one is added, and a card press is told why',
    async (_, overrides) => {
      const org = await anOrganisation(bot, { reviewers: false });
      const before = await stored([org.tenantId]);
      // A reply goes back to the sender, so a message whose sender is malformed may get none: the
      // refusal is logged; a card press gets it as its answer.
      const sent = await send(message(org.partner, ANN, HOSTILE, overrides));
      expect(sent.status).toBe(200);
      expect(sent.text).not.toMatch(/Earned funds/);
      const pressed = await bot.post(invoke(org.partner, ANN, 'overview.show', {}, 'card-1', overrides));
      expect(pressed.status).toBe(200);
      expect(pressed.text).toMatch(/can't tell who sent this/);
      expect(await stored([org.tenantId])).toEqual(before);
    },
  );

  it.each([
    [
      'conversation.id is an operator object',
      (org: Organisation) => ({ conversation: { id: { $gt: '' }, tenantId: org.tenantId } }),
    ],
    ['recipient.id is an array', () => ({ recipient: { id: ['28:claims-bot'], name: 'ClaimsBot' } })],
  ])('when %s then the activity is refused before anything is stored', async (_, overrides) => {
    const org = await anOrganisation(bot, { reviewers: false });
    const before = await stored([org.tenantId]);
    const res = await bot.post(message(org.personal(ANN), ANN, HOSTILE, overrides(org)));
    expect(res.status).toBe(200);
    // Not even the replay ledger saw it: the refusal comes before the first database call.
    expect(await stored([org.tenantId])).toEqual(before);
  });
});
