import { z } from 'zod';
import { hasRole } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import { ReminderCards } from '../reminders';
import { defineCommand } from '../router';

/** Runs the reminder sweep once, now (the timer runs it every REMINDER_INTERVAL_MS). */
export const remindersCommand = defineCommand({
  name: 'reminders',
  usage: 'reminders run',
  help: [
    {
      usage: 'reminders run',
      text: 'Admins: send due reminders now (upload requests due within 24 h or overdue, drafts within 7 days of their deadline).',
    },
  ],
  pattern: /^reminders(?:\s+(?<action>.*))?$/i,
  args: z.object({ action: z.string().trim().toLowerCase().pipe(z.literal('run')) }),
  async run(turn) {
    if (!hasRole(turn.actor, 'admin'))
      throw new DomainError('AUTH.FORBIDDEN', 'Only incentives admins can run the reminders.');
    const result = await turn.services.uploads.reminders.sweep(new ReminderCards(turn.services));
    const removed = await turn.services.uploads.documents.sweepStaged();
    turn.log.info({ ...result, removed }, 'reminders run');
    await turn.context.sendActivity(
      `Reminders: ${result.sent} sent, ${result.skipped} already sent, ${result.failed} failed.${removed > 0 ? ` Removed ${removed} unfinished file(s) sent in chat.` : ''}`,
    );
  },
});
