import type middy from '@middy/core';
import httpCors from '@middy/http-cors';

/**
 * CORS on the actual responses of the API, by `@middy/http-cors`. API Gateway answers the preflight
 * (OPTIONS) itself for the deployment's `webOrigins`; the handlers' responses must name the origin
 * too, or the browser withholds them from the page. The stack passes the same origins as
 * `CORS_ALLOWED_ORIGINS` (comma-separated, e.g.
 * `https://12345.anhui.example.gov.cn,https://app.anhui.example.gov.cn`).
 */

/** Response headers a page may read besides the CORS-safelisted ones. */
export const EXPOSED_HEADERS = 'ETag, Location';

/** The origins of a `CORS_ALLOWED_ORIGINS` value: trimmed, empty entries dropped. */
export function parseOrigins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}

/**
 * The middleware: an allowed `Origin` is echoed (never `*`), with `Vary: Origin` and the exposed
 * headers; any other origin gets no `Access-Control-Allow-Origin`, so the browser withholds the
 * answer. A deployment without web origins adds no CORS header at all. The origins are read once
 * per container: they change only with a deployment.
 */
export const corsResponses = (
  origins: string[] = parseOrigins(process.env.CORS_ALLOWED_ORIGINS),
): middy.MiddlewareObj[] =>
  origins.length === 0 ? [] : [httpCors({ origins, exposeHeaders: EXPOSED_HEADERS })];
