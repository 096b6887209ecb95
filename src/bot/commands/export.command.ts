import { z } from 'zod';
import { formatWhen } from '../../views/format';
import { sendCard } from '../reply';
import { defineCommand } from '../router';

export const exportCommand = defineCommand({
  name: 'export',
  usage: 'export',
  help: [
    { usage: 'export', text: "Admins: download this organisation's claims as CSV (the link works for 15 minutes)." },
  ],
  pattern: /^export(?: claims)?$/i,
  args: z.object({}),
  async run(turn) {
    const { token, expiresAt } = await turn.services.exports.createLink(turn.actor);
    const url = `${turn.services.publicUrl()}/exports/${token}`;
    await sendCard(
      turn.context,
      turn.services.cards.render('link', {
        title: 'Claims export is ready',
        text: `CSV of every claim in this organisation. The link works until ${formatWhen(expiresAt)}.`,
        button: 'Download CSV',
        url,
      }),
    );
  },
});
