import { z } from 'zod';
import { DEFAULT_CHAT_FILE_HOSTS, devOriginProblem, hostPatternProblem, splitList } from './http/host-rules';

const port = z.coerce.number().int().min(0).max(65535);
const GUID = /^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** Values never echoed in an error line: they carry passwords or keys. */
const SECRET_KEYS: ReadonlySet<string> = new Set([
  'MicrosoftAppPassword',
  'MONGODB_URI',
  'AZURE_STORAGE_CONNECTION_STRING',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
]);

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SIGN_IN_NAME = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/** INCENTIVES_ADMINS: Entra object ids and/or sign-in names, separated by commas, semicolons or spaces. */
export const AdminList = z
  .string()
  .default('')
  .transform((raw) => raw.split(/[\s,;]+/).filter(Boolean))
  .superRefine((items, ctx) => {
    for (const item of items) {
      if (!OBJECT_ID.test(item) && !SIGN_IN_NAME.test(item))
        ctx.addIssue({
          code: 'custom',
          message: `"${item.slice(0, 60)}" is neither an Entra object id nor a sign-in name`,
        });
    }
  });

/** Every environment variable the bot reads. A bad one stops startup with one clear line. */
const ConfigFields = z.object({
  PORT: port.default(3978),
  /** Unset: 127.0.0.1 while authentication is off (nobody else can reach an unauthenticated bot), else 0.0.0.0. */
  HOST: z.string().trim().min(1).optional(),
  MicrosoftAppId: z.string().trim().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: z.string().trim().default(''),
  MONGODB_URI: z
    .string()
    .trim()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be 1–63 letters, digits, _ or -')
    .default('coop_claims'),
  MONGODB_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  /**
   * With authentication on, a missing MONGODB_URI or blob setting stops the start (the embedded
   * engines keep everything in memory). A demo that accepts losing its data on restart says so here.
   */
  ALLOW_EMBEDDED_STORAGE: z.stringbool().default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10_000_000)
    .default(256 * 1024),
  /** Where users' browsers reach this bot (upload page, export downloads). Default: http://localhost:PORT. */
  PUBLIC_BASE_URL: z
    .string()
    .url()
    .regex(/^https?:\/\//, 'must be an http(s) URL')
    .optional(),
  /** Azure Monitor (Application Insights): traces and request metrics are exported only when it is set. */
  APPLICATIONINSIGHTS_CONNECTION_STRING: z
    .string()
    .trim()
    .regex(
      /(^|;)\s*InstrumentationKey=[0-9a-fA-F-]{36}\s*(;|$)/,
      'must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…)',
    )
    .optional(),
  // ---- Documents and uploads ----
  /** Azure Blob Storage with an account key. Unset (and no account URL): `npm start` runs Azurite in memory. */
  AZURE_STORAGE_CONNECTION_STRING: z
    .string()
    .trim()
    .regex(
      /(^|;)(AccountName|BlobEndpoint|SharedAccessSignature)=/i,
      'must be an Azure Storage connection string (AccountName=…;AccountKey=… or BlobEndpoint=…)',
    )
    .optional(),
  /**
   * Azure Blob Storage through Microsoft Entra ID (DefaultAzureCredential: a managed identity in Azure,
   * `az login` on a workstation); download links are signed with a user delegation key.
   */
  AZURE_STORAGE_ACCOUNT_URL: z
    .string()
    .trim()
    .url()
    .regex(/^https:\/\//, 'must be the https URL of the blob service, e.g. https://<account>.blob.core.windows.net')
    .optional(),
  /** Client id of the user-assigned managed identity DefaultAzureCredential uses (unset: the system-assigned one). */
  AZURE_CLIENT_ID: z.string().trim().regex(GUID, 'must be a GUID (the client id of a managed identity)').optional(),
  BLOB_CONTAINER: z
    .string()
    .regex(/^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/, 'must be 3–63 lowercase letters, digits and single hyphens')
    .default('claim-documents'),
  /** Largest file accepted (bytes). */
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(5 * 1024 * 1024 * 1024)
    .default(50 * 1024 * 1024),
  /** How long an upload link works. */
  UPLOAD_TOKEN_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** How long a document's download link works. */
  DOWNLOAD_LINK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** How often the reminder sweep runs; 0 turns the timer off (`reminders run` still works). */
  /**
   * Where inbound tokens' signing keys are published (OpenID metadata). Unset: the public Bot
   * Framework's. Set for sovereign clouds — and by tests, which run their own issuer.
   */
  BOT_OPENID_METADATA_URL: z.string().url().optional(),
  /** Incentives admins of every organisation using the bot: Entra object ids and/or sign-in names. */
  INCENTIVES_ADMINS: AdminList,
  REMINDER_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 3600 * 1000)
    .default(15 * 60 * 1000),
  // ---- Files sent to the bot in 1:1 chat (docs/SECURITY.md: Hostile input and infrastructure) ----
  /** Hosts the bot downloads chat files from, over https on port 443: names or *.domain patterns. */
  CHAT_FILE_HOSTS: z.string().default(DEFAULT_CHAT_FILE_HOSTS.join(',')).transform(listOf(hostPatternProblem, lower)),
  /** Local development and tests only (refused while authentication is on): exact loopback origins, http allowed. */
  CHAT_FILE_DEV_ORIGINS: z
    .string()
    .default('')
    .transform(listOf(devOriginProblem, (o) => new URL(o).origin)),
  /** A chat file download: from the request until the response headers (connect, TLS, first byte). */
  CHAT_FILE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** …then at most this long without a byte. */
  CHAT_FILE_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** …and at most this long in all. */
  CHAT_FILE_TOTAL_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(600_000),
  /** Chat file downloads at the same time on this instance; more are asked to send again in a minute. */
  CHAT_FILE_MAX_CONCURRENT: z.coerce.number().int().min(1).max(1000).default(8),
});

/**
 * Combinations refused before anything starts: each would start a bot that cannot authenticate, or
 * one that quietly keeps production data in memory.
 */
export const ConfigSchema = ConfigFields.superRefine((c, ctx) => {
  const auth = c.MicrosoftAppId !== '';
  if (auth && c.MicrosoftAppType !== 'UserAssignedMSI' && c.MicrosoftAppPassword === '')
    ctx.addIssue({
      code: 'custom',
      path: ['MicrosoftAppPassword'],
      message: `is required when MicrosoftAppId is set (the client secret of the bot's Entra app); a managed identity needs none: MicrosoftAppType=UserAssignedMSI`,
    });
  if (c.MicrosoftAppType === 'SingleTenant' && c.MicrosoftAppTenantId === '')
    ctx.addIssue({
      code: 'custom',
      path: ['MicrosoftAppTenantId'],
      message: "is required when MicrosoftAppType=SingleTenant (the id of the tenant the bot's Entra app lives in)",
    });
  if (c.MicrosoftAppType === 'UserAssignedMSI') {
    if (!auth)
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppId'],
        message: 'is required when MicrosoftAppType=UserAssignedMSI (the client id of the managed identity)',
      });
    if (c.MicrosoftAppTenantId === '')
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppTenantId'],
        message: 'is required when MicrosoftAppType=UserAssignedMSI (the tenant of the managed identity)',
      });
  }
  if (c.AZURE_STORAGE_CONNECTION_STRING && c.AZURE_STORAGE_ACCOUNT_URL)
    ctx.addIssue({
      code: 'custom',
      path: ['AZURE_STORAGE_ACCOUNT_URL'],
      message: 'and AZURE_STORAGE_CONNECTION_STRING are both set: set exactly one of them',
    });
  // An http or loopback download source must never reach production: it only exists without auth.
  if (auth && c.CHAT_FILE_DEV_ORIGINS.length > 0)
    ctx.addIssue({
      code: 'custom',
      path: ['CHAT_FILE_DEV_ORIGINS'],
      message: 'is for local development only and must be empty when MicrosoftAppId is set (authentication on)',
    });
  if (auth && !c.ALLOW_EMBEDDED_STORAGE) {
    const missing = [
      ...(c.MONGODB_URI ? [] : ['MONGODB_URI']),
      ...(c.AZURE_STORAGE_CONNECTION_STRING || c.AZURE_STORAGE_ACCOUNT_URL
        ? []
        : ['AZURE_STORAGE_ACCOUNT_URL (or AZURE_STORAGE_CONNECTION_STRING)']),
    ];
    if (missing.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `MicrosoftAppId is set (authentication on) but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not: the bot would keep its data in memory and lose it on every restart. Set ${missing.length > 1 ? 'them' : 'it'}, or ALLOW_EMBEDDED_STORAGE=true for a demo whose data may be lost`,
      });
  }
});

function lower(entry: string): string {
  return entry.toLowerCase();
}

/** A comma- or space-separated list (case-insensitive) whose every entry passes `problem`; each bad one is named. */
function listOf(problem: (entry: string) => string | undefined, normalise: (entry: string) => string) {
  return (text: string, ctx: z.RefinementCtx): string[] => {
    const good: string[] = [];
    for (const entry of splitList(text)) {
      const why = problem(lower(entry));
      if (why) ctx.addIssue({ code: 'custom', message: why });
      else good.push(normalise(entry));
    }
    return good;
  };
}

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigKey = keyof Config;

/** Every variable of the schema, in its order (.env.example and the deployment settings follow it). */
export const CONFIG_KEYS = Object.keys(ConfigFields.shape) as ConfigKey[];

/**
 * What a production deployment must set: one key of each group. With these the bot authenticates
 * Teams, keeps its data in real services and hands out links that reach it.
 */
export const REQUIRED_IN_PRODUCTION: ReadonlyArray<readonly ConfigKey[]> = [
  ['MicrosoftAppId'],
  ['MicrosoftAppType'],
  ['MicrosoftAppTenantId'],
  ['MONGODB_URI'],
  ['AZURE_STORAGE_ACCOUNT_URL', 'AZURE_STORAGE_CONNECTION_STRING'],
  ['PUBLIC_BASE_URL'],
];

/** Who the incentives admins are (domain.md, Decisions: Roles). */
export function adminSettings(config: Config): {
  objectIds: string[];
  signInNames: string[];
  firstPersonIsAdmin: boolean;
} {
  const items = config.INCENTIVES_ADMINS.map((i) => i.toLowerCase());
  return {
    objectIds: items.filter((i) => OBJECT_ID.test(i)),
    signInNames: items.filter((i) => !OBJECT_ID.test(i)),
    // Only a bot running without authentication (local development) trusts whoever comes first.
    firstPersonIsAdmin: !authEnabled(config),
  };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (common in .env files) means "not set": PORT= must not become port 0.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = ConfigSchema.safeParse(set);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const name = i.path.join('.');
      if (name === '') return i.message;
      const got = env[name];
      const echo = got === undefined || SECRET_KEYS.has(name) ? '' : ` (got "${String(got).slice(0, 40)}")`;
      return `${name} ${i.message}${echo}`;
    });
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  return result.data;
}

export function publicBaseUrl(config: Config, port: number): string {
  return (config.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
}

export function authEnabled(config: Config): boolean {
  return config.MicrosoftAppId !== '';
}

/** The interface to listen on: HOST, else loopback only while nobody's token is checked. */
export function listenHost(config: Config): string {
  return config.HOST ?? (authEnabled(config) ? '0.0.0.0' : '127.0.0.1');
}
