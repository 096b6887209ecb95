import { z } from 'zod';
import { DEFAULT_CHAT_FILE_HOSTS, devOriginProblem, hostPatternProblem, splitList } from './http/host-rules';

const port = z.coerce.number().int().min(0).max(65535);

/** Every environment variable the bot reads. A bad one stops startup with one clear line. */
export const ConfigSchema = z.object({
  PORT: port.default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  MicrosoftAppId: z.string().trim().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: z.string().default(''),
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
  // ---- Documents and uploads (README: Documents and uploads) ----
  /** Azure Blob Storage. Unset: `npm start` runs Azurite (in memory) with the development account. */
  AZURE_STORAGE_CONNECTION_STRING: z
    .string()
    .trim()
    .regex(
      /(^|;)(AccountName|BlobEndpoint|SharedAccessSignature)=/i,
      'must be an Azure Storage connection string (AccountName=…;AccountKey=… or BlobEndpoint=…)',
    )
    .optional(),
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

/** Rules across variables, checked together with the schema by loadConfig. */
const CrossChecked = ConfigSchema.superRefine((config, ctx) => {
  // An http or loopback download source must never reach production: it only exists without auth.
  if (config.MicrosoftAppId !== '' && config.CHAT_FILE_DEV_ORIGINS.length > 0)
    ctx.addIssue({
      code: 'custom',
      path: ['CHAT_FILE_DEV_ORIGINS'],
      message: 'is for local development only and must be empty when MicrosoftAppId is set (authentication on)',
    });
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

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (common in .env files) means "not set": PORT= must not become port 0.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = CrossChecked.safeParse(set);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const name = i.path.join('.');
      const got = env[name];
      return `${name} ${i.message}${got === undefined ? '' : ` (got "${String(got).slice(0, 40)}")`}`;
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
