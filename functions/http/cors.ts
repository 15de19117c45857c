import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { header } from './request.ts';

/**
 * CORS on the actual responses of the API. API Gateway answers the preflight (OPTIONS) itself for
 * the deployment's `webOrigins`; the handlers' responses must name the origin too, or the browser
 * withholds them from the page. The stack passes the same origins as `CORS_ALLOWED_ORIGINS`
 * (comma-separated, e.g. `https://12345.anhui.example.gov.cn,https://app.anhui.example.gov.cn`).
 */

/** Response headers a page may read besides the CORS-safelisted ones. */
export const EXPOSED_HEADERS = 'ETag, Location';

/** The origins of a `CORS_ALLOWED_ORIGINS` value: trimmed, empty entries dropped. */
export function parseOrigins(value: string | undefined): ReadonlySet<string> {
  return new Set(
    (value ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  );
}

/** Read once per container: the value only changes with a deployment. */
const ALLOWED_ORIGINS = parseOrigins(process.env.CORS_ALLOWED_ORIGINS);

/**
 * The CORS headers for a request from `origin`: the origin itself (never `*`), `Vary: Origin` and the
 * exposed headers when it is one of `allowed` exactly (scheme, host and port, no trailing slash);
 * nothing otherwise, and nothing for a request without an `Origin` (not a cross-origin browser call).
 */
export function corsHeaders(
  origin: string | undefined,
  allowed: ReadonlySet<string> = ALLOWED_ORIGINS,
): Record<string, string> {
  if (!origin || !allowed.has(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    vary: 'Origin',
    'access-control-expose-headers': EXPOSED_HEADERS,
  };
}

/**
 * The response with the CORS headers of the request's origin added. A `Vary` the handler set is
 * kept and `Origin` appended to it; header names are matched whatever their case.
 */
export function withCors(
  event: APIGatewayProxyEvent,
  response: APIGatewayProxyResult,
  allowed: ReadonlySet<string> = ALLOWED_ORIGINS,
): APIGatewayProxyResult {
  const cors = corsHeaders(header(event, 'origin'), allowed);
  if (Object.keys(cors).length === 0) return response;
  const headers = { ...response.headers };
  for (const [name, value] of Object.entries(cors)) {
    const existing = Object.keys(headers).find((k) => k.toLowerCase() === name);
    if (existing === undefined) {
      headers[name] = value;
    } else if (name === 'vary') {
      const current = String(headers[existing]);
      const listed = current.split(',').map((v) => v.trim().toLowerCase());
      if (!listed.includes('origin') && !listed.includes('*')) headers[existing] = `${current}, ${value}`;
    } else {
      headers[existing] = value;
    }
  }
  return { ...response, headers };
}
