import { classifyAddress, isPublicAddress } from '../../src/http/address-rules';
import {
  checkDownloadUrl,
  DEFAULT_CHAT_FILE_HOSTS,
  devOriginProblem,
  hostAllowed,
  hostPatternProblem,
} from '../../src/http/host-rules';
import { ConfigError, loadConfig } from '../../src/config';

describe('address classification (what a chat file download may connect to)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:0:127.0.0.1', 'loopback'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['2002:7f00:0001::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['100.64.0.1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['255.255.255.255', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['::127.0.0.1', 'reserved'],
    ['not-an-ip', 'invalid'],
    ['', 'invalid'],
  ])('when the address is %s then it is %s and never fetched', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    ['13.107.136.9'], // a SharePoint Online front door
    ['52.96.0.1'],
    ['8.8.8.8'],
    ['172.32.0.1'], // just outside 172.16.0.0/12
    ['100.128.0.1'], // just outside 100.64.0.0/10
    ['2603:1006:2000::1'],
    ['2606:4700:4700::1111'],
    ['::ffff:13.107.136.9'],
  ])('when the address is %s then it is public', (address) => {
    expect(classifyAddress(address)).toBe('public');
  });
});

describe('the chat file host allow-list', () => {
  const hosts = [...DEFAULT_CHAT_FILE_HOSTS, 'files.example.test:8443'];

  it.each([
    ['contoso-my.sharepoint.com', ''],
    ['contoso.sharepoint.com', ''],
    ['a.b.sharepoint.com', ''],
    ['CONTOSO.SharePoint.com', ''],
    ['contoso.sharepoint.com.', ''],
    ['graph.microsoft.com', ''],
    ['smba.trafficmanager.net', ''],
    ['files.example.test', '8443'],
  ])('when the host is %s (port %j) then it is allowed', (host, port) => {
    expect(hostAllowed(host, port, hosts)).toBe(true);
  });

  it.each([
    ['sharepoint.com', ''], // the bare domain of a *. entry
    ['evilsharepoint.com', ''],
    ['contoso.sharepoint.com.evil.example', ''],
    ['sharepoint.com.evil.example', ''],
    ['contoso.sharepoint.com', '8080'], // another port than 443
    ['graph.microsoft.com.evil.example', ''],
    ['xgraph.microsoft.com', ''],
    ['files.example.test', ''], // listed with :8443 only
    ['localhost', ''],
  ])('when the host is %s (port %j) then it is not allowed', (host, port) => {
    expect(hostAllowed(host, port, hosts)).toBe(false);
  });

  it.each([
    ['*.com'],
    ['*'],
    ['*.*.example.com'],
    ['10.0.0.1'],
    ['127.0.0.1:8080'],
    ['[::1]'],
    ['http://contoso.sharepoint.com'],
    ['contoso.sharepoint.com/path'],
    ['bad_name.example.com'],
    ['example.com:70000'],
  ])('when CHAT_FILE_HOSTS lists %s then it is refused', (entry) => {
    expect(hostPatternProblem(entry)).toBeDefined();
  });

  it.each([['*.sharepoint.com'], ['graph.microsoft.com'], ['localhost'], ['files.example.test:8443']])(
    'when CHAT_FILE_HOSTS lists %s then it is accepted',
    (entry) => {
      expect(hostPatternProblem(entry)).toBeUndefined();
    },
  );
});

describe('which download URLs may be fetched', () => {
  const policy = { hosts: DEFAULT_CHAT_FILE_HOSTS, devOrigins: ['http://127.0.0.1:4100'] };

  it.each([
    ['https://contoso-my.sharepoint.com/personal/ann/_layouts/15/download.aspx?UniqueId=1&tempauth=t', 'allow-list'],
    ['https://contoso.sharepoint.com:443/x', 'allow-list'],
    ['http://127.0.0.1:4100/files/a.pdf', 'dev-origin'],
  ])('when the URL is %s then it may be fetched (%s)', (url, via) => {
    expect(checkDownloadUrl(url, policy)).toMatchObject({ ok: true, via });
  });

  it.each([
    ['http://contoso.sharepoint.com/x', /https only/],
    ['https://contoso.sharepoint.com:8443/x', /not allowed/],
    ['https://127.0.0.1/x', /IP address/],
    ['https://[::1]/x', /IP address/],
    ['https://2130706433/x', /IP address/], // 127.0.0.1 as one number
    ['https://0x7f.1/x', /IP address/],
    ['https://user:pw@contoso.sharepoint.com/x', /credentials/],
    ['https://evil.example/x', /not allowed/],
    ['http://127.0.0.1:4101/x', /https only/], // a port the development origin does not name
    ['http://localhost:4100/x', /https only/], // not the exact origin
    ['file:///etc/passwd', /https only/],
    ['gopher://contoso.sharepoint.com/x', /https only/],
    ['not a url', /not a URL/],
  ])('when the URL is %s then it is refused', (url, why) => {
    const verdict = checkDownloadUrl(url, policy);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toMatch(why);
  });

  it.each([['http://127.0.0.1:4100'], ['http://localhost:8080'], ['https://[::1]:9000'], ['http://127.0.0.2:1']])(
    'when CHAT_FILE_DEV_ORIGINS is %s then it is accepted',
    (entry) => {
      expect(devOriginProblem(entry)).toBeUndefined();
    },
  );

  it.each([
    ['http://intranet.local:8080'],
    ['http://10.0.0.5:80'],
    ['http://127.0.0.1:4100/path'],
    ['ftp://127.0.0.1:21'],
  ])('when CHAT_FILE_DEV_ORIGINS is %s then it is refused (exact loopback origins only)', (entry) => {
    expect(devOriginProblem(entry)).toBeDefined();
  });
});

describe('chat file configuration', () => {
  it('when nothing is set then the Teams, SharePoint and OneDrive hosts are allowed and no development origin is', () => {
    const config = loadConfig({});
    expect(config.CHAT_FILE_HOSTS).toEqual([...DEFAULT_CHAT_FILE_HOSTS]);
    expect(config.CHAT_FILE_DEV_ORIGINS).toEqual([]);
    expect(config.CHAT_FILE_MAX_CONCURRENT).toBeGreaterThan(0);
  });

  it('when a development origin is configured together with authentication then the bot refuses to start', () => {
    // A production configuration that starts as it is: the development origin is its only fault.
    const production = {
      MicrosoftAppId: 'app-id',
      MicrosoftAppPassword: 'secret',
      MONGODB_URI: 'mongodb://db.example.internal:27017',
      AZURE_STORAGE_ACCOUNT_URL: 'https://claims.blob.core.windows.net',
    };
    expect(loadConfig(production).CHAT_FILE_DEV_ORIGINS).toEqual([]);
    const withDevOrigin = { ...production, CHAT_FILE_DEV_ORIGINS: 'http://127.0.0.1:4100' };
    expect(() => loadConfig(withDevOrigin)).toThrow(ConfigError);
    expect(() => loadConfig(withDevOrigin)).toThrow(/CHAT_FILE_DEV_ORIGINS is for local development only/);
  });

  it('when CHAT_FILE_HOSTS names an IP address or a too-wide pattern then the bot refuses to start and names each entry', () => {
    expect(() => loadConfig({ CHAT_FILE_HOSTS: '*.sharepoint.com, 169.254.169.254, *.net' })).toThrow(
      /CHAT_FILE_HOSTS "169\.254\.169\.254" is an IP address.*CHAT_FILE_HOSTS "\*\.net" is not a host name/,
    );
  });
});
