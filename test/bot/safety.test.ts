/**
 * Tenancy, concurrency, replays and bad input over the real HTTP path. Each test arranges its own
 * organisation (a fresh tenant) and its own claim.
 */
import { ANN, BOB, EVE, invoke, message } from '../support/activities';
import { cardText, findAction } from '../support/app';
import { FORM, UMA, anOrganisation, refOf, useBot, type Organisation } from '../support/scene';

describe('tenancy, concurrency, replays and bad input', () => {
  const bot = useBot();

  const eventsOf = (claimId: string) =>
    bot.app.db.collection('claim_events').find({ claimId }).sort({ seq: 1 }).toArray();
  const storedClaim = (claimId: string) => bot.app.db.collection('claims').findOne({ _id: claimId as never });

  /** Another organisation, whose admin (Eve) has a program of her own. */
  async function otherOrganisation(): Promise<Organisation> {
    const other = await anOrganisation(bot, { reviewers: false, funds: [['ADD-PC', '2026-Q3', '1']] });
    return other;
  }

  it('when a user of another tenant asks for the claim by number then they get not found', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const other = await otherOrganisation();
    const { text } = await other.say(`claim ${claim.number}`, ANN);
    expect(text).toMatch(new RegExp(`can't find claim ${claim.number}`));
    const list = cardText((await other.say('claims', ANN)).card);
    expect(list).toMatch(/No claims yet/);
    expect(list).not.toContain(claim.number);
  });

  it('when a user of another tenant replays card data of this claim then nothing is read or changed', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const other = await otherOrganisation();
    const before = await eventsOf(claim.claimId);
    for (const [verb, data] of [
      ['claim.refresh', { claimId: claim.claimId }],
      ['claim.history', { claimId: claim.claimId, page: 0 }],
      ['claim.comment', { claimId: claim.claimId, version: claim.version, comment: 'from outside' }],
      ['claim.submit', { claimId: claim.claimId, version: claim.version }],
      ['claim.metrics', { claimId: claim.claimId, version: claim.version, metric_estimatedReach: '1' }],
      ['document.list', { claimId: claim.claimId, page: 0 }],
    ] as const) {
      // The other organisation's admin (every role there) and a colleague there: neither sees anything.
      const admin = await other.press(verb, data, ANN);
      expect(admin.body.type).toBe('application/vnd.microsoft.activity.message');
      expect(String(admin.body.value)).toMatch(/can't find that claim/);
      const colleague = await other.press(verb, data, EVE);
      expect(colleague.body.type).toBe('application/vnd.microsoft.activity.message');
      for (const res of [admin, colleague])
        expect(JSON.stringify(res.body)).not.toMatch(new RegExp(`${claim.number}|${claim.claimId}`));
    }
    expect(await eventsOf(claim.claimId)).toEqual(before);
    expect((await storedClaim(claim.claimId))?.version).toBe(claim.version);
  });

  it('when two people act on the same card version at once then exactly one wins and the other gets the fresh card', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const [a, b] = await Promise.all([
      org.press('claim.comment', { claimId: claim.claimId, version: claim.version, comment: 'first!' }, ANN),
      org.press('claim.comment', { claimId: claim.claimId, version: claim.version, comment: 'no, me first!' }, BOB),
    ]);
    const texts = [cardText(a.body.value), cardText(b.body.value)];
    expect(texts.filter((t) => t.includes('Comment posted'))).toHaveLength(1);
    expect(texts.filter((t) => /changed while you were looking/.test(t))).toHaveLength(1);
    const events = await eventsOf(claim.claimId);
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
    expect(events.filter((e) => e.type === 'claim.commented')).toHaveLength(1);
    const stored = await storedClaim(claim.claimId);
    expect(stored?.version).toBe(claim.version + 1);
    expect(stored?.commentCount).toBe(1);
    // The loser's card carries the new version (and keeps what they typed), so trying again works.
    const loser = [a, b].find((r) => /changed while you were looking/.test(cardText(r.body.value)))!;
    expect(refOf(loser.body.value).version).toBe(claim.version + 1);
    const again = await org.press('claim.comment', { ...refOf(loser.body.value), comment: 'second, then' }, BOB);
    expect(cardText(again.body.value)).toContain('Comment posted');
  });

  it('when ten people press at once then one wins and History has no gaps or duplicates', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const people = [ANN, BOB, UMA];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        org.press(
          'claim.info',
          { claimId: claim.claimId, version: claim.version, additionalInfo: `version from person ${i}` },
          people[i % 3],
        ),
      ),
    );
    const winners = results.filter((r) => cardText(r.body.value).includes('Additional information saved'));
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => /changed while you were looking/.test(cardText(r.body.value)))).toHaveLength(9);
    const stored = await storedClaim(claim.claimId);
    expect(stored?.version).toBe(claim.version + 1);
    expect(cardText(winners[0]!.body.value)).toContain(String(stored?.additionalInfo));
    expect((await eventsOf(claim.claimId)).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('when Teams replays a versioned press with the same id then it is handled once', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    // A versioned press skips the replay ledger: the replay meets its own version, changes nothing,
    // and (the same person's same comment made that version) says the comment is posted.
    const activity = invoke(org.partner, ANN, 'claim.comment', {
      claimId: claim.claimId,
      version: claim.version,
      comment: 'said once',
    });
    const first = await bot.post(activity);
    const second = await bot.post(activity);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(cardText(JSON.parse(first.text).value)).toContain('Comment posted');
    expect(cardText(JSON.parse(second.text).value)).toContain('Comment posted');
    expect(cardText(JSON.parse(second.text).value)).not.toMatch(/nothing was saved/);
    expect(
      await bot.app.db
        .collection('claim_events')
        .countDocuments({ claimId: claim.claimId, type: 'claim.commented', 'data.text': 'said once' }),
    ).toBe(1);
  });

  it('when Teams replays a press without a version (create) then the replay ledger answers "already handled" and nothing more is created', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const create = invoke(org.partner, BOB, 'claim.create', FORM, 'form-replayed');
    const first = await bot.post(create);
    expect(
      await bot.app.db
        .collection('processed_activities')
        .countDocuments({ _id: `${org.tenantId}:${create.id}` as never }),
    ).toBe(1);
    expect(cardText(JSON.parse(first.text).value)).toContain('Claim CLM-000001 created');
    const again = await bot.post(create);
    expect(JSON.parse(again.text).value).toMatch(/already handled/);
    expect(await bot.app.db.collection('claims').countDocuments({ tenantId: org.tenantId })).toBe(1);
  });

  it('when Teams replays a command message then one that changes or posts something is handled once, and one that only reads is answered again', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const newClaim = message(org.partner, BOB, 'new claim');
    let mark = org.mark();
    await bot.post(newClaim);
    await bot.post(newClaim);
    expect(org.cardsTo(org.partner, mark)).toHaveLength(1);

    const funds = message(org.partner, ANN, 'funds ADD-PC 2026-Q4 1000');
    mark = org.mark();
    await bot.post(funds);
    await bot.post(funds);
    expect(org.textsTo(org.partner, mark)).toHaveLength(1);

    // Reading commands skip the ledger: answering twice changes nothing.
    const help = message(org.partner, BOB, 'help');
    mark = org.mark();
    await bot.post(help);
    await bot.post(help);
    expect(org.cardsTo(org.partner, mark)).toHaveLength(2);
    expect(
      await bot.app.db
        .collection('processed_activities')
        .countDocuments({ _id: `${org.tenantId}:${help.id}` as never }),
    ).toBe(0);
  });

  it.each([
    ['a version that is an operator', { claimId: 'use-real', version: { $gt: 0 }, comment: 'x' }],
    ['a claim id that is an operator', { claimId: { $ne: '' }, version: 1, comment: 'x' }],
    ['a comment that is an object', { claimId: 'use-real', version: 1, comment: { $where: 'sleep(1000)' } }],
    ['a huge comment', { claimId: 'use-real', version: 1, comment: 'x'.repeat(100_000) }],
    ['a negative version', { claimId: 'use-real', version: -1, comment: 'x' }],
    ['no data at all', null],
  ])('when card data has %s then the press is refused with a 4xx and nothing changes', async (_name, data: unknown) => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const before = await eventsOf(claim.claimId);
    const payload =
      data && (data as { claimId?: unknown }).claimId === 'use-real' ? { ...data, claimId: claim.claimId } : data;
    const res = await org.press('claim.comment', payload, ANN);
    expect(res.status).toBe(400);
    expect(res.body.statusCode).toBe(400);
    expect(res.body.type).toBe('application/vnd.microsoft.error');
    expect(JSON.stringify(res.body.value)).not.toMatch(/zod|stack|Error:|at \w+ \(/i);
    expect(await eventsOf(claim.claimId)).toEqual(before);
  });

  it('when the verb is unknown then the press is refused clearly and the server keeps working', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const res = await org.press('claim.delete-everything', { claimId: claim.claimId }, ANN);
    expect(res.body.statusCode).toBe(400);
    expect(JSON.stringify(res.body.value)).toMatch(/not supported/);
    expect(await storedClaim(claim.claimId)).toMatchObject({ version: claim.version, status: 'Editing' });
    expect((await fetch(`${bot.app.url}/healthz`)).status).toBe(200);
  });

  it('when the invoke is not an Action.Execute then the framework refuses it and nothing changes', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const activity = invoke(org.partner, ANN, 'claim.comment', {
      claimId: claim.claimId,
      version: claim.version,
      comment: 'x',
    });
    (activity.value as { action: { type: string } }).action.type = 'Action.Submit';
    const res = await bot.post(activity);
    expect(JSON.parse(res.text).statusCode).toBeGreaterThanOrEqual(400);
    expect((await eventsOf(claim.claimId)).map((e) => e.type)).toEqual(['claim.created']);
  });

  it('when the body is not JSON or is too large then the server answers 4xx and stays up', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    expect((await bot.post('{"type": "message", ')).status).toBeGreaterThanOrEqual(400);
    const huge = JSON.stringify(message(org.partner, ANN, 'x'.repeat(2_000_000)));
    expect((await bot.post(huge)).status).toBe(413);
    expect((await org.say('help', ANN)).card).toBeDefined();
  });

  it('when a stale card is pressed then the user sees the current card with a notice, not an overwrite', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const saved = await org.press('claim.info', {
      claimId: claim.claimId,
      version: claim.version,
      additionalInfo: 'new card',
    });
    expect(cardText(saved.body.value)).toContain('Additional information saved');
    const res = await org.press('claim.info', {
      claimId: claim.claimId,
      version: claim.version,
      additionalInfo: 'old card',
    });
    expect(cardText(res.body.value)).toMatch(/changed while you were looking/);
    expect(findAction(res.body.value, 'claim.info')).toBeDefined();
    expect((await storedClaim(claim.claimId))?.additionalInfo).toBe('new card');
  });

  it('when an activity has no tenant then the bot explains it works inside Teams organisations only', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const activity = message(org.partner, ANN, 'claims');
    const stripped = {
      ...activity,
      conversation: { id: `x-${org.tenantId}`, conversationType: 'personal' },
      channelData: {},
    };
    const mark = org.mark();
    await bot.post(stripped);
    const sent = bot.connector.calls.slice(mark).filter((c) => c.conversationId === `x-${org.tenantId}`);
    expect(sent).toHaveLength(1);
    expect(String(sent[0]?.body.text)).toMatch(/Microsoft Teams organisation/);
  });

  it('when a comment is 2,000 characters of emoji then it is accepted (limits count characters, not UTF-16 units) and one more is refused with the limit', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    const claim = await org.newClaim();
    const atLimit = '📎'.repeat(2000); // 4,000 UTF-16 units, 2,000 characters
    const posted = await org.press('claim.comment', {
      claimId: claim.claimId,
      version: claim.version,
      comment: atLimit,
    });
    expect(cardText(posted.body.value)).toContain('Comment posted');
    const now = await org.current(claim.claimId);
    const over = await org.press('claim.comment', {
      claimId: claim.claimId,
      version: now.version,
      comment: `${atLimit}📎`,
    });
    expect(cardText(over.body.value)).toContain('A comment can be at most 2000 characters.');
    expect((await eventsOf(claim.claimId)).filter((e) => e.type === 'claim.commented')).toHaveLength(1);
  });
});
