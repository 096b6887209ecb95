import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);

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
});

export type Config = z.infer<typeof ConfigSchema>;

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
