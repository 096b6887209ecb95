/**
 * The bot is removed from the team (or the chat) of the review channel: it forgets the channel, so
 * submitted claims wait for the next `review channel here` — which posts their cards — instead of
 * being posted where nobody sees them. A removal elsewhere changes nothing.
 */
import { ANN, botRemoved, message } from '../support/activities';
import { anOrganisation, useBot, type Organisation } from '../support/scene';

describe('the bot removed from the review channel', () => {
  const bot = useBot();
  beforeEach(() => bot.clock.set('2026-10-01T09:00:00Z'));

  const reviewChannelOf = async (org: Organisation) =>
    (await bot.app.db.collection('tenant_settings').findOne({ _id: `${org.tenantId}:reviewChannel` as never }))
      ?.value as { conversationId: string; teamId?: string } | undefined;

  async function reviewChannelInTeam(org: Organisation, teamId: string): Promise<void> {
    const res = await bot.post(
      message(org.reviews, ANN, 'review channel here', {
        channelData: { tenant: { id: org.tenantId }, team: { id: teamId } },
      }),
    );
    expect(res.status).toBe(200);
    expect(await reviewChannelOf(org)).toMatchObject({ conversationId: org.reviews.conversationId, teamId });
  }

  it('when the bot is removed from the team of the review channel then the channel is forgotten, and a submitted claim waits for the next review channel', async () => {
    const org = await anOrganisation(bot);
    await reviewChannelInTeam(org, `team-${org.tenantId}`);
    const general = { ...org.reviews, conversationId: `team-${org.tenantId}` };
    expect((await bot.post(botRemoved(general, ANN, `team-${org.tenantId}`))).status).toBe(200);
    expect(await reviewChannelOf(org)).toBeUndefined();

    const mark = org.mark();
    const claim = await org.submittedClaim();
    expect(org.sentTo(org.reviews, mark)).toHaveLength(0);

    const again = { ...org.reviews, conversationId: `19:new-reviews-${org.tenantId}` };
    const set = await org.say('review channel here', ANN, again);
    expect(set.text + JSON.stringify(set.card ?? {})).not.toMatch(/went wrong/);
    const posted = org.sentTo(again, mark).map((c) => JSON.stringify(c.body));
    expect(posted.some((b) => b.includes(claim.number))).toBe(true);
  });

  it('when the bot is removed from the review channel itself (its General channel is the team) then the channel is forgotten', async () => {
    const org = await anOrganisation(bot);
    expect(await reviewChannelOf(org)).toMatchObject({ conversationId: org.reviews.conversationId });
    expect((await bot.post(botRemoved(org.reviews, ANN, org.reviews.conversationId))).status).toBe(200);
    expect(await reviewChannelOf(org)).toBeUndefined();
  });

  it('when the bot is removed from another team or chat then the review channel stays', async () => {
    const org = await anOrganisation(bot);
    await reviewChannelInTeam(org, `team-${org.tenantId}`);
    expect((await bot.post(botRemoved(org.partner, ANN, `other-team-${org.tenantId}`))).status).toBe(200);
    const chat = { ...org.partner, conversationId: `19:chat-${org.tenantId}`, conversationType: 'groupChat' as const };
    expect((await bot.post(botRemoved(chat, ANN))).status).toBe(200);
    expect(await reviewChannelOf(org)).toMatchObject({ conversationId: org.reviews.conversationId });
  });

  it("when another organisation's bot removal names this team then this organisation's review channel stays", async () => {
    const org = await anOrganisation(bot);
    await reviewChannelInTeam(org, `team-${org.tenantId}`);
    const other = await anOrganisation(bot);
    const elsewhere = { ...other.reviews, conversationId: `team-${org.tenantId}` };
    expect((await bot.post(botRemoved(elsewhere, ANN, `team-${org.tenantId}`))).status).toBe(200);
    expect(await reviewChannelOf(org)).toMatchObject({ conversationId: org.reviews.conversationId });
  });
});
