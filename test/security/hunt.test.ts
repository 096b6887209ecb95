/**
 * A second hostile pass over the real HTTP path: input that earlier suites did not try (half
 * emoji, direction overrides in file names, …). Each test arranges its own organisation and claim.
 */
import { BOB, type UserSpec } from '../support/activities';
import { FILES, pageText, postForm } from '../support/files';
import { aClaimAwaitingFile, documentsOf, NOTHING_LEFT, leftBehind, sendFile } from '../support/security';
import { FileServer } from '../support/uploads';
import { ANN, message } from '../support/activities';
import { readable } from '../support/scene';
import { anOrganisation, COLE, FORM, RITA, UMA, uploadUrlOf, useBot } from '../support/scene';

const files = new FileServer();

describe('hostile input, second pass', () => {
  beforeAll(async () => {
    await files.start();
  });
  afterAll(async () => {
    await files.stop();
  });
  // Files sent in chat come from the local file server: an origin only a bot without authentication allows.
  const bot = useBot(() => ({ CHAT_FILE_DEV_ORIGINS: files.origin }));

  describe('half an emoji (a lone UTF-16 surrogate) never makes History look tampered with', () => {
    const verifies = async (org: Awaited<ReturnType<typeof anOrganisation>>, number: string) =>
      (await org.say(`verify ${number}`, RITA, org.reviews)).text;

    it('when a comment carries a lone surrogate then it is stored as U+FFFD and verify still says the History verifies', async () => {
      const org = await anOrganisation(bot);
      const claim = await org.submittedClaim();
      const now = await org.current(claim.claimId);
      const res = await org.press('claim.comment', {
        claimId: claim.claimId,
        version: now.version,
        comment: 'see page \ud83d two',
      });
      expect(JSON.stringify(res.body.value)).toContain('Comment posted');
      const event = await bot.app.db
        .collection('claim_events')
        .findOne({ claimId: claim.claimId, type: 'claim.commented' });
      expect(event?.data.text).toBe('see page \ufffd two');
      expect(await verifies(org, claim.number)).toMatch(/History verifies\./);
    });

    it('when a display name is long enough that the bot cuts it inside an emoji then every event that person makes still verifies', async () => {
      const org = await anOrganisation(bot);
      const claim = await org.submittedClaim();
      // 301 UTF-16 units: the 200-unit cut of a name falls between the two halves of an emoji.
      const emojiName: UserSpec = { id: '29:emoji', aadObjectId: 'aad-emoji', name: `A${'😀'.repeat(150)}` };
      const now = await org.current(claim.claimId);
      const res = await org.press(
        'claim.comment',
        { claimId: claim.claimId, version: now.version, comment: 'Looks right' },
        emojiName,
      );
      expect(JSON.stringify(res.body.value)).toContain('Comment posted');
      expect(await verifies(org, claim.number)).toMatch(/History verifies\./);
    });
  });

  describe('file names that would read as something else', () => {
    it.each([
      ['a right-to-left override (photo‮gpj.pdf shows as photofdp.jpg)', 'photo\u202egpj.pdf'],
      ['a right-to-left isolate', 'invoice\u2067fdp.exe\u2069.pdf'],
      ['a C1 control character', 'invoice\u0085.pdf'],
    ])('when a file sent in chat has %s then it is refused and nothing is stored', async (_what, name) => {
      const org = await anOrganisation(bot);
      const claim = await aClaimAwaitingFile(org);
      const url = files.serve(`rlo-${org.tenantId}.pdf`, FILES.pdf());
      const sent = await sendFile(org, name, url, claim.number);
      expect(sent.status).toBe(200);
      expect(sent.reply).toMatch(/file name contains (control )?characters/);
      expect(await leftBehind(org, claim.claimId)).toEqual(NOTHING_LEFT);
    });

    it('when the upload page gets a file whose name carries a right-to-left override then the form says why and nothing is stored', async () => {
      const org = await anOrganisation(bot);
      const claim = await org.newClaim();
      const slot = await org.press(
        'document.add',
        { claimId: claim.claimId, version: claim.version, kind: 'other', title: 'Photos' },
        BOB,
      );
      const posted = await postForm(
        uploadUrlOf(bot, slot.body.value),
        { title: 'Photos' },
        { filename: 'photo\u202egpj.pdf', contentType: 'application/pdf', data: FILES.pdf() },
      );
      expect(posted.status).toBe(422);
      expect(posted.html).toContain('writing direction');
      expect(await documentsOf(bot, claim.claimId)).toHaveLength(0);
    });
  });

  describe('a decimal comma is never read as a thousands separator', () => {
    it('when a claim is created with amount "12,50" then the form says the amount is not valid and no claim is made', async () => {
      const org = await anOrganisation(bot);
      const res = await org.press('claim.create', { ...FORM, amount: '12,50' });
      expect(readable(res.body.value)).toContain('Enter an amount such as 1250.00');
      expect(readable(res.body.value)).toContain('nothing was created yet');
      expect(await bot.app.db.collection('claims').countDocuments({ tenantId: org.tenantId })).toBe(0);
    });

    it('when an admin sets earned funds of "12,50" then they are refused rather than set to 1,250.00', async () => {
      const org = await anOrganisation(bot);
      const reply = await org.say('funds ADD-PC 2026-Q4 12,50', ANN);
      expect(reply.text).toContain('"12,50" is not an amount');
      const budget = await org.say('funds ADD-PC 2026-Q4 12,500', ANN);
      expect(budget.text).toContain('set to **USD 12,500.00**');
    });
  });

  describe('a claim card copied or forwarded into another conversation shows a colleague nothing', () => {
    it.each([
      ['claim.refresh', false],
      ['claim.history', false],
      ['review.refresh', false],
      ['claim.comment', true],
      ['review.comment', true],
      ['claim.submit', true],
      ['document.list', false],
    ] as const)(
      'when a colleague presses %s with the claim of another team from their own chat or team then they get "not found" and nothing changes',
      async (verb, versioned) => {
        const org = await anOrganisation(bot);
        const claim = await org.submittedClaim();
        const stored = await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never });
        const elsewhere = [{ ...org.partner, conversationId: `19:other-team-${org.tenantId}` }, org.personal(COLE)];
        for (const where of elsewhere) {
          // A stale version too: a "this claim changed" refusal must not show the current card either.
          for (const version of versioned ? [stored!.version, stored!.version - 1] : [undefined]) {
            const data = {
              claimId: claim.claimId,
              page: 0,
              comment: 'seen from outside',
              ...(version === undefined ? {} : { version }),
            };
            const res = await org.press(verb, data, COLE, where);
            expect(res.status).toBe(200);
            expect(res.body.type).toBe('application/vnd.microsoft.activity.message');
            const said = JSON.stringify(res.body.value);
            expect(said).not.toContain(claim.number);
            expect(said).not.toContain('1,200.50');
          }
        }
        const after = await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never });
        expect(after?.version).toBe(stored!.version);
        // In the claim's own conversation the colleague still sees it and may comment.
        const home = await org.press('claim.refresh', { claimId: claim.claimId }, COLE);
        expect(JSON.stringify(home.body.value)).toContain(claim.number);
        const commented = await org.press(
          'claim.comment',
          { claimId: claim.claimId, version: stored!.version, comment: 'From the team' },
          COLE,
        );
        expect(JSON.stringify(commented.body.value)).toContain('Comment posted');
      },
    );
  });

  describe('a role taken back takes its open links with it', () => {
    it('when an admin revokes an incentives user who still holds an Add document link then the page refuses it and nothing is stored', async () => {
      const org = await anOrganisation(bot);
      const claim = await org.newClaim({}, UMA);
      const slot = await org.press(
        'document.add',
        { claimId: claim.claimId, version: claim.version, kind: 'other', title: 'Photos' },
        UMA,
      );
      const url = uploadUrlOf(bot, slot.body.value);
      expect((await fetch(url)).status).toBe(200);
      await bot.post(
        message(org.partner, ANN, `revoke user <at>${UMA.name}</at>`, {
          entities: [
            { type: 'mention', text: '<at>ClaimsBot</at>', mentioned: { id: '28:claims-bot', name: 'ClaimsBot' } },
            { type: 'mention', text: `<at>${UMA.name}</at>`, mentioned: { id: UMA.id, name: UMA.name } },
          ],
        }),
      );
      expect(org.textsTo(org.partner).pop()).toContain('is no longer an incentives user');
      const page = await fetch(url);
      expect(page.status).toBe(403);
      expect(pageText(await page.text())).toContain('Only incentives admins and users can add documents');
      const posted = await postForm(
        url,
        { title: 'Photos' },
        { filename: 'photos.pdf', contentType: 'application/pdf', data: FILES.pdf() },
      );
      expect(posted.status).toBe(403);
      expect(await documentsOf(bot, claim.claimId)).toHaveLength(0);
      expect(await leftBehind(org, claim.claimId)).toEqual(NOTHING_LEFT);
    });

    it('when an admin revokes an incentives user who has an Add document slot open then a file they send in chat does not land', async () => {
      const org = await anOrganisation(bot);
      const claim = await aClaimAwaitingFile(org, UMA);
      await bot.post(
        message(org.partner, ANN, `revoke user <at>${UMA.name}</at>`, {
          entities: [
            { type: 'mention', text: '<at>ClaimsBot</at>', mentioned: { id: '28:claims-bot', name: 'ClaimsBot' } },
            { type: 'mention', text: `<at>${UMA.name}</at>`, mentioned: { id: UMA.id, name: UMA.name } },
          ],
        }),
      );
      const url = files.serve(`revoked-${org.tenantId}.pdf`, FILES.pdf());
      const sent = await sendFile(org, 'photos.pdf', url, claim.number, UMA);
      expect(sent.status).toBe(200);
      expect(sent.reply).not.toMatch(/Added/);
      expect(sent.reply).toContain("I'm not waiting for a file from you.");
      expect(await leftBehind(org, claim.claimId)).toEqual(NOTHING_LEFT);
    });
  });

  describe('dates that cannot be true', () => {
    it('when an admin marks a claim paid on a day before it was approved (1926 for 2026) then it is refused and the claim stays Approved', async () => {
      const org = await anOrganisation(bot);
      const claim = await org.approvedClaim();
      const stored = await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never });
      const res = await org.press(
        'claim.pay',
        { claimId: claim.claimId, version: stored!.version, date: '1926-10-01', reference: 'PAY-1' },
        ANN,
      );
      expect(readable(res.body.value)).toContain(
        'The payment date cannot be before the claim was approved on 2026-10-01.',
      );
      const after = await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never });
      expect(after).toMatchObject({ status: 'Approved', version: stored!.version });
      const paid = await org.press(
        'claim.pay',
        { claimId: claim.claimId, version: stored!.version, date: '2026-10-01', reference: 'PAY-1' },
        ANN,
      );
      expect(readable(paid.body.value)).toContain('Marked paid.');
    });
  });
});
