import type { TurnContext } from 'botbuilder';
import type { ActorContext } from '../domain/actor';
import type { ClaimService } from '../domain/claim.service';
import type { MemberService } from '../domain/member.service';
import type { OverviewService } from '../domain/overview.service';
import type { ProgramService } from '../domain/program.service';
import type { ReviewService } from '../domain/review.service';
import type { ExportService } from '../domain/export.service';
import type { Logger } from '../logger';
import type { HelpLine } from '../views/forms.view';
import type { CardRenderer } from '../views/render-card';
import type { Messenger } from './messenger';
import type { Clock } from '../domain/clock';
import type { DocumentService } from '../domain/document.service';
import type { ReminderService } from '../domain/reminder.service';
import type { UploadRequestService } from '../domain/upload-request.service';
import type { ChatFileFetcher } from '../http/chat-file-fetcher';
import type { DirectMessages } from './direct-messages';

/** Remembers handled activity ids so a replayed activity changes nothing. */
export interface ActivityLedger {
  claim(tenantId: string, activityId: string): Promise<boolean>;
  release(tenantId: string, activityId: string): Promise<void>;
}

export interface Services {
  readonly claims: ClaimService;
  readonly programs: ProgramService;
  readonly members: MemberService;
  readonly overview: OverviewService;
  readonly review: ReviewService;
  readonly exports: ExportService;
  /** Base URL users' browsers reach this bot at (export links, upload page). */
  readonly publicUrl: () => string;
  readonly ledger: ActivityLedger;
  readonly cards: CardRenderer;
  /** Proactive messages to stored conversations (review channel, claim thread, 1:1). */
  readonly messenger: Messenger;
  /** Supporting documents, upload requests, 1:1 cards and reminders (README: Documents and uploads). */
  readonly uploads: UploadServices;
  /** One line per command, for `help` and the welcome card. */
  helpLines(): readonly HelpLine[];
}

/** One incoming activity, with who sent it and what the handlers may use. */
export interface Turn {
  readonly context: TurnContext;
  readonly actor: ActorContext;
  readonly log: Logger;
  readonly services: Services;
}

/** What the document and upload handlers use (wired in main.ts). */
export interface UploadServices {
  readonly documents: DocumentService;
  readonly requests: UploadRequestService;
  readonly reminders: ReminderService;
  readonly direct: DirectMessages;
  readonly maxBytes: number;
  readonly downloadMinutes: number;
  readonly clock: Clock;
  /** Fetches the files people send in 1:1 chat (allow-listed hosts, timeouts, a cap; one per app). */
  readonly chatFiles: ChatFileFetcher;
}
