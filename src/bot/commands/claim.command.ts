import { z } from 'zod';
import { renderClaim } from '../claim-card';
import { sendCard } from '../reply';
import { defineCommand } from '../router';

/** CLM-123, clm 000123, CLM000123 → CLM-000123 */
export const ClaimNumber = z
  .string()
  .trim()
  .regex(/^clm[- ]?\d{1,9}$/i)
  .transform((s) => `CLM-${s.replace(/\D/g, '').padStart(6, '0')}`);

export const claimCommand = defineCommand({
  name: 'claim',
  usage: 'claim CLM-000123',
  help: [{ usage: 'claim CLM-000123', text: "Post that claim's current card here." }],
  pattern: /^claim(?:\s+(?<number>.*))?$/i,
  args: z.object({ number: ClaimNumber }),
  async run(turn, args) {
    const claim = await turn.services.claims.getByNumber(turn.actor, args.number);
    await sendCard(turn.context, await renderClaim(turn, claim));
  },
});
