import { z } from 'zod';
import { chainVerdictText } from '../../views/history.view';
import { defineCommand } from '../router';
import type { BotDeps } from '../turn';
import { ClaimNumber } from './claim.command';

/** `verify CLM-000123` (reviewers and admins): whether the claim's hash-chained History is intact. */
export const verifyCommand = (d: Pick<BotDeps, 'claims'>) =>
  defineCommand({
    replaySafe: true,
    name: 'verify',
    usage: 'verify CLM-000123',
    help: [
      {
        usage: 'verify CLM-000123',
        text: "Reviewers and admins: check that claim's History against its hash chain (nothing changed, removed or inserted).",
        menu: false,
      },
    ],
    pattern: /^verify(?:\s+(?<number>.*))?$/i,
    args: z.object({ number: ClaimNumber }),
    async run(turn, args) {
      const { claim, verdict } = await d.claims.verify(await turn.actor(), args.number);
      return { kind: 'text', text: chainVerdictText(claim.number, verdict) };
    },
  });
