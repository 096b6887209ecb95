import { oneLineReason } from '../../src/startup-errors';
import { currentPlatform, embeddedMongoUnsupported } from '../../src/store/embedded-mongo';
import { redactUrl } from '../../src/telemetry';

describe('embedded database by platform', () => {
  it('when on Linux x64 with glibc (where jongodb ships a binary) then the embedded engine is supported', () => {
    expect(embeddedMongoUnsupported({ platform: 'linux', arch: 'x64', glibc: '2.36' })).toBeUndefined();
  });

  it('when this test runs then it runs where the embedded engine is supported (the run uses it)', () => {
    expect(embeddedMongoUnsupported(currentPlatform())).toBeUndefined();
  });

  it.each<[string, string, string | undefined, RegExp]>([
    ['darwin', 'arm64', undefined, /not darwin\/arm64\./],
    ['win32', 'x64', undefined, /not win32\/x64\./],
    ['linux', 'arm64', '2.36', /not linux\/arm64\./],
    ['linux', 'x64', undefined, /not linux\/x64 without glibc\./],
  ])('when on %s/%s (glibc %s) then one line says so and names MONGODB_URI', (platform, arch, glibc, where) => {
    const message = embeddedMongoUnsupported({ platform, arch, glibc });
    expect(message).toMatch(
      /^MONGODB_URI is not set, and the embedded in-memory database \(jongodb\) exists only for Linux x64 with glibc, /,
    );
    expect(message).toMatch(where);
    expect(message).toMatch(/Set MONGODB_URI to /);
    expect(message).not.toContain('\n');
  });
});

describe('start-up failure reasons', () => {
  it('when a driver error echoes credentials then the reason is one line without them', () => {
    const err = new Error(
      'failed to connect to mongodb://claims:p%40ss@db.example.net:27017/\n  at somewhere (x.js:1:1)',
    );
    const reason = oneLineReason(err, ['p%40ss', 'p@ss']);
    expect(reason).toBe(
      'Error: failed to connect to mongodb://[redacted]@db.example.net:27017/ at somewhere (x.js:1:1)',
    );
  });

  it('when a reason is very long then it is cut to 300 characters', () => {
    expect(oneLineReason(new Error('x'.repeat(1000)))).toHaveLength(300);
  });
});

describe('telemetry URL redaction', () => {
  it.each<[string, string]>([
    [
      'http://127.0.0.1:3978/upload/3q2-Ab_cdEfGhIjKlMnOpQrStUvWxYz0123456789abcd',
      'http://127.0.0.1:3978/upload/:token',
    ],
    ['/exports/3q2-Ab_cdEfGhIjKlMnOpQrStUvWxYz0123456789abcd?download=1', '/exports/:token?[redacted]'],
    [
      'https://claims.blob.core.windows.net/c/tenant/claim/doc?sv=2025-07-05&sig=abc',
      'https://claims.blob.core.windows.net/c/tenant/claim/doc?[redacted]',
    ],
    ['/api/messages', '/api/messages'],
    ['/healthz', '/healthz'],
  ])('when a span carries %s then %s is exported', (url, exported) => {
    expect(redactUrl(url)).toBe(exported);
  });
});
