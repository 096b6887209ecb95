import { EVIDENCE_LINK_MINUTES } from '../../domain/evidence-pack.service';
import { linkCard } from '../../views/forms.view';
import { formatWhen } from '../../views/format';
import { defineAction } from '../router';
import { ClaimRef, side } from '../schemas';
import type { BotDeps } from '../turn';

/**
 * Evidence pack (claim card after submit, review card): a single-use 15-minute link to a ZIP of
 * the claim's documents, summary and History — sent to the presser's 1:1 chat, never into the
 * conversation the card is in, where anyone could use it. The card answers with where it went.
 */
export const claimEvidencePackAction = (d: Pick<BotDeps, 'evidence' | 'claims' | 'cards' | 'direct' | 'settings'>) =>
  defineAction({
    verb: 'claim.evidencePack',
    side: (data) => data.side,
    data: ClaimRef.extend({ side }),
    async run(turn, data) {
      const actor = await turn.actor();
      const { token, expiresAt, claim } = await d.evidence.createLink(actor, data.claimId);
      const card = linkCard(
        d.cards,
        `Evidence pack of ${claim.number} is ready`,
        `A ZIP of the claim's documents, its summary and its History with the hash-chain check. The link works once, until ${formatWhen(expiresAt)}.`,
        'Download ZIP',
        `${d.settings.publicUrl()}/evidence/${token}`,
      );
      const a = turn.context.activity;
      let banner: { text: string; style: 'good' | 'warning' };
      try {
        await d.direct.sendCard(actor.tenantId, actor.person, card, {
          serviceUrl: a.serviceUrl,
          botId: a.recipient.id,
          botName: a.recipient.name,
        });
        banner = {
          text: `I sent you the evidence pack link in our 1:1 chat (it works once, for ${EVIDENCE_LINK_MINUTES} minutes).`,
          style: 'good',
        };
      } catch (err) {
        // Not the whole error: a connector error can carry the request, and so the link.
        const { name, statusCode } = err as { name?: string; statusCode?: number };
        turn.log.warn({ err: { name, statusCode } }, 'could not send the evidence pack link 1:1');
        banner = {
          text: "I couldn't send you a private message. Open a 1:1 chat with me and press Evidence pack again.",
          style: 'warning',
        };
      }
      return { kind: data.side, picture: await d.claims.picture(claim), banner };
    },
  });
