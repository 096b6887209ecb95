import { z } from 'zod';
import { requireAdmin } from '../../domain/access';
import { ReminderCards } from '../reminders';
import { defineCommand } from '../router';
import type { BotDeps } from '../turn';

/** Runs the reminder sweep once, now (the timer runs it every REMINDER_INTERVAL_MS). */
export const remindersCommand = (
  d: Pick<
    BotDeps,
    'reminders' | 'documents' | 'requests' | 'cards' | 'direct' | 'messenger' | 'review' | 'claims' | 'settings'
  >,
) =>
  defineCommand({
    name: 'reminders',
    usage: 'reminders run',
    help: [
      {
        usage: 'reminders run',
        text: 'Admins: send due reminders now and expire drafts past their deadline (the bot also does this on a timer).',
        menu: false,
      },
    ],
    pattern: /^reminders(?:\s+(?<action>.*))?$/i,
    args: z.object({ action: z.string().trim().toLowerCase().pipe(z.literal('run')) }),
    async run(turn) {
      requireAdmin(await turn.actor(), 'run the reminders');
      const result = await d.reminders.sweep(new ReminderCards(d, turn.log));
      const removed = await d.documents.sweepStaged();
      turn.log.info({ ...result, removed }, 'reminders run');
      return {
        kind: 'text',
        text: `Reminders: ${result.sent} sent, ${result.skipped} already sent, ${result.failed} failed.${result.expired > 0 ? ` ${result.expired} draft(s) past their deadline expired.` : ''}${removed > 0 ? ` Removed ${removed} unfinished file(s) sent in chat.` : ''}`,
      };
    },
  });
