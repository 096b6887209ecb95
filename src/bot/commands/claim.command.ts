import { z } from 'zod';
import { claimCard } from '../../views/claim.view';
import { defineCommand } from '../router';
import type { BotDeps } from '../turn';

/** CLM-123, clm 000123, CLM000123 → CLM-000123 */
export const ClaimNumber = z
  .string()
  .trim()
  .regex(/^clm[- ]?\d{1,9}$/i)
  .transform((s) => `CLM-${s.replace(/\D/g, '').padStart(6, '0')}`);

/**
 * `claim CLM-000123` posts that claim's current card here. A colleague sees the claims of this
 * conversation (and those they were asked to upload to); roles are only looked up for the others.
 */
export const claimCommand = (d: Pick<BotDeps, 'claims' | 'cards'>) =>
  defineCommand({
    replaySafe: true,
    name: 'claim',
    usage: 'claim CLM-000123',
    help: [{ usage: 'claim CLM-000123', text: "Post that claim's current card here." }],
    pattern: /^claim(?:\s+(?<number>.*))?$/i,
    args: z.object({ number: ClaimNumber }),
    async run(turn, args) {
      const claim = await d.claims.findForViewer(turn.who, args.number, turn.conversationId, () => turn.actor());
      return { kind: 'card', card: claimCard(d.cards, await d.claims.picture(claim)) };
    },
  });
