import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import type { Config } from './config';

/**
 * Azure Monitor (Application Insights) through its OpenTelemetry distro: incoming and outgoing HTTP
 * requests, MongoDB and Azure SDK calls as traces, plus request and dependency metrics. Only a
 * type is imported here: the distro (and its many modules) loads only when a connection string is
 * set, so start-up and tests without one do not pay for it.
 */
export interface Telemetry {
  /** Exports what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

type SpanProcessor = NonNullable<AzureMonitorOpenTelemetryOptions['spanProcessors']>[number];
type Span = Parameters<SpanProcessor['onStart']>[0];

/** Span attributes that carry a URL or part of one (old and current HTTP semantic conventions). */
const URL_ATTRIBUTES = ['url.full', 'http.url', 'url.path', 'http.target'] as const;
const QUERY_ATTRIBUTES = ['url.query'] as const;

/**
 * A URL as it may be exported: no query string (Teams file links and SAS links carry credentials
 * there) and no path segment that looks like a token or key (upload and export links carry theirs
 * in the path).
 */
export function redactUrl(value: string): string {
  const cut = value.search(/[?#]/);
  const base = cut === -1 ? value : value.slice(0, cut);
  const query = cut === -1 ? '' : '?[redacted]';
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(base)?.[0] ?? '';
  const path = base.slice(origin.length).replace(/\/[A-Za-z0-9_~%-]{20,}(?=\/|$)/g, '/:token');
  return `${origin}${path}${query}`;
}

/** Rewrites URL attributes as spans start, before any exporter or metric view can read them. */
class RedactUrls implements SpanProcessor {
  onStart(span: Span): void {
    for (const key of URL_ATTRIBUTES) {
      const value = span.attributes[key];
      if (typeof value === 'string') span.setAttribute(key, redactUrl(value));
    }
    for (const key of QUERY_ATTRIBUTES) if (span.attributes[key] !== undefined) span.setAttribute(key, '[redacted]');
  }
  onEnd(): void {}
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/**
 * Starts the distro when APPLICATIONINSIGHTS_CONNECTION_STRING is set. Call it before anything
 * loads http, restify or mongodb: the distro instruments them as they are first required.
 */
export function startTelemetry(config: Pick<Config, 'APPLICATIONINSIGHTS_CONNECTION_STRING'>): Telemetry | undefined {
  const connectionString = config.APPLICATIONINSIGHTS_CONNECTION_STRING;
  if (!connectionString) return undefined;
  // Loaded only when telemetry is wanted. The cloud role name comes from the host (the container
  // app's name on Azure Container Apps).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const distro = require('@azure/monitor-opentelemetry') as typeof import('@azure/monitor-opentelemetry');
  distro.useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    // A claims bot sees a few requests a minute: keep every trace rather than the default 5 per second
    // rate limit, which drops the first requests after start.
    samplingRatio: 1,
    tracesPerSecond: 0,
    spanProcessors: [new RedactUrls()],
  });
  return { shutdown: () => distro.shutdownAzureMonitor() };
}
