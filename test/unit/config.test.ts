import { adminSettings, authEnabled, CONFIG_KEYS, ConfigError, listenHost, loadConfig } from '../../src/config';
import { DEFAULT_CHAT_FILE_HOSTS } from '../../src/http/host-rules';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('loadConfig accepted a bad configuration');
}

describe('loadConfig', () => {
  it('when nothing is set then the defaults apply and auth is off', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      PORT: 3978,
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppType: 'MultiTenant',
      MicrosoftAppTenantId: '',
      MONGODB_DB: 'coop_claims',
      MONGODB_TIMEOUT_MS: 5000,
      ALLOW_EMBEDDED_STORAGE: false,
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: 10_000,
      MAX_BODY_BYTES: 256 * 1024,
      // Documents and uploads
      BLOB_CONTAINER: 'claim-documents',
      UPLOAD_MAX_BYTES: 50 * 1024 * 1024,
      UPLOAD_TOKEN_DAYS: 7,
      DOWNLOAD_LINK_MINUTES: 15,
      INCENTIVES_ADMINS: [],
      REMINDER_INTERVAL_MS: 15 * 60 * 1000,
      // Files sent in 1:1 chat
      CHAT_FILE_HOSTS: [...DEFAULT_CHAT_FILE_HOSTS],
      CHAT_FILE_DEV_ORIGINS: [],
      CHAT_FILE_CONNECT_TIMEOUT_MS: 10_000,
      CHAT_FILE_IDLE_TIMEOUT_MS: 30_000,
      CHAT_FILE_TOTAL_TIMEOUT_MS: 10 * 60_000,
      CHAT_FILE_MAX_CONCURRENT: 8,
    });
    expect(config.MONGODB_URI).toBeUndefined();
    expect(config.AZURE_STORAGE_CONNECTION_STRING).toBeUndefined();
    expect(authEnabled(config)).toBe(false);
    expect(listenHost(config)).toBe('127.0.0.1');
  });

  it('when values are given as strings then numbers are coerced and the URI kept', () => {
    const config = loadConfig({
      PORT: '8080',
      MONGODB_URI: 'mongodb+srv://user:pw@cluster0.example.net/',
      LOG_LEVEL: 'debug',
      MicrosoftAppId: ' app-id ',
      MicrosoftAppPassword: 'secret',
      AZURE_STORAGE_ACCOUNT_URL: 'https://claims.blob.core.windows.net',
      MONGODB_TIMEOUT_MS: '250',
    });
    expect(config.PORT).toBe(8080);
    expect(config.MONGODB_URI).toBe('mongodb+srv://user:pw@cluster0.example.net/');
    expect(config.LOG_LEVEL).toBe('debug');
    expect(config.MicrosoftAppId).toBe('app-id');
    expect(config.MONGODB_TIMEOUT_MS).toBe(250);
    expect(authEnabled(config)).toBe(true);
  });

  it('when MONGODB_URI is empty then the embedded engine is meant (undefined)', () => {
    expect(loadConfig({ MONGODB_URI: '' }).MONGODB_URI).toBeUndefined();
  });

  it.each<[string, NodeJS.ProcessEnv, RegExp]>([
    ['PORT', { PORT: 'abc' }, /"abc"/],
    ['PORT', { PORT: '70000' }, /"70000"/],
    ['MONGODB_URI', { MONGODB_URI: 'http://db.example.com:27017' }, /mongodb:\/\//],
    ['MONGODB_URI', { MONGODB_URI: 'postgres://localhost/db' }, /mongodb:\/\//],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }, /"verbose"/],
    ['LOG_LEVEL', { LOG_LEVEL: 'INFO' }, /"INFO"/],
    ['MicrosoftAppType', { MicrosoftAppType: 'Single' }, /"Single"/],
    ['MONGODB_DB', { MONGODB_DB: 'bad name!' }, /letters, digits/],
    ['MONGODB_TIMEOUT_MS', { MONGODB_TIMEOUT_MS: '5' }, /"5"/],
    [
      'AZURE_STORAGE_CONNECTION_STRING',
      { AZURE_STORAGE_CONNECTION_STRING: 'https://account.blob.core.windows.net' },
      /connection string/,
    ],
    ['BLOB_CONTAINER', { BLOB_CONTAINER: 'Claim_Docs' }, /lowercase/],
    ['BLOB_CONTAINER', { BLOB_CONTAINER: 'ab' }, /3–63/],
    ['UPLOAD_MAX_BYTES', { UPLOAD_MAX_BYTES: '0' }, /"0"/],
    ['UPLOAD_TOKEN_DAYS', { UPLOAD_TOKEN_DAYS: '365' }, /"365"/],
    ['REMINDER_INTERVAL_MS', { REMINDER_INTERVAL_MS: '-1' }, /"-1"/],
  ])('when %s is bad (%j) then one ConfigError line names it', (name, env, detail) => {
    const err = configError(env);
    expect(err.message).toMatch(/^Invalid configuration: /);
    expect(err.message).toContain(name);
    expect(err.message).toMatch(detail);
    expect(err.message).not.toContain('\n');
  });

  it('when several variables are bad then each is named in the same line', () => {
    const err = configError({ PORT: 'abc', LOG_LEVEL: 'loud', MONGODB_URI: 'ftp://x' });
    expect(err.message.split('\n')).toHaveLength(1);
    for (const name of ['PORT', 'LOG_LEVEL', 'MONGODB_URI']) expect(err.message).toContain(name);
  });

  it('when a secret-bearing value is bad then the error names the variable but never echoes the value', () => {
    const err = configError({
      MONGODB_URI: 'mongdb://admin:hunter2-secret@db.example.net',
      AZURE_STORAGE_CONNECTION_STRING: 'AccountKey=hunter2-secret',
      APPLICATIONINSIGHTS_CONNECTION_STRING: 'Key=hunter2-secret',
    });
    for (const name of ['MONGODB_URI', 'AZURE_STORAGE_CONNECTION_STRING', 'APPLICATIONINSIGHTS_CONNECTION_STRING'])
      expect(err.message).toContain(name);
    expect(err.message).not.toContain('hunter2');
  });

  it('when a bad value is long then the echoed value is cut to 40 characters', () => {
    const err = configError({ LOG_LEVEL: 'x'.repeat(200) });
    expect(err.message).toContain(`"${'x'.repeat(40)}"`);
    expect(err.message).not.toContain('x'.repeat(41));
  });
});

/** A bot that checks tokens and keeps its data in real services. */
const PRODUCTION: NodeJS.ProcessEnv = {
  MicrosoftAppId: '2c1a7f0e-4b9d-4c55-9d3e-8b2f6a1c0d42',
  MicrosoftAppPassword: 'client-secret',
  MONGODB_URI: 'mongodb://db.example.net:27017',
  AZURE_STORAGE_ACCOUNT_URL: 'https://claims.blob.core.windows.net',
};

describe('INCENTIVES_ADMINS', () => {
  it('when object ids and sign-in names are listed then each is kept, whatever the separators', () => {
    const config = loadConfig({
      INCENTIVES_ADMINS: ' 7C1D2E3F-0000-4000-8000-000000000001, ann@contoso.com;bo@contoso.com ',
    });
    expect(adminSettings(config)).toEqual({
      objectIds: ['7c1d2e3f-0000-4000-8000-000000000001'],
      signInNames: ['ann@contoso.com', 'bo@contoso.com'],
      firstPersonIsAdmin: true,
    });
  });

  it('when an entry is neither an object id nor a sign-in name then start-up stops naming it', () => {
    expect(() => loadConfig({ INCENTIVES_ADMINS: 'ann@contoso.com, everyone' })).toThrow(
      /INCENTIVES_ADMINS .*"everyone" is neither an Entra object id nor a sign-in name/,
    );
  });

  it('when authentication is on then the first person is never made admin', () => {
    const config = loadConfig(PRODUCTION);
    expect(adminSettings(config).firstPersonIsAdmin).toBe(false);
  });
});

describe('combinations refused before anything starts', () => {
  it('when authentication is on and storage is real then the configuration loads and listens on every interface', () => {
    const config = loadConfig(PRODUCTION);
    expect(authEnabled(config)).toBe(true);
    expect(listenHost(config)).toBe('0.0.0.0');
    expect(listenHost(loadConfig({ ...PRODUCTION, HOST: '10.1.2.3' }))).toBe('10.1.2.3');
    expect(listenHost(loadConfig({ HOST: '0.0.0.0' }))).toBe('0.0.0.0');
  });

  it.each<[string, NodeJS.ProcessEnv, RegExp]>([
    [
      'auth on, no MONGODB_URI and no blob setting',
      { MicrosoftAppId: PRODUCTION.MicrosoftAppId, MicrosoftAppPassword: 'x' },
      /^Invalid configuration: MicrosoftAppId is set \(authentication on\) but MONGODB_URI and AZURE_STORAGE_ACCOUNT_URL \(or AZURE_STORAGE_CONNECTION_STRING\) are not: the bot would keep its data in memory and lose it on every restart\. Set them, or ALLOW_EMBEDDED_STORAGE=true/,
    ],
    [
      'auth on, no MONGODB_URI',
      { ...PRODUCTION, MONGODB_URI: '' },
      /^Invalid configuration: MicrosoftAppId is set \(authentication on\) but MONGODB_URI is not: .* Set it, or ALLOW_EMBEDDED_STORAGE=true/,
    ],
    [
      'auth on, no blob setting',
      { ...PRODUCTION, AZURE_STORAGE_ACCOUNT_URL: undefined },
      /but AZURE_STORAGE_ACCOUNT_URL \(or AZURE_STORAGE_CONNECTION_STRING\) is not/,
    ],
    [
      'MicrosoftAppId without a password',
      { ...PRODUCTION, MicrosoftAppPassword: '' },
      /^Invalid configuration: MicrosoftAppPassword is required when MicrosoftAppId is set .*MicrosoftAppType=UserAssignedMSI$/,
    ],
    [
      'SingleTenant without a tenant',
      { ...PRODUCTION, MicrosoftAppType: 'SingleTenant' },
      /^Invalid configuration: MicrosoftAppTenantId is required when MicrosoftAppType=SingleTenant/,
    ],
    [
      'UserAssignedMSI without a tenant',
      { ...PRODUCTION, MicrosoftAppPassword: '', MicrosoftAppType: 'UserAssignedMSI' },
      /^Invalid configuration: MicrosoftAppTenantId is required when MicrosoftAppType=UserAssignedMSI/,
    ],
    [
      'UserAssignedMSI without the identity',
      { MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 'contoso.onmicrosoft.com' },
      /^Invalid configuration: MicrosoftAppId is required when MicrosoftAppType=UserAssignedMSI/,
    ],
    [
      'both blob settings',
      { ...PRODUCTION, AZURE_STORAGE_CONNECTION_STRING: 'AccountName=claims;AccountKey=abc' },
      /^Invalid configuration: AZURE_STORAGE_ACCOUNT_URL and AZURE_STORAGE_CONNECTION_STRING are both set: set exactly one/,
    ],
    [
      'an http account URL',
      { ...PRODUCTION, AZURE_STORAGE_ACCOUNT_URL: 'http://claims.blob.core.windows.net' },
      /AZURE_STORAGE_ACCOUNT_URL must be the https URL of the blob service/,
    ],
    [
      'AZURE_CLIENT_ID not a GUID',
      { ...PRODUCTION, AZURE_CLIENT_ID: 'bot-identity' },
      /AZURE_CLIENT_ID must be a GUID/,
    ],
    ['ALLOW_EMBEDDED_STORAGE not a boolean', { ALLOW_EMBEDDED_STORAGE: 'sometimes' }, /ALLOW_EMBEDDED_STORAGE/],
  ])('when %s then one line says what to set', (_case, env, message) => {
    const err = configError(env);
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain('\n');
    expect(err.message).not.toContain('client-secret');
  });

  it.each<[string, NodeJS.ProcessEnv]>([
    [
      'a demo that accepts losing its data',
      { MicrosoftAppId: 'app', MicrosoftAppPassword: 'x', ALLOW_EMBEDDED_STORAGE: 'true' },
    ],
    [
      'a managed identity (no password)',
      { ...PRODUCTION, MicrosoftAppPassword: '', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't' },
    ],
    ['a single-tenant app', { ...PRODUCTION, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 'contoso.com' }],
    [
      'a connection string instead of an account URL',
      { ...PRODUCTION, AZURE_STORAGE_ACCOUNT_URL: '', AZURE_STORAGE_CONNECTION_STRING: 'AccountName=a;AccountKey=b' },
    ],
    ['local development (auth off, embedded storage)', {}],
  ])('when %s then the configuration loads', (_case, env) => {
    expect(() => loadConfig(env)).not.toThrow();
  });

  it('when the schema is listed then every variable the bot reads is a key (the deployment and .env.example tests use the list)', () => {
    expect(CONFIG_KEYS).toEqual(
      expect.arrayContaining(['MONGODB_URI', 'AZURE_STORAGE_ACCOUNT_URL', 'AZURE_CLIENT_ID']),
    );
    expect(new Set(CONFIG_KEYS).size).toBe(CONFIG_KEYS.length);
  });
});
