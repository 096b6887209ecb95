import {
  CallerIdConstants,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Db, MongoClient } from 'mongodb';
import { DirectMessages } from './bot/direct-messages';
import { Messenger } from './bot/messenger';
import { MessageActions } from './bot/message-action';
import { cardActions, commands, messageActions } from './bot/registry';
import { ReminderTimer } from './bot/reminders';
import { Router } from './bot/router';
import { ClaimsBot } from './bot/teams-bot';
import type { BotDeps } from './bot/turn';
import { documentLanded } from './bot/upload-notifier';
import { adminSettings, authEnabled, listenHost, publicBaseUrl, type Config } from './config';
import { ClaimService } from './domain/claim.service';
import { systemClock, type Clock } from './domain/clock';
import { DocumentService } from './domain/document.service';
import { EvidencePackService } from './domain/evidence-pack.service';
import { ExportService } from './domain/export.service';
import { FundsService } from './domain/funds.service';
import { MemberService } from './domain/member.service';
import { OverviewService } from './domain/overview.service';
import { ProgramService } from './domain/program.service';
import { ReminderService } from './domain/reminder.service';
import { ReviewService } from './domain/review.service';
import { UploadRequestService } from './domain/upload-request.service';
import { ClaimsAdapter } from './http/adapter';
import { registerEvidencePackRoute } from './http/evidence-pack.route';
import { registerExportRoute } from './http/export.route';
import { registerPages } from './http/pages.route';
import { startServer } from './http/server';
import { registerUploadRoutes } from './http/upload.route';
import { createLogger, type Logger } from './logger';
import { AzureBlobStore } from './store/blob-store';
import { MongoClaimRepository } from './store/claims.repository';
import { MongoConversations } from './store/conversations.repository';
import { MongoDownloadTokens } from './store/download-tokens.repository';
import { startEmbeddedAzurite, type EmbeddedAzurite } from './store/embedded-azurite';
import { startEmbeddedMongo, type EmbeddedMongo } from './store/embedded-mongo';
import { StreamingFileChecker } from './store/file-check';
import { MongoFundsLedger } from './store/funds-ledger.repository';
import { MongoMemberRepository } from './store/members.repository';
import { connectMongo, ensureIndexes, isStoreOutage, ping } from './store/mongo';
import { oneLineReason, ServiceStartError, SetupError } from './startup-errors';
import type { Telemetry } from './telemetry';
import { DefaultAzureCredential } from '@azure/identity';
import { ConnectionString } from 'mongodb-connection-string-url';
import { ProcessedActivities } from './store/processed-activities.repository';
import { MongoProgramRepository } from './store/programs.repository';
import { MongoRates } from './store/rates.repository';
import { MongoReminderLedger } from './store/reminders.repository';
import { MongoReviewCards } from './store/review-cards.repository';
import { MongoTenantSettings } from './store/settings.repository';
import { ChatFileFetcher } from './http/chat-file-fetcher';
import { MongoStagedUploads, MongoUploadRequests, MongoUploadTokens } from './store/upload-requests.repository';
import { CardRenderer } from './views/render-card';

export interface App {
  readonly port: number;
  readonly url: string;
  readonly db: Db;
  readonly deps: BotDeps;
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
    }).catch((err: unknown) => {
      throw new ServiceStartError('MONGODB_URI', mongoHosts(uri), oneLineReason(err, secretsOfUri(uri)));
    });
    client = mongo.client;
    const db = mongo.db;
    const missing = await ensureIndexes(db);
    if (missing.length > 0) log.warn({ missing }, 'some optional indexes are not supported by this engine');

    let blobs: AzureBlobStore;
    if (config.AZURE_STORAGE_ACCOUNT_URL) {
      const accountUrl = config.AZURE_STORAGE_ACCOUNT_URL;
      blobs = await AzureBlobStore.open({
        accountUrl,
        credential: new DefaultAzureCredential(
          config.AZURE_CLIENT_ID ? { managedIdentityClientId: config.AZURE_CLIENT_ID } : {},
        ),
        container: config.BLOB_CONTAINER,
      }).catch((err: unknown) => {
        throw new ServiceStartError('AZURE_STORAGE_ACCOUNT_URL', new URL(accountUrl).host, oneLineReason(err));
      });
    } else if (config.AZURE_STORAGE_CONNECTION_STRING) {
      const connectionString = config.AZURE_STORAGE_CONNECTION_STRING;
      blobs = await AzureBlobStore.open({ connectionString, container: config.BLOB_CONTAINER }).catch(
        (err: unknown) => {
          throw new ServiceStartError(
            'AZURE_STORAGE_CONNECTION_STRING',
            blobHost(connectionString),
            oneLineReason(err, secretsOfConnectionString(connectionString)),
          );
        },
      );
    } else {
      azurite = await startEmbeddedAzurite();
      log.warn(
        { endpoint: azurite.endpoint, pid: azurite.pid },
        'Neither AZURE_STORAGE_ACCOUNT_URL nor AZURE_STORAGE_CONNECTION_STRING is set: started Azurite (in memory, development account). UPLOADED FILES ARE LOST ON EXIT.',
      );
      blobs = await AzureBlobStore.open({
        connectionString: azurite.connectionString,
        container: config.BLOB_CONTAINER,
      });
    }

    if (!authEnabled(config))
      log.warn(
        'MicrosoftAppId is empty: inbound authentication is OFF. Use this only for local development and tests.',
      );
    else if (!config.PUBLIC_BASE_URL)
      log.warn(
        'PUBLIC_BASE_URL is not set: upload and download links point at http://localhost, which users in Teams cannot reach.',
      );
    const admins = adminSettings(config);
    if (admins.firstPersonIsAdmin)
      log.warn(
        'authentication is off: the first person of each organisation to use the bot becomes its incentives admin',
      );
    else if (admins.objectIds.length + admins.signInNames.length === 0)
      log.warn('INCENTIVES_ADMINS is empty: nobody can set earned funds or grant roles until it names an admin');

    let boundPort = config.PORT;
    const credentials = new ConfigurationServiceClientCredentialFactory({
      MicrosoftAppId: config.MicrosoftAppId,
      MicrosoftAppPassword: config.MicrosoftAppPassword,
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    });
    const adapter = new ClaimsAdapter(
      new ConfigurationBotFrameworkAuthentication(
        config.BOT_OPENID_METADATA_URL ? publicCloudWith(config.BOT_OPENID_METADATA_URL) : {},
        credentials,
      ),
    );
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

    // Repositories: each built once.
    const claimsRepo = new MongoClaimRepository(db);
    const listed = await claimsRepo.listStoredClaims();
    if (listed) log.info({ claims: listed }, 'listed the stored claims in claim_list (once per database)');
    const programsRepo = new MongoProgramRepository(db);
    const uploadRequestsRepo = new MongoUploadRequests(db);
    const messenger = new Messenger(adapter, config.MicrosoftAppId);

    // Domain services.
    const funds = new FundsService(new MongoFundsLedger(db), claimsRepo, programsRepo, new MongoRates(db), clock);
    const claims = new ClaimService(claimsRepo, programsRepo, funds, clock);
    const members = new MemberService(new MongoMemberRepository(db), clock, admins);
    const requests = new UploadRequestService(
      claimsRepo,
      claims,
      uploadRequestsRepo,
      new MongoUploadTokens(db),
      clock,
      { tokenDays: config.UPLOAD_TOKEN_DAYS },
      members,
    );
    const deps: BotDeps = {
      claims,
      funds,
      requests,
      review: new ReviewService(
        claimsRepo,
        claims,
        funds,
        new MongoTenantSettings(db),
        new MongoReviewCards(db),
        clock,
      ),
      programs: new ProgramService(programsRepo, new MongoRates(db), funds, clock),
      members,
      overview: new OverviewService(claimsRepo, programsRepo, funds, clock),
      exports: new ExportService(claimsRepo, new MongoDownloadTokens(db), clock),
      evidence: new EvidencePackService(claimsRepo, claims, new MongoDownloadTokens(db), blobs, clock),
      documents: new DocumentService(
        claimsRepo,
        claims,
        new MongoStagedUploads(db),
        blobs,
        new StreamingFileChecker(),
        requests,
        clock,
        {
          maxBytes: config.UPLOAD_MAX_BYTES,
          downloadMinutes: config.DOWNLOAD_LINK_MINUTES,
          stagedHours: 24,
        },
      ),
      reminders: new ReminderService(
        uploadRequestsRepo,
        claimsRepo,
        claims,
        new MongoReminderLedger(db),
        clock,
        config.REMINDER_INTERVAL_MS,
      ),
      cards: new CardRenderer(),
      messenger,
      direct: new DirectMessages(adapter, config.MicrosoftAppId, messenger, new MongoConversations(db), clock),
      downloads: {
        open: (file) => chatFiles.open({ url: file.downloadUrl, name: file.name, maxBytes: config.UPLOAD_MAX_BYTES }),
        allows: (url) => chatFiles.allows(url),
      },
      ledger: new ProcessedActivities(db),
      clock,
      settings: {
        publicUrl: () => publicBaseUrl(config, boundPort),
        maxBytes: config.UPLOAD_MAX_BYTES,
        downloadMinutes: config.DOWNLOAD_LINK_MINUTES,
      },
      helpLines: () => router.helpLines(),
      isStoreOutage,
    };
    const router: Router = new Router(commands(deps), cardActions(deps), deps);
    const reminderTimer = new ReminderTimer(deps, log);
    const bot = new ClaimsBot(router, deps, log, new MessageActions(messageActions(deps), deps.cards));
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
          (server) => registerExportRoute(server, deps.exports, log),
          (server) => registerEvidencePackRoute(server, { evidence: deps.evidence, log, isStoreOutage }),
          (server) =>
            registerUploadRoutes(server, {
              requests: deps.requests,
              documents: deps.documents,
              listener: { documentReceived: (received) => documentLanded(deps, log, received) },
              log,
              maxBytes: config.UPLOAD_MAX_BYTES,
              isStoreOutage,
            }),
        ],
      },
      listenHost(config),
      config.PORT,
    );
    boundPort = running.port;
    reminderTimer.start(config.REMINDER_INTERVAL_MS);
    const listening = `http://${hostForUrl(running.address)}:${running.port}`;
    log.info(
      { address: running.address, port: running.port, auth: authEnabled(config) },
      `bot listening on ${listening}/api/messages${isWildcard(running.address) ? ' (every interface)' : ''}`,
    );
    const url = `http://${hostForUrl(isWildcard(running.address) ? loopbackOf(running.address) : running.address)}:${running.port}`;

    let closing: Promise<void> | undefined;
    return {
      port: running.port,
      url,
      db,
      deps,
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

/**
 * The public cloud's Bot Framework settings with another OpenID metadata URL for inbound tokens
 * (the SDK needs all of them once one is given).
 */
function publicCloudWith(openIdMetadataUrl: string) {
  return {
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
  };
}

/** The hosts of a MongoDB URI for the log, never its credentials. */
function mongoHosts(uri: string): string {
  try {
    return new ConnectionString(uri).hosts.join(',');
  } catch {
    return '(a URI the driver cannot parse)';
  }
}

function secretsOfUri(uri: string): string[] {
  try {
    const parsed = new ConnectionString(uri);
    return [uri, parsed.password, decodeURIComponent(parsed.password)].filter(Boolean);
  } catch {
    return [uri];
  }
}

function blobHost(connectionString: string): string {
  const endpoint = /(?:^|;)\s*BlobEndpoint=([^;]+)/i.exec(connectionString)?.[1];
  const account = /(?:^|;)\s*AccountName=([^;]+)/i.exec(connectionString)?.[1];
  try {
    if (endpoint) return new URL(endpoint).host;
  } catch {
    // fall through to the account name
  }
  return account ? `${account}.blob.core.windows.net` : '(no BlobEndpoint or AccountName)';
}

function secretsOfConnectionString(connectionString: string): string[] {
  const keys = [...connectionString.matchAll(/(?:^|;)\s*(?:AccountKey|SharedAccessSignature)=([^;]+)/gi)];
  return [connectionString, ...keys.map((m) => m[1]!)];
}

function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

function loopbackOf(address: string): string {
  return address.includes(':') ? '::1' : '127.0.0.1';
}

function hostForUrl(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/**
 * Runs the bot as this process: SIGTERM/SIGINT stop it gracefully (and flush telemetry). A start
 * that fails says why in one line: a ServiceStartError as a JSON log line naming the variable and
 * host; a setup that cannot work here (SetupError) as a plain line, like a configuration error.
 */
export async function runProcess(config: Config, telemetry?: Telemetry): Promise<void> {
  const log = createLogger(config.LOG_LEVEL);
  let app: App;
  try {
    app = await startApp(config, { log });
  } catch (err) {
    if (err instanceof SetupError) {
      process.stderr.write(`${err.message}\n`);
      await telemetry?.shutdown();
      process.exit(2);
    }
    if (err instanceof ServiceStartError)
      log.fatal({ variable: err.variable, host: err.host, reason: err.reason }, err.message);
    else log.fatal({ err }, 'start-up failed');
    await telemetry?.shutdown().catch(() => undefined);
    process.exit(1);
  }
  const stop = (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    app
      .close()
      .then(() => telemetry?.shutdown())
      .then(
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
