import { randomUUID } from 'node:crypto';
import { ANN, invoke, message, type Where } from '../support/activities';
import { TestBot } from '../support/app';
import { COLLECTIONS } from '../../src/store/mongo';

/**
 * Issue 11, point 11: the identity fields of an activity (tenant, sender, conversation, bot) are
 * checked at the edge; a mismatched or malformed one is refused before anything reaches the database.
 */
describe('activity identity at the edge', () => {
  const bot = new TestBot();

  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  /** A tenant of its own whose admin (the first person) has already spoken. */
  async function aTenant(): Promise<Where> {
    const where: Where = { ...bot.where, tenantId: `tenant-${randomUUID().slice(0, 8)}` };
    await bot.say('help', ANN, where);
    return where;
  }

  async function stored(tenantIds: readonly string[]) {
    const count = (name: string) => bot.app.db.collection(name).countDocuments({ tenantId: { $in: [...tenantIds] } });
    return {
      programs: await count(COLLECTIONS.programs),
      members: await count(COLLECTIONS.members),
      roles: await count(COLLECTIONS.memberRoles),
      conversations: await count(COLLECTIONS.conversations),
      tenants: await bot.app.db
        .collection(COLLECTIONS.tenants)
        .countDocuments({ _id: { $in: [...tenantIds] } as never }),
    };
  }

  /** Posts an activity and returns the text the bot sent back into its conversation. */
  async function send(activity: Record<string, unknown>): Promise<{ status: number; text: string }> {
    const before = bot.connector.calls.length;
    const res = await bot.post(activity);
    const text = bot.connector.calls
      .slice(before)
      .map((c) => String(c.body.text ?? ''))
      .join('\n');
    return { status: res.status, text: `${text}${res.text}` };
  }

  it('when conversation.tenantId and channelData.tenant.id differ then the activity is refused and nothing is stored for either tenant', async () => {
    const a = `tenant-${randomUUID().slice(0, 8)}`;
    const b = `tenant-${randomUUID().slice(0, 8)}`;
    const activity = message({ ...bot.where, tenantId: a }, ANN, 'funds ADD-PC 2026-Q3 999999 USD', {
      channelData: { tenant: { id: b } },
    });
    const res = await send(activity);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/two different Microsoft Teams organisations/);
    expect(res.text).toMatch(/Nothing was changed/);
    expect(await stored([a, b])).toEqual({ programs: 0, members: 0, roles: 0, conversations: 0, tenants: 0 });
  });

  it('when a card is pressed with mismatched tenant ids then the press is refused and nothing changes', async () => {
    const a = `tenant-${randomUUID().slice(0, 8)}`;
    const b = `tenant-${randomUUID().slice(0, 8)}`;
    const activity = invoke({ ...bot.where, tenantId: a }, ANN, 'overview.show', {}, 'card-1', {
      channelData: { tenant: { id: b } },
    });
    const res = await bot.post(activity);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/two different Microsoft Teams organisations/);
    expect(await stored([a, b])).toEqual({ programs: 0, members: 0, roles: 0, conversations: 0, tenants: 0 });
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
      const where = await aTenant();
      const before = await stored([where.tenantId]);
      // A reply goes back to the sender, so a message whose sender is malformed may get none: the
      // refusal is logged; a card press gets it as its answer.
      const sent = await send(message(where, ANN, 'funds ADD-PC 2026-Q3 999999 USD', overrides));
      expect(sent.status).toBe(200);
      expect(sent.text).not.toMatch(/Earned funds/);
      const pressed = await bot.post(invoke(where, ANN, 'overview.show', {}, 'card-1', overrides));
      expect(pressed.status).toBe(200);
      expect(pressed.text).toMatch(/can't tell who sent this/);
      expect(await stored([where.tenantId])).toEqual(before);
    },
  );

  it.each([
    [
      'conversation.id is an operator object',
      (w: Where) => ({ conversation: { id: { $gt: '' }, tenantId: w.tenantId } }),
    ],
    ['recipient.id is an array', () => ({ recipient: { id: ['28:claims-bot'], name: 'ClaimsBot' } })],
  ])('when %s then the activity is refused before anything is stored', async (_, overrides) => {
    const where = await aTenant();
    const before = await stored([where.tenantId]);
    const res = await bot.post(
      message({ ...where, conversationType: 'personal' }, ANN, 'funds ADD-PC 2026-Q3 999999 USD', overrides(where)),
    );
    expect(res.status).toBe(200);
    expect(await stored([where.tenantId])).toEqual(before);
    expect(
      await bot.app.db.collection(COLLECTIONS.processed).countDocuments({ _id: { $regex: where.tenantId } as never }),
    ).toBe(
      1, // only the admin's own "help"
    );
  });
});
