/**
 * Issue 11, access: who may do what (domain.md, Decisions: Roles), over the real HTTP path.
 * One test per finding; each arranges its own organisation.
 */
import { ANN, BOB, EVE, invoke, message } from '../support/activities';
import { findAction, TestBot } from '../support/app';
import { FILES, postForm } from '../support/files';
import { TokenIssuer } from '../support/issuer';
import { anOrganisation, COLE, readable, RITA, UMA, uploadUrlOf, useBot } from '../support/scene';

const APP_ID = '00000000-0000-4000-8000-0000000000a1';

describe('with authentication on, incentives admins come from configuration (11.1)', () => {
  const issuer = new TokenIssuer();
  let bot: TestBot;
  beforeAll(async () => {
    await issuer.start();
    bot = new TestBot({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'test-secret',
      BOT_OPENID_METADATA_URL: issuer.metadataUrl,
      INCENTIVES_ADMINS: 'aad-0000-not-used@contoso.com, 7c1d2e3f-0000-4000-8000-00000000ad01',
    });
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
    await issuer.stop();
  });

  const signed = async (activity: { serviceUrl: string }) =>
    bot.post(activity, { authorization: `Bearer ${issuer.token(APP_ID, activity.serviceUrl)}` });

  it('when the first person of an organisation writes to the bot then they are a colleague, not its admin', async () => {
    const where = { ...bot.where, tenantId: 'tenant-auth-1' };
    const first = await signed(message(where, EVE, 'funds ADD-PC 2026-Q3 999999'));
    expect(first.status).toBe(200);
    expect(await bot.app.db.collection('program_funds').countDocuments({ tenantId: 'tenant-auth-1' })).toBe(0);
    expect(await bot.app.db.collection('member_roles').countDocuments({ tenantId: 'tenant-auth-1' })).toBe(0);
    const overview = await signed(invoke(where, EVE, 'overview.show', {}));
    expect(overview.text).toMatch(/Only incentives admins, users and reviewers can see the overview/);
  });

  it('when an admin named in INCENTIVES_ADMINS by Entra object id acts then they are the admin, without any stored grant', async () => {
    const where = { ...bot.where, tenantId: 'tenant-auth-2' };
    const admin = {
      id: '29:configured-admin',
      aadObjectId: '7C1D2E3F-0000-4000-8000-00000000AD01',
      name: 'Configured Admin',
    };
    await signed(message(where, admin, 'funds ADD-PC 2026-Q3 50000'));
    expect(await bot.app.db.collection('program_funds').countDocuments({ tenantId: 'tenant-auth-2' })).toBe(1);
    const overview = await signed(invoke(where, admin, 'overview.show', {}));
    expect(overview.text).toContain('ADD-PC · 2026-Q3');
    expect(await bot.app.db.collection('member_roles').countDocuments({ tenantId: 'tenant-auth-2' })).toBe(0);
  });

  it('when an activity has no valid token then nothing about roles is stored', async () => {
    const res = await bot.post(message({ ...bot.where, tenantId: 'tenant-auth-3' }, EVE, 'help'));
    expect(res.status).toBe(401);
    expect(await bot.app.db.collection('tenants').countDocuments({ _id: 'tenant-auth-3' as never })).toBe(0);
  });
});

describe('without authentication (local development) the first person is admin; a sign-in name in INCENTIVES_ADMINS works too (11.1)', () => {
  const bot = useBot({ INCENTIVES_ADMINS: 'uma@contoso.com' });

  it('when someone named by sign-in name acts then Teams is asked for their sign-in name once and they are admin', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    bot.connector.members.set(UMA.id, { ...UMA, userPrincipalName: 'Uma@Contoso.com' } as never);
    const funds = await org.say('funds ADD-PC 2026-Q4 10', UMA);
    expect(funds.text).toMatch(/set to \*\*USD 10\.00\*\*/);
    expect(readable((await org.say('roles', ANN)).card)).toMatch(/configuration/);
  });
});

describe('everyone else starts as a colleague; admins grant and revoke roles, and every change is recorded (11.2)', () => {
  const bot = useBot();

  it('when a newcomer tries to create a claim then they are told to ask an admin, and nothing is created', async () => {
    const org = await anOrganisation(bot);
    const form = await org.say('new claim', COLE);
    expect(form.text).toMatch(
      /Only incentives admins and users can create claims\. Ask an incentives admin to make you an incentives user/,
    );
    const forced = await org.press(
      'claim.create',
      {
        program: 'ADD-PC',
        activity: 'print-advertising',
        location: 'US',
        period: '2026-Q3',
        amount: '10',
        currency: 'USD',
        description: 'x',
      },
      COLE,
    );
    expect(JSON.stringify(forced.body)).toMatch(/Only incentives admins and users can create claims/);
    expect(await bot.app.db.collection('claims').countDocuments({ tenantId: org.tenantId })).toBe(0);
  });

  it('when an admin says `users here` then every member of the conversation becomes an incentives user, and `revoke user @person` takes it back', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    bot.connector.setRoster(org.partner.conversationId, [COLE, RITA, EVE]);
    expect((await org.say('users here', BOB)).text).toMatch(/Only an incentives admin can grant roles/);
    expect((await org.say('users here', ANN)).text).toMatch(
      /3 member\(s\) of this conversation are now incentives users \(0 already were\)/,
    );
    expect(readable((await org.say('new claim', COLE)).card)).toContain('New co-op claim');
    const revoke = await bot.post(
      message(org.partner, ANN, 'revoke user <at>Cole Colleague</at>', {
        entities: [
          { type: 'mention', text: '<at>ClaimsBot</at>', mentioned: { id: '28:claims-bot', name: 'ClaimsBot' } },
          { type: 'mention', text: '<at>Cole Colleague</at>', mentioned: { id: COLE.id, name: COLE.name } },
        ],
      }),
    );
    expect(revoke.status).toBe(200);
    expect(org.textsTo(org.partner).pop()).toMatch(/Cole Colleague is no longer an incentives user\./);
    expect((await org.say('new claim', COLE)).text).toMatch(/Only incentives admins and users can create claims/);
    const roles = readable((await org.say('roles', ANN)).card);
    expect(roles).toMatch(/Ann Admin took back Cole Colleague the role incentives user/);
    expect(roles).toMatch(/Ann Admin made Cole Colleague incentives user/);
    expect(await bot.app.db.collection('role_events').countDocuments({ tenantId: org.tenantId, userId: COLE.id })).toBe(
      2,
    );
  });

  it('when the only admin revokes their own admin role then it is refused and they stay admin', async () => {
    const org = await anOrganisation(bot, { reviewers: false });
    await bot.post(
      message(org.partner, ANN, 'revoke admin <at>Ann Admin</at>', {
        entities: [
          { type: 'mention', text: '<at>ClaimsBot</at>', mentioned: { id: '28:claims-bot', name: 'ClaimsBot' } },
          { type: 'mention', text: '<at>Ann Admin</at>', mentioned: { id: ANN.id, name: ANN.name } },
        ],
      }),
    );
    expect(org.textsTo(org.partner).pop()).toMatch(/Ann Admin is the last incentives admin of this organisation/);
    expect((await org.say('funds ADD-PC 2026-Q3 10', ANN)).text).toMatch(/set to/);
  });
});

describe('a colleague may only comment and upload to their own requests (11.3, 11.4)', () => {
  const bot = useBot();

  it("when a colleague asked for a photo tries to edit, submit or get someone else's upload link then each is refused and nothing changes", async () => {
    const org = await anOrganisation(bot);
    const claim = await org.readyClaim();
    bot.connector.addMember(COLE);
    bot.connector.addMember(UMA);
    const asked = await org.press('request.create', {
      claimId: claim.claimId,
      version: claim.version,
      assignee: COLE.aadObjectId,
      need: 'poe:final-ad',
      text: 'The photo of page 2',
      due: '2026-10-05',
    });
    expect(readable(asked.body.value)).toMatch(/Asked Cole Colleague for proof of execution/);
    const current = await org.current(claim.claimId, COLE);
    for (const [verb, data] of [
      ['claim.info', { additionalInfo: 'edited by a colleague' }],
      ['claim.submit', {}],
      ['claim.metrics', { metric_estimatedReach: '1' }],
      ['claim.withdraw', { reason: 'no' }],
    ] as const) {
      const res = await org.press(verb, { claimId: claim.claimId, version: current.version, ...data }, COLE);
      expect(readable(res.body.value)).toMatch(/Only incentives admins and users can/);
    }
    const stored = await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never });
    expect(stored).toMatchObject({ status: 'Editing', version: current.version, additionalInfo: '' });

    const requestId = (stored!.requests as Array<{ id: string }>)[0]!.id;
    for (const person of [BOB, UMA]) {
      const other = await org.press('request.link', { requestId }, person);
      expect(JSON.stringify(other.body)).toMatch(
        /This request is for Cole Colleague: only they get an upload link for it/,
      );
      expect(JSON.stringify(other.body)).not.toMatch(/\/upload\//);
    }
    const own = await org.press('request.link', { requestId }, COLE);
    const posted = await postForm(
      uploadUrlOf(bot, own.body.value),
      { executionDate: '2026-09-12', amount: '0', reach: '100' },
      { filename: 'page-2.pdf', contentType: 'application/pdf', data: FILES.pdf() },
    );
    expect(posted.status).toBe(200);
    const comment = await org.press(
      'claim.comment',
      { claimId: claim.claimId, version: current.version + 1, comment: 'Uploaded page 2.' },
      COLE,
    );
    expect(readable(comment.body.value)).toContain('Comment posted');
  });

  it('when a document is uploaded through a link then it is recorded under the person the link was issued to, who becomes a contributor and cannot review the claim', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.readyClaim();
    bot.connector.addMember(RITA);
    await org.press('request.create', {
      claimId: claim.claimId,
      version: claim.version,
      assignee: RITA.aadObjectId,
      need: 'other',
      text: 'The agency contract',
      due: '2026-10-05',
    });
    const requestId = (
      (await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never }))!.requests as Array<{
        id: string;
      }>
    )[0]!.id;
    const link = await org.press('request.link', { requestId }, RITA, org.partner);
    await postForm(
      uploadUrlOf(bot, link.body.value),
      {},
      { filename: 'contract.pdf', contentType: 'application/pdf', data: FILES.pdf() },
    );
    const stored = await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never });
    const doc = (stored!.documents as Array<{ name: string; addedBy: { id: string } }>).find(
      (d) => d.name === 'contract.pdf',
    );
    expect(doc?.addedBy.id).toBe(RITA.id);
    expect(stored!.contributors).toContain(RITA.id);
    await org.submit(claim);
    const review = await org.reviewCard(claim.claimId, RITA);
    expect(readable(review.card)).toMatch(
      /You contributed to CLM-\d+ \(edited, uploaded to or asked for its documents\), so you can't review it/,
    );
    expect(findAction(review.card, 'review.pickUp')).toBeUndefined();
  });
});

describe('the export link is sent 1:1 and works once (11.5)', () => {
  const bot = useBot();

  it('when an admin asks for an export in a channel then the link goes to their 1:1 chat only, and a second download is refused', async () => {
    const org = await anOrganisation(bot);
    await org.submittedClaim();
    const mark = org.mark();
    const res = await org.say('export', ANN);
    expect(res.text).toMatch(/I sent you the export link in our 1:1 chat/);
    expect(JSON.stringify(org.sentTo(org.partner, mark))).not.toMatch(/\/exports\//);
    const created = bot.connector.created().pop();
    expect(JSON.stringify(created?.body.members)).toContain(ANN.id);
    const card = bot.connector.calls
      .slice(mark)
      .map((c) => JSON.stringify(c.body))
      .find((b) => b.includes('/exports/'));
    const url = /"url":"([^"]+\/exports\/[^"]+)"/.exec(card ?? '')![1]!.replace(/^https?:\/\/[^/]+/, bot.app.url);
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(await first.text()).toMatch(/^number,program,period/);
    const again = await fetch(url);
    expect(again.status).toBe(403);
    expect(await again.text()).toMatch(/already used/);
    expect((await org.say('export', BOB)).text).toMatch(/Only an incentives admin can export claims/);
  });
});
