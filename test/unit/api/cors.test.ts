import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { corsResponses, parseOrigins } from '../../../functions/http/cors.ts';
import { bodyOf, expectProblem, lambdaContext, request } from './events.ts';

/**
 * CORS headers on the handlers' responses (the preflight is API Gateway's), added by
 * `@middy/http-cors`: these tests hold the deployment's policy, not the library's workings.
 * `CORS_ALLOWED_ORIGINS` is read when the module loads, so the handlers under test are built from a
 * fresh copy of the modules loaded with it set (`vi.resetModules`).
 */

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

const PORTAL = 'https://12345.anhui.example.gov.cn';
const APP = 'https://app.anhui.example.gov.cn';
const ALLOWED = `${PORTAL}, ${APP}`;

const CORS = (origin: string) => ({
  'Access-Control-Allow-Origin': origin,
  Vary: 'Origin',
  'Access-Control-Expose-Headers': 'ETag, Location',
});
/** What a response carries for an origin that is not allowed: no Access-Control-Allow-Origin. */
const NOT_ALLOWED = { Vary: 'Origin', 'Access-Control-Expose-Headers': 'ETag, Location' };

let created: Handler;
let refused: Handler;
let failed: Handler;
let openapi: Handler;

beforeAll(async () => {
  vi.resetModules();
  vi.stubEnv('CORS_ALLOWED_ORIGINS', ALLOWED);
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', '');
  vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('POWERTOOLS_DEV', 'false');
  const { apiHandler } = await import('../../../functions/http/middleware.ts');
  const { json } = await import('../../../functions/http/request.ts');
  const { badRequest } = await import('../../../functions/http/problem.ts');
  created = apiHandler(async () => json(201, { id: 't-1' }, { location: '/v1/tickets/t-1', etag: '"1"' }));
  refused = apiHandler(async () => {
    throw badRequest([{ field: 'content', message: 'required' }]);
  });
  failed = apiHandler(async () => {
    throw new Error('the table is gone');
  });
  ({ handler: openapi } = await import('../../../functions/api/openapi.ts'));
  vi.unstubAllEnvs();
});

const call = (handler: Handler, origin?: string) =>
  handler(
    request({
      method: 'POST',
      resource: '/v1/tickets',
      body: {},
      ...(origin !== undefined && { headers: { Origin: origin } }),
    }),
    lambdaContext(),
  );

describe('CORS on API responses', () => {
  describe('a 201 of the handler', () => {
    it.each([PORTAL, APP])(
      'echoes the allowed origin %s with Vary and the exposed headers',
      async (origin) => {
        // Act
        const response = await call(created, origin);

        // Assess
        expect(response.statusCode).toBe(201);
        expect(response.headers).toEqual({
          'content-type': 'application/json',
          location: '/v1/tickets/t-1',
          etag: '"1"',
          ...CORS(origin),
        });
        expect(bodyOf(response)).toEqual({ id: 't-1' });
      },
    );

    it.each([
      ['another origin', 'https://evil.example.com'],
      ['an allowed origin over http', PORTAL.replace('https:', 'http:')],
      ['an allowed origin on another port', `${PORTAL}:8443`],
      ['the null origin', 'null'],
      ['no Origin', undefined],
    ])('allows no origin for %s', async (_, origin) => {
      // Act
      const response = await call(created, origin);

      // Assess
      expect(response.headers).toEqual({
        'content-type': 'application/json',
        location: '/v1/tickets/t-1',
        etag: '"1"',
        ...NOT_ALLOWED,
      });
    });

    it.each([
      ['in other case', PORTAL.toUpperCase()],
      ['with a trailing slash', `${PORTAL}/`],
    ])('an allowed origin written %s is that origin: the allowed one is echoed', async (_, origin) => {
      // Act
      const response = await call(created, origin);

      // Assess
      expect(response.headers).toMatchObject(CORS(PORTAL));
    });

    it('reads the Origin header whatever its case', async () => {
      // Act
      const response = await created(
        request({ method: 'GET', resource: '/v1/tickets', headers: { origin: APP } }),
        lambdaContext(),
      );

      // Assess
      expect(response.headers).toMatchObject(CORS(APP));
    });
  });

  describe('a problem response', () => {
    it('of a 400 echoes the allowed origin too', async () => {
      // Act
      const response = await call(refused, PORTAL);

      // Assess
      expectProblem(response, 400, 'request.invalid');
      expect(response.headers).toEqual({ 'content-type': 'application/problem+json', ...CORS(PORTAL) });
    });

    it('of an unexpected error (500) echoes the allowed origin too', async () => {
      // Act
      const response = await call(failed, APP);

      // Assess
      expect(response.statusCode).toBe(500);
      expect(response.headers).toEqual({ 'content-type': 'application/problem+json', ...CORS(APP) });
    });

    it.each([
      ['another origin', 'https://evil.example.com'],
      ['no Origin', undefined],
    ])('of a 400 allows no origin for %s', async (_, origin) => {
      // Act
      const response = await call(refused, origin);

      // Assess
      expectProblem(response, 400, 'request.invalid');
      expect(response.headers).toEqual({ 'content-type': 'application/problem+json', ...NOT_ALLOWED });
    });
  });

  it('a real handler (GET /openapi.json) answers an allowed origin', async () => {
    // Act
    const response = await openapi(
      request({ method: 'GET', resource: '/openapi.json', headers: { Origin: PORTAL } }),
      lambdaContext('openapi'),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'cache-control': 'max-age=300', ...CORS(PORTAL) });
  });
});

describe('cors', () => {
  it('parses the configured origins: trimmed, empty entries dropped', () => {
    expect(parseOrigins(` ${PORTAL} ,,${APP},`)).toEqual([PORTAL, APP]);
    expect(parseOrigins('')).toEqual([]);
    expect(parseOrigins(undefined)).toEqual([]);
  });

  it('adds no CORS header at all when no origin is configured', () => {
    expect(corsResponses([])).toEqual([]);
  });

  it('keeps a Vary the handler set and appends Origin', async () => {
    // Prepare
    const [middleware] = corsResponses([PORTAL]);
    const event = request({ method: 'GET', resource: '/v1/tickets', headers: { Origin: PORTAL } });
    const req = { event, response: { statusCode: 200, headers: { Vary: 'Accept' }, body: '' } };

    // Act
    await middleware?.after?.(req as never);

    // Assess
    expect(req.response.headers).toEqual({ ...CORS(PORTAL), Vary: 'Accept, Origin' });
  });
});
