import { adminSettings, authEnabled, ConfigError, loadConfig } from '../../src/config';

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
      INCENTIVES_ADMINS: [],
      REMINDER_INTERVAL_MS: 15 * 60 * 1000,
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

describe('INCENTIVES_ADMINS', () => {
  it('when object ids and sign-in names are listed then each is kept, whatever the separators', () => {
    const config = loadConfig({ INCENTIVES_ADMINS: ' 7C1D2E3F-0000-4000-8000-000000000001, ann@contoso.com;bo@contoso.com ' });
    expect(adminSettings(config)).toEqual({
      objectIds: ['7c1d2e3f-0000-4000-8000-000000000001'],
      signInNames: ['ann@contoso.com', 'bo@contoso.com'],
      firstPersonIsAdmin: true,
    });
  });

  it('when an entry is neither an object id nor a sign-in name then start-up stops naming it', () => {
    expect(() => loadConfig({ INCENTIVES_ADMINS: 'ann@contoso.com, everyone' })).toThrow(/INCENTIVES_ADMINS .*"everyone" is neither an Entra object id nor a sign-in name/);
  });

  it('when authentication is on then the first person is never made admin', () => {
    const config = loadConfig({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x' });
    expect(adminSettings(config).firstPersonIsAdmin).toBe(false);
  });
});
