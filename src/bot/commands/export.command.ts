import { z } from 'zod';
import { linkCard } from '../../views/forms.view';
import { formatWhen } from '../../views/format';
import { defineCommand } from '../router';
import type { BotDeps } from '../turn';

/**
 * `export` (admins): a 15-minute, single-use link to a CSV of every claim — sent to the admin's 1:1
 * chat, never into a channel where anyone could use it.
 */
export const exportCommand = (d: Pick<BotDeps, 'exports' | 'cards' | 'direct' | 'settings'>) =>
  defineCommand({
    name: 'export',
    usage: 'export',
    help: [
      {
        usage: 'export',
        text: "Admins: a link (in your 1:1 chat with me; it works once, for 15 minutes) to download this organisation's claims as CSV.",
        menu: false,
      },
    ],
    pattern: /^export(?: claims)?$/i,
    args: z.object({}),
    async run(turn) {
      const actor = await turn.actor();
      const { token, expiresAt } = await d.exports.createLink(actor);
      const card = linkCard(
        d.cards,
        'Claims export is ready',
        `CSV of every claim in this organisation. The link works once, until ${formatWhen(expiresAt)}.`,
        'Download CSV',
        `${d.settings.publicUrl()}/exports/${token}`,
      );
      if (turn.conversationType === 'personal') return { kind: 'card', card };
      const a = turn.context.activity;
      try {
        await d.direct.sendCard(actor.tenantId, actor.person, card, {
          serviceUrl: a.serviceUrl,
          botId: a.recipient.id,
          botName: a.recipient.name,
        });
      } catch (err) {
        turn.log.warn({ err }, 'could not send the export link 1:1');
        return {
          kind: 'text',
          text: "I couldn't send you a private message. Open a 1:1 chat with me and type `export` there.",
        };
      }
      return { kind: 'text', text: 'I sent you the export link in our 1:1 chat (it works once, for 15 minutes).' };
    },
  });
