import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { authEnabled, CONFIG_KEYS, loadConfig, REQUIRED_IN_PRODUCTION, type ConfigKey } from '../../src/config';
import { PRODUCTION_INSTALL } from '../support/production-copy';

/**
 * The deployment files reviewed against each other and against the config schema: the Bicep sets
 * only variables the bot reads and every one a production bot needs; azd, the Agents Toolkit, the
 * Dockerfile, the manifest and docs/DEPLOY.md agree with it.
 */
const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const bicep = read('infra/main.bicep');

/** `NAME: value` lines of a top-level `var <name> = { … }` object in main.bicep. */
function bicepObject(name: string): Map<string, string> {
  const start = bicep.indexOf(`\nvar ${name} = {\n`);
  expect([name, start]).not.toEqual([name, -1]);
  const body = bicep.slice(start).split('\n').slice(2);
  const entries = new Map<string, string>();
  for (const line of body) {
    if (line === '}') return entries;
    const m = /^ {2}([A-Za-z_][A-Za-z0-9_]*): (.+)$/.exec(line);
    if (m) entries.set(m[1]!, m[2]!);
  }
  throw new Error(`var ${name} has no closing brace`);
}

const settings = bicepObject('botSettings');
const secretSettings = bicepObject('botSecretSettings');
const allSettings = [...settings.keys(), ...secretSettings.keys()];

function bicepParams(): Map<string, { hasDefault: boolean }> {
  const params = new Map<string, { hasDefault: boolean }>();
  for (const m of bicep.matchAll(/^param (\w+) \w+( = .+)?$/gm)) params.set(m[1]!, { hasDefault: m[2] !== undefined });
  return params;
}

function bicepOutputs(): string[] {
  return [...bicep.matchAll(/^output (\w+) \w+ = /gm)].map((m) => m[1]!);
}

/** What Azure fills in at deployment for the settings that are not literals in main.bicep. */
const DEPLOYED: Partial<Record<ConfigKey, string>> = {
  PUBLIC_BASE_URL: 'https://ca-bot-abc.nicesky-1234.westeurope.azurecontainerapps.io',
  MicrosoftAppId: '2c1a7f0e-4b9d-4c55-9d3e-8b2f6a1c0d42',
  MicrosoftAppTenantId: '5f1e2d3c-4b5a-4697-8877-665544332211',
  AZURE_STORAGE_ACCOUNT_URL: 'https://stabc.blob.core.windows.net/',
  AZURE_CLIENT_ID: '2c1a7f0e-4b9d-4c55-9d3e-8b2f6a1c0d42',
  BLOB_CONTAINER: 'claim-documents',
  APPLICATIONINSIGHTS_CONNECTION_STRING:
    'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/',
  MONGODB_URI: 'mongodb+srv://claimsadmin:pw@mongo-abc.global.mongocluster.cosmos.azure.com/?tls=true',
  INCENTIVES_ADMINS: 'ann@contoso.com 7c1d2e3f-0000-4000-8000-000000000001',
};

describe('infra/main.bicep app settings and the config schema', () => {
  it('when read then every app setting the Bicep gives the bot is a variable of the config schema', () => {
    expect(allSettings.length).toBeGreaterThan(5);
    const unknown = allSettings.filter((k) => !CONFIG_KEYS.includes(k as ConfigKey));
    expect(unknown).toEqual([]);
  });

  it('when read then every variable a production bot requires is set (one of each group)', () => {
    const missing = REQUIRED_IN_PRODUCTION.filter((group) => !group.some((k) => allSettings.includes(k)));
    expect(missing).toEqual([]);
  });

  it('when the settings take their deployed values then the bot accepts the configuration: auth on, no password, real storage', () => {
    const env: Record<string, string> = {};
    for (const key of allSettings) {
      const literal = /^'([^']*)'$/.exec(settings.get(key) ?? '');
      const value = literal ? literal[1] : DEPLOYED[key as ConfigKey];
      expect([key, value]).toEqual([key, expect.any(String)]);
      env[key] = value!;
    }
    const config = loadConfig(env);
    expect(authEnabled(config)).toBe(true);
    expect(config.MicrosoftAppType).toBe('UserAssignedMSI');
    expect(config.MicrosoftAppPassword).toBe('');
    expect(config.ALLOW_EMBEDDED_STORAGE).toBe(false);
    // With authentication on only the configured admins can set funds and grant roles: a deployment names them.
    expect(config.INCENTIVES_ADMINS).toEqual(['ann@contoso.com', '7c1d2e3f-0000-4000-8000-000000000001']);
    expect(settings.get('INCENTIVES_ADMINS')).toBe('incentivesAdmins');
    expect(bicepParams().get('incentivesAdmins')).toEqual({ hasDefault: false });
  });

  it('when a setting carries a password then it is a Container Apps secret, not a plain value', () => {
    expect([...secretSettings.keys()]).toEqual(['MONGODB_URI']);
    for (const key of ['MONGODB_URI', 'MicrosoftAppPassword', 'AZURE_STORAGE_CONNECTION_STRING'])
      expect(settings.has(key)).toBe(false);
    expect(bicep).toMatch(/name: botSecretSettings\.MONGODB_URI\n\s+value: /);
  });

  it('when the bot listens then the ingress, the probes and the Azure Bot endpoint use its port and routes', () => {
    const port = /^'(\d+)'$/.exec(settings.get('PORT')!)![1];
    expect(bicep).toContain(`targetPort: ${port}`);
    expect(bicep).toContain(`httpGet: { path: '/healthz', port: ${port} }`);
    expect(bicep).toContain(`httpGet: { path: '/readyz', port: ${port} }`);
    expect(bicep).toContain("endpoint: '${publicBaseUrl}/api/messages'");
    expect(settings.get('PUBLIC_BASE_URL')).toBe('publicBaseUrl');
  });

  it('when the Azure Bot is created then it uses the same managed identity as the app (UserAssignedMSI) and has the Teams channel', () => {
    expect(bicep).toMatch(/msaAppId: identity\.properties\.clientId\n\s+msaAppType: 'UserAssignedMSI'/);
    expect(settings.get('MicrosoftAppId')).toBe('identity.properties.clientId');
    expect(settings.get('AZURE_CLIENT_ID')).toBe('identity.properties.clientId');
    expect(bicep).toContain("channelName: 'MsTeamsChannel'");
    // Storage Blob Data Contributor: blobs and the user delegation key for download links.
    expect(bicep).toContain("var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'");
    expect(bicep).toContain('allowSharedKeyAccess: false');
  });
});

describe('parameters, azd and the Microsoft 365 Agents Toolkit', () => {
  const params = bicepParams();

  it.each(['infra/main.parameters.json', 'infra/main.parameters.m365agents.json'])(
    'when %s is read then it names only parameters main.bicep declares, and every one without a default',
    (file) => {
      const given = Object.keys((JSON.parse(read(file)) as { parameters: object }).parameters);
      expect(given.filter((p) => !params.has(p))).toEqual([]);
      const required = [...params].filter(([, p]) => !p.hasDefault).map(([name]) => name);
      expect(required.filter((p) => !given.includes(p))).toEqual([]);
    },
  );

  it('when azd deploys then its service is the container app tagged for it, built from the Dockerfile in the registry', () => {
    const azure = parseYaml(read('azure.yaml')) as {
      infra: { path: string; module: string };
      services: Record<string, { host: string; docker: { path: string; remoteBuild: boolean } }>;
    };
    expect(azure.infra).toMatchObject({ path: 'infra', module: 'main' });
    expect(Object.keys(azure.services)).toEqual(['bot']);
    expect(azure.services.bot).toMatchObject({
      host: 'containerapp',
      docker: { path: './Dockerfile', remoteBuild: true },
    });
    expect(bicep).toContain("'azd-service-name': 'bot'");
    expect(bicepOutputs()).toContain('AZURE_CONTAINER_REGISTRY_ENDPOINT');
    expect(read('infra/main.parameters.json')).toContain('"botImageName": { "value": "${SERVICE_BOT_IMAGE_NAME=}" }');
  });

  it('when the Agents Toolkit runs then every ${{VAR}} it, its parameters and the manifest use is provided by someone', () => {
    const yml = read('m365agents.yml');
    const used = new Set(
      [yml, read('infra/main.parameters.m365agents.json'), read('manifest/manifest.json')].flatMap((text) =>
        [...text.matchAll(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]!),
      ),
    );
    const envFile = [...read('env/.env.dev').matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]!);
    const written = [...yml.matchAll(/^\s+\w+: ([A-Z0-9_]+)$/gm)].map((m) => m[1]!);
    const provided = new Set([
      ...envFile,
      ...written,
      ...bicepOutputs(),
      'SECRET_MONGODB_URI',
      'SECRET_MONGO_ADMIN_PASSWORD',
    ]);
    expect([...used].filter((v) => !provided.has(v))).toEqual([]);
    // The manifest's placeholders come from the Bicep outputs, as for `npm run package`.
    for (const v of ['BOT_ID', 'BOT_DOMAIN']) expect(bicepOutputs()).toContain(v);
    const lifecycle = parseYaml(yml) as Record<string, Array<{ uses: string }>>;
    expect(lifecycle.provision!.map((s) => s.uses)).toEqual(
      expect.arrayContaining(['teamsApp/create', 'arm/deploy', 'teamsApp/zipAppPackage', 'teamsApp/update']),
    );
    expect(lifecycle.deploy!.map((s) => s.uses)).toEqual(['script']);
    expect(lifecycle.publish!.map((s) => s.uses)).toContain('teamsApp/publishAppPackage');
  });

  it('when secrets are kept for the toolkit then git ignores their file', () => {
    expect(read('.gitignore').split('\n')).toContain('env/.env.*.user');
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));

  it('when the runtime stage installs dependencies then it is the production install the start test runs', () => {
    expect(runtime).toContain(`RUN npm ${PRODUCTION_INSTALL.join(' ')} `);
  });

  it('when the container starts then it runs the package entry point as a non-root user, with a health check on /healthz', () => {
    const { main } = JSON.parse(read('package.json')) as { main: string };
    expect(runtime).toContain(`CMD ["node", "${main}"]`);
    expect(runtime).toMatch(/^USER 1000:1000$/m);
    expect(runtime).toMatch(/HEALTHCHECK [\s\S]*\/healthz/);
    expect(runtime).toContain('COPY cards ./cards');
    expect(runtime).toMatch(/^EXPOSE 3978$/m);
  });

  it('when the image is built then .dockerignore lets in only the build inputs (never .env or node_modules)', () => {
    const lines = read('.dockerignore')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(lines[0]).toBe('*');
    expect(lines.slice(1).sort()).toEqual(
      ['!cards', '!package-lock.json', '!package.json', '!src', '!tsconfig.app.json', '!tsconfig.json'].sort(),
    );
  });
});

describe('docs/DEPLOY.md', () => {
  const deploy = read('docs/DEPLOY.md');

  it('when read then it names every app setting the Bicep sets and every parameter a person supplies', () => {
    for (const key of allSettings) expect([key, deploy.includes(`\`${key}\``)]).toEqual([key, true]);
    for (const v of ['MONGODB_URI', 'MONGO_ADMIN_PASSWORD', 'AZURE_RESOURCE_GROUP', 'BOT_ID', 'BOT_DOMAIN'])
      expect([v, deploy.includes(v)]).toEqual([v, true]);
  });

  it('when read then its commands are the ones the repository provides', () => {
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    for (const m of deploy.matchAll(/npm run ([a-z:-]+)/g))
      expect([m[1], scripts[m[1]!] !== undefined]).toEqual([m[1], true]);
    expect(deploy).toContain('azd up');
    expect(deploy).toContain('atk provision');
  });
});
