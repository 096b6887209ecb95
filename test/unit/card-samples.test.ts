import { PREVIEW_HELP_LINES } from '../../scripts/lib/card-samples';
import { registryHelpLines } from '../../scripts/lib/registry-help';

describe('card previews (npm run cards:preview)', () => {
  it('when the bot help changes then this fails until the preview data and docs/cards/help.png follow (copy the lines into PREVIEW_HELP_LINES, run npm run cards:preview)', () => {
    expect(PREVIEW_HELP_LINES).toEqual(registryHelpLines());
  });
});
