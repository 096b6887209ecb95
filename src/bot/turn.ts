/**
 * The shapes the bot layer passes around (types only: every bot module may import this file, and
 * it imports no bot module).
 */
import type { TurnContext } from 'botbuilder';
import type { ActorContext, Who } from '../domain/actor';
import type { ClaimService } from '../domain/claim.service';
import type { Clock } from '../domain/clock';
import type { DocumentService } from '../domain/document.service';
import type { EvidencePackService } from '../domain/evidence-pack.service';
import type { ExportService } from '../domain/export.service';
import type { FundsService } from '../domain/funds.service';
import type { MemberService } from '../domain/member.service';
import type { OverviewService } from '../domain/overview.service';
import type { ProgramService } from '../domain/program.service';
import type { ReminderService } from '../domain/reminder.service';
import type { ReviewService } from '../domain/review.service';
import type { UploadRequestService } from '../domain/upload-request.service';
import type { Logger } from '../logger';
import type { HelpLine } from '../views/forms.view';
import type { CardRenderer } from '../views/render-card';
import type { ChatDownloads } from './chat-downloads';
import type { DirectMessages } from './direct-messages';
import type { Messenger } from './messenger';

/** Remembers handled activity ids so a replayed activity changes nothing. */
export interface ActivityLedger {
  claim(tenantId: string, activityId: string): Promise<boolean>;
  release(tenantId: string, activityId: string): Promise<void>;
}

/** Settings the handlers read (from the validated configuration). */
export interface BotSettings {
  /** Base URL users' browsers reach this bot at (export links, upload page). */
  publicUrl(): string;
  readonly maxBytes: number;
  readonly downloadMinutes: number;
}

/** Everything the bot's handlers may use, built once in main.ts; each handler takes what it needs. */
export interface BotDeps {
  readonly claims: ClaimService;
  readonly review: ReviewService;
  readonly programs: ProgramService;
  readonly members: MemberService;
  readonly overview: OverviewService;
  readonly exports: ExportService;
  readonly evidence: EvidencePackService;
  readonly funds: FundsService;
  readonly documents: DocumentService;
  readonly requests: UploadRequestService;
  readonly reminders: ReminderService;
  readonly cards: CardRenderer;
  readonly messenger: Messenger;
  readonly direct: DirectMessages;
  readonly downloads: ChatDownloads;
  readonly ledger: ActivityLedger;
  readonly clock: Clock;
  readonly settings: BotSettings;
  /** Whether an error means the database is unreachable (the person is asked to try again). */
  isStoreOutage(err: unknown): boolean;
  /** One line per command, for `help` and the welcome card. */
  helpLines(): readonly HelpLine[];
}

/** One incoming activity: who sent it, where, and their roles when a handler asks for them. */
export interface Turn {
  readonly context: TurnContext;
  readonly who: Who;
  readonly conversationId: string;
  readonly conversationType: string;
  /** The sender's roles: looked up once per turn, only when a handler needs them. */
  actor(): Promise<ActorContext>;
  readonly log: Logger;
}
