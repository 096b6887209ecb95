import { authEnabled, ConfigError, loadConfig } from '../../src/config';
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
      HOST: '0.0.0.0',
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppType: 'MultiTenant',
      MicrosoftAppTenantId: '',
      MONGODB_DB: 'coop_claims',
      MONGODB_TIMEOUT_MS: 5000,
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: 10_000,
      MAX_BODY_BYTES: 256 * 1024,
      // Documents and uploads
      BLOB_CONTAINER: 'claim-documents',
      UPLOAD_MAX_BYTES: 50 * 1024 * 1024,
      UPLOAD_TOKEN_DAYS: 7,
      DOWNLOAD_LINK_MINUTES: 15,
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
  });

  it('when values are given as strings then numbers are coerced and the URI kept', () => {
    const config = loadConfig({
      PORT: '8080',
      MONGODB_URI: 'mongodb+srv://user:pw@cluster0.example.net/',
      LOG_LEVEL: 'debug',
      MicrosoftAppId: ' app-id ',
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

  it('when a bad value is long then the echoed value is cut to 40 characters', () => {
    const err = configError({ LOG_LEVEL: 'x'.repeat(200) });
    expect(err.message).toContain(`"${'x'.repeat(40)}"`);
    expect(err.message).not.toContain('x'.repeat(41));
  });
});
