import { userMessageFor } from '../../src/bot/reply';
import { AfterCommitError, ClaimNotFoundError } from '../../src/domain/errors';
import { createLogger } from '../../src/logger';

describe('userMessageFor', () => {
  const log = createLogger('silent');
  const noOutage = () => false;

  it('when an unexpected error has an activity id with Markdown then the reference keeps only its plain characters', () => {
    const text = userMessageFor(new Error('boom'), log, 'f:1[click](https://evil.example)*x*', noOutage);
    expect(text).toContain('reference: f:1clickhttps:evil.examplex');
    expect(text).not.toMatch(/[[\]()*]|boom/);
  });

  it('when a change failed after its commit then the person hears it was saved, with the reference', () => {
    const text = userMessageFor(new AfterCommitError('updating the claim card', new Error('x')), log, 'a-1', noOutage);
    expect(text).toBe(
      "Your change was saved, but I couldn't finish updating the claim card. Press Refresh on the card to see it. Reference: a-1",
    );
  });

  it('when the store is out then nothing was changed, and a refusal keeps its own words', () => {
    expect(userMessageFor(new Error('down'), log, 'a-2', () => true)).toMatch(/Nothing was changed/);
    expect(userMessageFor(new ClaimNotFoundError(), log, 'a-3', noOutage)).toBe(new ClaimNotFoundError().userMessage);
  });
});
