// A production deployment on loopback, run inside a network namespace of its own (only `lo`), so
// nothing the bot or its Azure SDKs try can leave this machine: jongodb as the MongoDB, Azurite over
// HTTPS with OAuth as the storage account, a stand-in of the managed-identity endpoint that Azure
// Container Apps and App Service provide (IDENTITY_ENDPOINT / IDENTITY_HEADER), and a stand-in of the
// Application Insights ingestion endpoint. The bot is the production install (test/support/
// production-copy.ts) started as `npm start` starts it. Prints one JSON line with what happened.
//
// Plain JavaScript: it runs with the production copy's node, outside jest, with no TypeScript build.
//   node production-harness.mjs '<json options>'
import { spawn } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { createInterface } from 'node:readline';
import { gunzipSync } from 'node:zlib';

const options = JSON.parse(process.argv[2]);
const children = [];
process.on('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

async function freePort() {
  const srv = createNetServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

async function listen(server) {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server.address().port;
}

/** Spawns a child and resolves with it once a stdout or stderr line matches `ready`. */
function start(name, command, args, env, ready, cwd) {
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines = [];
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const readyLine = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready in 60 s:\n${lines.join('\n')}`)), 60_000);
    for (const stream of [child.stdout, child.stderr])
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        if (ready && ready.test(line)) {
          clearTimeout(timer);
          resolve(line);
        }
      });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${lines.join('\n')}`));
    });
  });
  return { child, lines, exited, readyLine };
}

function jwt(claims) {
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${enc({ typ: 'JWT', alg: 'HS256' })}.${enc(claims)}`;
  return `${body}.${createHmac('sha256', randomBytes(16)).update(body).digest('base64url')}`;
}

const tls = { cert: readFileSync(options.certFile), key: readFileSync(options.keyFile) };
const identity = { clientId: options.clientId, tenantId: options.tenantId, objectId: randomUUID() };
const identityHeader = randomBytes(16).toString('hex');

// The managed-identity endpoint (App Service / Container Apps protocol, api-version 2019-08-01).
const tokenRequests = [];
const msi = createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  tokenRequests.push({
    path: url.pathname,
    apiVersion: url.searchParams.get('api-version'),
    resource: url.searchParams.get('resource'),
    clientId: url.searchParams.get('client_id'),
    headerOk: req.headers['x-identity-header'] === identityHeader,
  });
  if (req.headers['x-identity-header'] !== identityHeader) {
    res.writeHead(401).end();
    return;
  }
  const now = Math.floor(Date.now() / 1000);
  const resource = url.searchParams.get('resource') ?? '';
  const token = jwt({
    aud: resource.replace(/\/(\.default)?$/, ''),
    iss: `https://sts.windows.net/${identity.tenantId}/`,
    iat: now - 60,
    nbf: now - 60,
    exp: now + 3600,
    oid: identity.objectId,
    tid: identity.tenantId,
    appid: identity.clientId,
  });
  res.writeHead(200, { 'content-type': 'application/json' }).end(
    JSON.stringify({
      access_token: token,
      expires_on: String(now + 3600),
      resource,
      token_type: 'Bearer',
      client_id: identity.clientId,
    }),
  );
});

// Application Insights ingestion (Breeze): POST /v2.1/track with gzip'd JSON envelopes.
const envelopes = [];
const ingestion = createHttpsServer(tls, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    let items = [];
    try {
      const parsed = JSON.parse(body.toString());
      items = Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      items = body
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    }
    if (req.url.startsWith('/v2.1/track') || req.url.startsWith('/v2/track')) envelopes.push(...items);
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
  });
});

const result = {};
try {
  const msiPort = await listen(msi);
  const ingestionPort = await listen(ingestion);

  const mongoPort = await freePort();
  const mongo = start(
    'jongodb',
    options.jongodb,
    ['--host=127.0.0.1', `--port=${mongoPort}`],
    process.env,
    /^JONGODB_URI=/,
  );
  const mongoUri = (await mongo.readyLine).replace(/^JONGODB_URI=/, '').trim();

  const blobPort = await freePort();
  const azurite = start(
    'Azurite',
    options.node,
    [
      options.azuriteMain,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(blobPort),
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--skipApiVersionCheck',
      '--loose',
      '--silent',
      '--cert',
      options.certFile,
      '--key',
      options.keyFile,
      '--oauth',
      'basic',
    ],
    process.env,
    /successfully listens on/i,
  );
  await azurite.readyLine;

  const secretToken = randomBytes(32).toString('base64url');
  result.secretToken = secretToken;
  const bot = start(
    'bot',
    options.node,
    options.startArgs,
    {
      PATH: process.env.PATH,
      NODE_EXTRA_CA_CERTS: options.certFile,
      PORT: '0',
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppId: identity.clientId,
      MicrosoftAppTenantId: identity.tenantId,
      MONGODB_URI: mongoUri,
      AZURE_STORAGE_ACCOUNT_URL: `https://127.0.0.1:${blobPort}/devstoreaccount1`,
      AZURE_CLIENT_ID: identity.clientId,
      PUBLIC_BASE_URL: 'https://claims.contoso.example',
      APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${randomUUID()};IngestionEndpoint=https://127.0.0.1:${ingestionPort}/;LiveEndpoint=https://127.0.0.1:${ingestionPort}/`,
      // What Azure Container Apps (and App Service) put into the environment of a container with a managed identity.
      IDENTITY_ENDPOINT: `http://127.0.0.1:${msiPort}/msi/token`,
      IDENTITY_HEADER: identityHeader,
    },
    /"msg":"bot listening on /,
    options.cwd,
  );
  const listening = JSON.parse(await bot.readyLine);
  result.listening = { address: listening.address, port: listening.port, auth: listening.auth };
  const base = `http://127.0.0.1:${listening.port}`;
  result.readyz = (await fetch(`${base}/readyz`)).status;
  result.upload = (await fetch(`${base}/upload/${secretToken}?sig=${secretToken}`)).status;
  bot.child.kill('SIGTERM');
  result.exit = await bot.exited;
  result.botLines = bot.lines;
  azurite.child.kill('SIGTERM');
  mongo.child.kill('SIGTERM');
  await Promise.all([azurite.exited, mongo.exited]);
} catch (err) {
  result.error = err instanceof Error ? err.message : String(err);
} finally {
  msi.close();
  ingestion.close();
  result.tokenRequests = tokenRequests;
  result.envelopes = envelopes;
  result.identity = identity;
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}
