import { ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { ClaimsAdapter } from './http/adapter';
import type { Db, MongoClient } from 'mongodb';
import { Messenger } from './bot/messenger';
import { ACTIONS, COMMANDS } from './bot/registry';
import { Router } from './bot/router';
import { ClaimsBot } from './bot/teams-bot';
import type { Services } from './bot/turn';
import { authEnabled, ConfigError, loadConfig, publicBaseUrl, type Config } from './config';
import { ExportService } from './domain/export.service';
import { ReviewService } from './domain/review.service';
import { registerExportRoute } from './http/export.route';
import { registerPages } from './http/pages.route';
import { MongoDownloadTokens } from './store/download-tokens.repository';
import { MongoTenantSettings } from './store/settings.repository';
import { ClaimService } from './domain/claim.service';
import { systemClock, type Clock } from './domain/clock';
import { MemberService } from './domain/member.service';
import { OverviewService } from './domain/overview.service';
import { ProgramService } from './domain/program.service';
import { startServer } from './http/server';
import { createLogger, type Logger } from './logger';
import { MongoClaimRepository } from './store/claims.repository';
import { MongoDocumentRepository } from './store/documents.repository';
import { startEmbeddedMongo, type EmbeddedMongo } from './store/embedded-mongo';
import { MongoMemberRepository } from './store/members.repository';
import { connectMongo, ensureIndexes, ping } from './store/mongo';
import { ProcessedActivities } from './store/processed-activities.repository';
import { MongoProgramRepository } from './store/programs.repository';
import { CardRenderer } from './views/render-card';
// Documents and uploads (README: Documents and uploads)
import { DirectMessages } from './bot/direct-messages';
import { ReminderTimer } from './bot/reminders';
import { UploadNotifier } from './bot/upload-notifier';
import { DocumentService } from './domain/document.service';
import { ReminderService } from './domain/reminder.service';
import { UploadRequestService } from './domain/upload-request.service';
import { ChatFileFetcher } from './http/chat-file-fetcher';
import { registerUploadRoutes } from './http/upload.route';
import { AzureBlobStore } from './store/blob-store';
import { MongoConversations } from './store/conversations.repository';
import { startEmbeddedAzurite, type EmbeddedAzurite } from './store/embedded-azurite';
import { StreamingFileChecker } from './store/file-check';
import { MongoDraftSource, MongoReminderLedger } from './store/reminders.repository';
import { MongoStagedUploads, MongoUploadRequests, MongoUploadTokens } from './store/upload-requests.repository';

export interface App {
  readonly port: number;
  readonly url: string;
  readonly db: Db;
  readonly services: Services;
  readonly log: Logger;
  close(): Promise<void>;
}

export interface AppOptions {
  readonly clock?: Clock;
  readonly log?: Logger;
}

/** The composition root: the only place that creates long-lived objects and wires them. */
export async function startApp(config: Config, options: AppOptions = {}): Promise<App> {
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const clock = options.clock ?? systemClock;

  let embedded: EmbeddedMongo | undefined;
  let uri = config.MONGODB_URI;
  if (!uri) {
    embedded = await startEmbeddedMongo();
    uri = embedded.uri;
    log.warn(
      { uri, pid: embedded.pid },
      'MONGODB_URI is not set: started the embedded in-memory MongoDB-compatible server (jongodb). DATA IS IN MEMORY AND IS LOST ON EXIT.',
    );
  }
  let client: MongoClient | undefined;
  let azurite: EmbeddedAzurite | undefined;
  try {
    const mongo = await connectMongo({
      uri,
      dbName: config.MONGODB_DB,
      serverSelectionTimeoutMS: config.MONGODB_TIMEOUT_MS,
      operationTimeoutMS: config.MONGODB_TIMEOUT_MS,
    });
    client = mongo.client;
    const db = mongo.db;
    const missing = await ensureIndexes(db);
    if (missing.length > 0) log.warn({ missing }, 'some optional indexes are not supported by this engine');

    let blobConnection = config.AZURE_STORAGE_CONNECTION_STRING;
    if (!blobConnection) {
      azurite = await startEmbeddedAzurite();
      blobConnection = azurite.connectionString;
      log.warn(
        { endpoint: azurite.endpoint, pid: azurite.pid },
        'AZURE_STORAGE_CONNECTION_STRING is not set: started Azurite (in memory, development account). UPLOADED FILES ARE LOST ON EXIT.',
      );
    }
    const blobs = await AzureBlobStore.open({ connectionString: blobConnection, container: config.BLOB_CONTAINER });

    const claimsRepo = new MongoClaimRepository(db);
    let boundPort = config.PORT;
    const programsRepo = new MongoProgramRepository(db);
    const router = new Router(COMMANDS, ACTIONS);
    if (!authEnabled(config))
      log.warn(
        'MicrosoftAppId is empty: inbound authentication is OFF. Use this only for local development and tests.',
      );
    const credentials = new ConfigurationServiceClientCredentialFactory({
      MicrosoftAppId: config.MicrosoftAppId,
      MicrosoftAppPassword: config.MicrosoftAppPassword,
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    });
    const adapter = new ClaimsAdapter(new ConfigurationBotFrameworkAuthentication({}, credentials));
    adapter.onTurnError = async (context, err) => {
      log.error({ err, activityId: context.activity.id }, 'unhandled turn error');
    };
    // One per app: its download slots, and close() ending the downloads in flight.
    const chatFiles = new ChatFileFetcher({
      policy: { hosts: config.CHAT_FILE_HOSTS, devOrigins: config.CHAT_FILE_DEV_ORIGINS },
      connectTimeoutMs: config.CHAT_FILE_CONNECT_TIMEOUT_MS,
      idleTimeoutMs: config.CHAT_FILE_IDLE_TIMEOUT_MS,
      totalTimeoutMs: config.CHAT_FILE_TOTAL_TIMEOUT_MS,
      maxConcurrent: config.CHAT_FILE_MAX_CONCURRENT,
    });
    if (config.CHAT_FILE_DEV_ORIGINS.length > 0)
      log.warn(
        { origins: config.CHAT_FILE_DEV_ORIGINS },
        'CHAT_FILE_DEV_ORIGINS is set: files sent in chat may come from these local origins (development only).',
      );
    const uploadRequests = new UploadRequestService(
      claimsRepo,
      new MongoUploadRequests(db),
      new MongoUploadTokens(db),
      clock,
      { tokenDays: config.UPLOAD_TOKEN_DAYS },
    );
    const services: Services = {
      claims: new ClaimService(claimsRepo, new MongoDocumentRepository(db), programsRepo, clock, uploadRequests),
      programs: new ProgramService(programsRepo),
      members: new MemberService(new MongoMemberRepository(db)),
      overview: new OverviewService(claimsRepo, programsRepo, clock),
      review: new ReviewService(claimsRepo, new MongoTenantSettings(db), clock),
      exports: new ExportService(claimsRepo, new MongoDownloadTokens(db), clock),
      publicUrl: () => publicBaseUrl(config, boundPort),
      ledger: new ProcessedActivities(db),
      cards: new CardRenderer(),
      messenger: new Messenger(adapter, config.MicrosoftAppId),
      uploads: {
        requests: uploadRequests,
        documents: new DocumentService(
          claimsRepo,
          new MongoDocumentRepository(db),
          new MongoStagedUploads(db),
          blobs,
          new StreamingFileChecker(),
          uploadRequests,
          clock,
          {
            maxBytes: config.UPLOAD_MAX_BYTES,
            downloadMinutes: config.DOWNLOAD_LINK_MINUTES,
            stagedHours: 24,
          },
        ),
        reminders: new ReminderService(
          new MongoUploadRequests(db),
          new MongoDraftSource(db),
          claimsRepo,
          new MongoReminderLedger(db),
          clock,
          config.REMINDER_INTERVAL_MS,
        ),
        direct: new DirectMessages(
          adapter,
          config.MicrosoftAppId,
          new Messenger(adapter, config.MicrosoftAppId),
          new MongoConversations(db),
          clock,
        ),
        maxBytes: config.UPLOAD_MAX_BYTES,
        downloadMinutes: config.DOWNLOAD_LINK_MINUTES,
        clock,
        chatFiles,
      },
      helpLines: () => router.helpLines(),
    };
    const reminderTimer = new ReminderTimer(services, log);

    const bot = new ClaimsBot(router, services, log);
    // /readyz answers within about a second, whatever MONGODB_TIMEOUT_MS is (probes time out at 1–2 s).
    const timeoutMs = Math.min(config.MONGODB_TIMEOUT_MS, 1000);
    const running = await startServer(
      {
        adapter,
        bot,
        log,
        maxBodyBytes: config.MAX_BODY_BYTES,
        ready: () => ping(db, timeoutMs),
        routes: [
          registerPages,
          (server) => registerExportRoute(server, services.exports, log),
          (server) =>
            registerUploadRoutes(server, {
              requests: uploadRequests,
              documents: services.uploads.documents,
              listener: new UploadNotifier(services, log),
              log,
              maxBytes: config.UPLOAD_MAX_BYTES,
            }),
        ],
      },
      config.HOST,
      config.PORT,
    );
    boundPort = running.port;
    reminderTimer.start(config.REMINDER_INTERVAL_MS);
    const url = `http://127.0.0.1:${running.port}`;
    log.info({ port: running.port, auth: authEnabled(config) }, `bot listening on ${url}/api/messages`);

    let closing: Promise<void> | undefined;
    return {
      port: running.port,
      url,
      db,
      services,
      log,
      close() {
        closing ??= (async () => {
          // Downloads of chat files can take minutes: end them now, so their users hear "send it
          // again" and their staged blocks are discarded while the grace period still runs.
          chatFiles.shutdown();
          await running.drain(config.SHUTDOWN_GRACE_MS);
          await reminderTimer.stop();
          await client?.close();
          await embedded?.stop();
          await azurite?.stop();
          log.info('stopped');
        })();
        return closing;
      },
    };
  } catch (err) {
    await client?.close();
    await embedded?.stop();
    await azurite?.stop();
    throw err;
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const app = await startApp(config);
  const stop = (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`Startup failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
