import { cardSamples, PREVIEW_HELP_LINES } from '../../scripts/lib/card-samples';
import { registryHelpLines } from '../../scripts/lib/registry-help';
import { CardRenderer, findUnresolved, MAX_CARD_BYTES } from '../../src/views/render-card';

describe('card previews (npm run cards:preview)', () => {
  it('when the bot help changes then this fails until the preview data and docs/cards/help.png follow (copy the lines into PREVIEW_HELP_LINES, run npm run cards:preview)', () => {
    expect(PREVIEW_HELP_LINES).toEqual(registryHelpLines());
  });

  it('when the previews are built then every template in cards/ has one (Add to claim dialogs included), each fully resolved and under 28 KB', () => {
    const renderer = new CardRenderer();
    const samples = cardSamples(renderer);
    expect(new Set(samples.map((s) => s.template))).toEqual(new Set(renderer.names()));
    expect(samples.map((s) => s.file)).toEqual(expect.arrayContaining(['add-to-claim', 'add-to-claim-details']));
    for (const sample of samples) {
      expect(findUnresolved(sample.card)).toBeUndefined();
      expect(Buffer.byteLength(JSON.stringify(sample.card))).toBeLessThan(MAX_CARD_BYTES);
    }
    expect(new Set(samples.map((s) => s.file)).size).toBe(samples.length);
  });
});
