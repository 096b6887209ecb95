import { isIP } from 'node:net';

/**
 * Where Teams keeps a file a user sends to a bot in a 1:1 chat: the file is uploaded to the
 * sender's OneDrive for Business, and the attachment's downloadUrl is a short-lived, pre-signed
 * SharePoint link (https://<tenant>-my.sharepoint.com/personal/…/_layouts/15/download.aspx?…&tempauth=…).
 * The other entries cover Microsoft's own test rings (sharepoint-df), OneDrive and Graph download
 * redirects, and the Teams and Bot Connector attachment services.
 */
export const DEFAULT_CHAT_FILE_HOSTS: readonly string[] = [
  '*.sharepoint.com',
  '*.sharepoint-df.com',
  '*.onedrive.com',
  '*.1drv.com',
  'graph.microsoft.com',
  '*.teams.microsoft.com',
  'smba.trafficmanager.net',
];

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
/**
 * A host name, or `*.` and a domain of at least two labels (`*.com` would allow the world),
 * optionally with `:port` (that port only; without one, 443 only).
 */
const HOST_PATTERN = new RegExp(`^(?:\\*\\.${LABEL}(?:\\.${LABEL})+|${LABEL}(?:\\.${LABEL})*)(?::([1-9][0-9]{0,4}))?$`);

/** Splits a comma- or space-separated list (environment variables), dropping empty entries. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Why an entry of CHAT_FILE_HOSTS is not usable, or undefined when it is. */
export function hostPatternProblem(entry: string): string | undefined {
  const host = entry.replace(/:\d+$/, '');
  if (isIP(host.replace(/^\[|\]$/g, '')) !== 0 || isIP(entry) !== 0)
    return `"${entry}" is an IP address: list host names (local development: CHAT_FILE_DEV_ORIGINS)`;
  const m = HOST_PATTERN.exec(entry);
  if (!m) return `"${entry}" is not a host name or a *.domain pattern (lower case, optionally :port)`;
  if (m[1] !== undefined && Number(m[1]) > 65535) return `"${entry}" has no such port`;
  return undefined;
}

/**
 * True when the host is listed or is a subdomain of a `*.` entry (never the bare domain of one),
 * on the entry's port: 443 (`port` '') unless the entry names another.
 */
export function hostAllowed(hostname: string, port: string, patterns: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return patterns.some((entry) => {
    const m = /^(.*?)(?::(\d+))?$/.exec(entry)!;
    const name = m[1]!;
    if ((m[2] === '443' ? '' : (m[2] ?? '')) !== port) return false;
    return name.startsWith('*.') ? host.endsWith(name.slice(1)) : host === name;
  });
}

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/**
 * Why an entry of CHAT_FILE_DEV_ORIGINS is not usable, or undefined. A development origin is an
 * exact scheme, loopback host and port (e.g. a local file server in tests): nothing else.
 */
export function devOriginProblem(entry: string): string | undefined {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return `"${entry}" is not an origin such as http://127.0.0.1:8080`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `"${entry}" must be http or https`;
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash)
    return `"${entry}" must be only scheme, host and port`;
  if (!LOOPBACK_HOST.test(url.hostname)) return `"${entry}" must be a loopback host (localhost, 127.x.x.x, [::1])`;
  return undefined;
}

export interface DownloadPolicy {
  /** Host names and `*.domain` patterns reachable over https (on 443, or the entry's `:port`). */
  readonly hosts: readonly string[];
  /** Exact origins allowed as they are, loopback included (local development and tests only). */
  readonly devOrigins: readonly string[];
}

export type UrlVerdict =
  | { readonly ok: true; readonly url: URL; readonly via: 'allow-list' | 'dev-origin' }
  | { readonly ok: false; readonly reason: string };

/**
 * Whether the bot may fetch this URL for a user: an exact development origin, or https to a
 * listed host name on its port (443 unless the entry names one; never an IP literal, never
 * credentials in the URL). The addresses the name resolves to are checked when it is resolved.
 */
export function checkDownloadUrl(raw: string, policy: DownloadPolicy): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.username || url.password) return { ok: false, reason: 'credentials in the URL' };
  if (policy.devOrigins.includes(url.origin)) return { ok: true, url, via: 'dev-origin' };
  if (url.protocol !== 'https:') return { ok: false, reason: `scheme ${url.protocol} (https only)` };
  if (isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0) return { ok: false, reason: 'an IP address instead of a host' };
  if (!hostAllowed(url.hostname, url.port, policy.hosts))
    return { ok: false, reason: `host ${url.host} is not allowed` };
  return { ok: true, url, via: 'allow-list' };
}
