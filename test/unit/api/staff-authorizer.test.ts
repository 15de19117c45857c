import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent, Context } from 'aws-lambda';
import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { staffActor } from '../../../functions/http/identity.ts';
import { HttpError } from '../../../functions/http/problem.ts';
import { lambdaContext, request, staff, staffContext, tokenAuthorizerEvent } from './events.ts';

/**
 * The staff-authorizer function against a provider on 127.0.0.1: a `node:http` server that publishes
 * an OpenID Connect discovery document and a JWKS of locally generated keys (one RS256, one ES256).
 * The function reads its environment when its module loads, so each configuration imports a fresh
 * copy of the module (`vi.resetModules`).
 */

type Handler = (
  event: APIGatewayTokenAuthorizerEvent,
  context: Context,
) => Promise<APIGatewayAuthorizerResult>;

const AUDIENCE = 'staff-desk';
const ROLE_CLAIM = 'hotline_role';
const UNIT_CLAIM = 'hotline_unit';
const STAGE_ARN = 'arn:aws-cn:execute-api:cn-north-1:123456789012:api/prod/*/*';

const rsa = await generateKeyPair('RS256');
const ec = await generateKeyPair('ES256');
/** Published without `alg`: only the function's own allowlist keeps its RS512 tokens out. */
const rs512 = await generateKeyPair('RS512');
/** Not published: a token it signs has a bad signature even with a published `kid`. */
const stranger = await generateKeyPair('RS256');

let server: Server;
let base: string;
/** Requests the provider received, by path. */
const hits = new Map<string, number>();
const hitsOf = (path: string) => hits.get(path) ?? 0;

function provider(): Server {
  return createServer(async (req, res) => {
    const path = req.url ?? '/';
    hits.set(path, hitsOf(path) + 1);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    switch (path) {
      case '/.well-known/openid-configuration':
        return json(200, {
          issuer: base,
          jwks_uri: `${base}/keys`,
          id_token_signing_alg_values_supported: [],
        });
      // A document that names another issuer than the one it is published under.
      case '/impostor/.well-known/openid-configuration':
        return json(200, { issuer: base, jwks_uri: `${base}/keys` });
      case '/keys':
        return json(200, {
          keys: [
            { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
            { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
            { ...(await exportJWK(rs512.publicKey)), kid: 'rsa-512', use: 'sig' },
          ],
        });
      default:
        return json(404, { error: 'not found' });
    }
  });
}

const POWERTOOLS_ENV = {
  AWS_LAMBDA_FUNCTION_NAME: '',
  POWERTOOLS_TRACE_ENABLED: 'false',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_DEV: 'false',
};

interface Loaded {
  handler: Handler;
  warn: MockInstance;
  error: MockInstance;
}

/** A fresh copy of the function with this environment, and spies on its logger. */
async function load(env: Record<string, string | undefined>): Promise<Loaded> {
  vi.resetModules();
  for (const [name, value] of Object.entries({ ...POWERTOOLS_ENV, ...env })) vi.stubEnv(name, value);
  const { handler } = await import('../../../functions/api/staff-authorizer.ts');
  const { logger } = await import('../../../functions/shared/powertools.ts');
  return { handler, warn: vi.spyOn(logger, 'warn'), error: vi.spyOn(logger, 'error') };
}

const oidcEnv = (overrides: Record<string, string | undefined> = {}) => ({
  STAFF_TOKEN_ISSUER: base,
  STAFF_TOKEN_AUDIENCE: AUDIENCE,
  STAFF_TOKEN_JWKS_URI: `${base}/keys`,
  STAFF_ROLE_CLAIM: ROLE_CLAIM,
  STAFF_UNIT_CLAIM: UNIT_CLAIM,
  ...overrides,
});

interface TokenOptions {
  claims?: JWTPayload;
  alg?: 'RS256' | 'ES256' | 'RS512';
  kid?: string;
  key?: CryptoKey;
  issuer?: string;
  audience?: string;
  /** Seconds from now; `null` for no `exp` at all. */
  expiresIn?: number | null;
  /** `iat` in seconds since the epoch (a minute ago unless told). */
  issuedAt?: number;
}

const now = () => Math.floor(Date.now() / 1000);

/** An ID token of the provider: a dispatcher of the centre unless told otherwise. */
async function token(opts: TokenOptions = {}): Promise<string> {
  const alg = opts.alg ?? 'RS256';
  const jwt = new SignJWT({ [ROLE_CLAIM]: 'dispatcher', ...opts.claims })
    .setProtectedHeader({ alg, kid: opts.kid ?? (alg === 'RS256' ? 'rsa-1' : 'ec-1'), typ: 'JWT' })
    .setSubject('staff-0001')
    .setIssuer(opts.issuer ?? base)
    .setAudience(opts.audience ?? AUDIENCE)
    .setIssuedAt(opts.issuedAt ?? now() - 60);
  if (opts.expiresIn !== null) jwt.setExpirationTime(now() + (opts.expiresIn ?? 3600));
  return jwt.sign(opts.key ?? (alg === 'RS256' ? rsa.privateKey : ec.privateKey));
}

const bearer = async (opts?: TokenOptions) => `Bearer ${await token(opts)}`;

beforeAll(async () => {
  server = provider();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  vi.clearAllMocks();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise((closed) => server.close(closed));
});

describe('Handler: staff-authorizer', () => {
  let fn: Loaded;
  const authorize = (authorizationToken: string) =>
    fn.handler(tokenAuthorizerEvent(authorizationToken), lambdaContext('staff-authorizer'));

  beforeAll(async () => {
    fn = await load(oidcEnv());
  });

  describe('a valid token', () => {
    it('is allowed on every method of the stage, with the staff member as principal and context', async () => {
      // Act
      const result = await authorize(await bearer());

      // Assess
      expect(result).toEqual({
        principalId: 'staff-0001',
        policyDocument: {
          Version: '2012-10-17',
          Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: STAGE_ARN }],
        },
        context: { sub: 'staff-0001', role: 'dispatcher' },
      });
    });

    it('of unit staff carries the unit (ES256)', async () => {
      // Act
      const result = await authorize(
        await bearer({
          alg: 'ES256',
          claims: { [ROLE_CLAIM]: 'unitClerk', [UNIT_CLAIM]: 'district-housing' },
        }),
      );

      // Assess
      expect(result.context).toEqual({ sub: 'staff-0001', role: 'unitClerk', unitId: 'district-housing' });
      expect(Object.values(result.context ?? {}).every((v) => typeof v === 'string')).toBe(true);
    });

    it('is still allowed 10 seconds after it expired (clock tolerance)', async () => {
      // Act
      const result = await authorize(await bearer({ expiresIn: -10 }));

      // Assess
      expect(result.principalId).toBe('staff-0001');
    });

    it('answers for the stage of the method it was asked about, in any partition', async () => {
      // Act
      const result = await fn.handler(
        tokenAuthorizerEvent(
          await bearer(),
          'arn:aws:execute-api:ap-east-1:210987654321:a1b2c3/staging/PUT/v1/tickets/t-9/commands/accept',
        ),
        lambdaContext('staff-authorizer'),
      );

      // Assess
      expect(result.policyDocument.Statement).toEqual([
        {
          Action: 'execute-api:Invoke',
          Effect: 'Allow',
          Resource: 'arn:aws:execute-api:ap-east-1:210987654321:a1b2c3/staging/*/*',
        },
      ]);
    });

    it('gives the handlers the actor staffActor reads from the flat context', async () => {
      // Prepare
      const result = await authorize(
        await bearer({ claims: { [ROLE_CLAIM]: 'unitHead', [UNIT_CLAIM]: 'district-a' } }),
      );
      const context = result.context as { sub: string; role: string; unitId?: string };

      // Act
      const actor = staffActor(
        request({ method: 'GET', resource: '/v1/tickets', authorizerContext: context }),
      );

      // Assess
      expect(actor).toEqual({ id: 'staff-0001', role: 'unitHead', unitId: 'district-a' });
    });
  });

  describe('refuses with Unauthorized (401)', () => {
    const HS256_SECRET = new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!');
    const refusals: [string, () => Promise<string>, RegExp][] = [
      ['a token of another issuer', () => bearer({ issuer: 'https://id.example.gov.cn/other' }), /iss/],
      ['a token for another audience', () => bearer({ audience: 'another-client' }), /aud/],
      ['an expired token (beyond the tolerance)', () => bearer({ expiresIn: -120 }), /exp/],
      ['a token without exp', () => bearer({ expiresIn: null }), /exp/],
      [
        'a token issued in the future (iat in the year 3000)',
        () => bearer({ issuedAt: Date.UTC(3000, 0, 1) / 1000 }),
        /iat/,
      ],
      [
        'a bad signature (a key the provider never published, under its kid)',
        () => bearer({ key: stranger.privateKey }),
        /signature/,
      ],
      [
        'an algorithm other than RS256 and ES256 (RS512, with a published key)',
        () => bearer({ alg: 'RS512', kid: 'rsa-512', key: rs512.privateKey }),
        /alg/,
      ],
      ['a kid the provider does not publish', () => bearer({ kid: 'rsa-unknown' }), /JWKS|key/],
      [
        'an HS256 token',
        async () =>
          `Bearer ${await new SignJWT({ [ROLE_CLAIM]: 'admin' })
            .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
            .setSubject('staff-0001')
            .setIssuer(base)
            .setAudience(AUDIENCE)
            .setExpirationTime('1h')
            .sign(HS256_SECRET)}`,
        /alg/,
      ],
      [
        'an unsecured token (alg none)',
        async () =>
          `Bearer ${new UnsecuredJWT({ [ROLE_CLAIM]: 'admin' })
            .setSubject('staff-0001')
            .setIssuer(base)
            .setAudience(AUDIENCE)
            .setExpirationTime('1h')
            .encode()}`,
        /alg/,
      ],
      ['an unknown role', () => bearer({ claims: { [ROLE_CLAIM]: 'mayor' } }), /hotline_role/],
      ['the workflows’ system role', () => bearer({ claims: { [ROLE_CLAIM]: 'system' } }), /hotline_role/],
      ['a role that is not a string', () => bearer({ claims: { [ROLE_CLAIM]: ['admin'] } }), /hotline_role/],
      ['no role claim', () => bearer({ claims: { [ROLE_CLAIM]: undefined } }), /hotline_role/],
      [
        'a unit role without a unit',
        () => bearer({ claims: { [ROLE_CLAIM]: 'unitClerk' } }),
        /unitClerk needs a unit/,
      ],
      [
        'a unit that is not a string',
        () => bearer({ claims: { [ROLE_CLAIM]: 'unitHead', [UNIT_CLAIM]: 42 } }),
        /hotline_unit/,
      ],
      ['a token without Bearer', () => token(), /Bearer/],
      ['another scheme', async () => `Basic ${Buffer.from('admin:admin').toString('base64')}`, /Bearer/],
      ['an empty header', async () => '', /Bearer/],
      ['a malformed token', async () => 'Bearer not.a.jwt', /JWS|JWT|Invalid/],
    ];

    it.each(refusals)('%s, logging the reason but never the token', async (_, make, reason) => {
      // Prepare
      const header = await make();

      // Act
      const answer = authorize(header);

      // Assess
      await expect(answer).rejects.toThrow(new Error('Unauthorized'));
      expect(fn.warn).toHaveBeenCalledWith('staff token refused', { reason: expect.stringMatching(reason) });
      const logged = JSON.stringify([fn.warn.mock.calls, fn.error.mock.calls]);
      const jwt = header.replace(/^\S+ /, '');
      if (jwt) expect(logged).not.toContain(jwt);
      for (const part of jwt.split('.').filter((p) => p.length > 8)) expect(logged).not.toContain(part);
    });
  });
});

describe('Handler: staff-authorizer, signing keys', () => {
  it('reads STAFF_TOKEN_JWKS_URI once per container, not per token', async () => {
    // Prepare
    const fn = await load(oidcEnv());
    const before = hitsOf('/keys');

    // Act
    for (const role of ['agent', 'supervisor', 'admin']) {
      await fn.handler(
        tokenAuthorizerEvent(await bearer({ claims: { [ROLE_CLAIM]: role } })),
        lambdaContext('staff-authorizer'),
      );
    }

    // Assess
    expect(hitsOf('/keys') - before).toBe(1);
  });

  it('without STAFF_TOKEN_JWKS_URI, takes the jwks_uri of the issuer’s discovery document, once', async () => {
    // Prepare
    const fn = await load(oidcEnv({ STAFF_TOKEN_JWKS_URI: undefined }));
    const discovery = hitsOf('/.well-known/openid-configuration');
    const keys = hitsOf('/keys');

    // Act
    const first = await fn.handler(tokenAuthorizerEvent(await bearer()), lambdaContext('staff-authorizer'));
    const second = await fn.handler(
      tokenAuthorizerEvent(await bearer({ alg: 'ES256' })),
      lambdaContext('staff-authorizer'),
    );

    // Assess
    expect(first.principalId).toBe('staff-0001');
    expect(second.principalId).toBe('staff-0001');
    expect(hitsOf('/.well-known/openid-configuration') - discovery).toBe(1);
    expect(hitsOf('/keys') - keys).toBe(1);
  });

  it('refuses while discovery fails, logs an error, and tries again at the next token', async () => {
    // Prepare
    const issuer = `${base}/missing`;
    const fn = await load(oidcEnv({ STAFF_TOKEN_ISSUER: issuer, STAFF_TOKEN_JWKS_URI: undefined }));

    // Act
    const first = fn.handler(
      tokenAuthorizerEvent(await bearer({ issuer })),
      lambdaContext('staff-authorizer'),
    );
    await expect(first).rejects.toThrow('Unauthorized');
    const second = fn.handler(
      tokenAuthorizerEvent(await bearer({ issuer })),
      lambdaContext('staff-authorizer'),
    );
    await expect(second).rejects.toThrow('Unauthorized');

    // Assess
    expect(hitsOf('/missing/.well-known/openid-configuration')).toBe(2);
    expect(fn.error).toHaveBeenCalledWith('staff token refused', {
      reason: expect.stringContaining('answered 404'),
    });
  });

  it('refuses the keys of a discovery document that names another issuer', async () => {
    // Prepare
    const issuer = `${base}/impostor`;
    const fn = await load(oidcEnv({ STAFF_TOKEN_ISSUER: issuer, STAFF_TOKEN_JWKS_URI: undefined }));

    // Act
    const answer = fn.handler(
      tokenAuthorizerEvent(await bearer({ issuer })),
      lambdaContext('staff-authorizer'),
    );

    // Assess
    await expect(answer).rejects.toThrow('Unauthorized');
    expect(fn.error).toHaveBeenCalledWith('staff token refused', {
      reason: expect.stringContaining('names another issuer'),
    });
  });
});

describe('Handler: staff-authorizer, configuration', () => {
  it.each([
    ['STAFF_TOKEN_ISSUER missing', { STAFF_TOKEN_ISSUER: undefined }, /STAFF_TOKEN_ISSUER/],
    ['STAFF_TOKEN_AUDIENCE missing', { STAFF_TOKEN_AUDIENCE: undefined }, /STAFF_TOKEN_AUDIENCE/],
    ['STAFF_ROLE_CLAIM missing', { STAFF_ROLE_CLAIM: undefined }, /STAFF_ROLE_CLAIM/],
    ['STAFF_UNIT_CLAIM missing', { STAFF_UNIT_CLAIM: undefined }, /STAFF_UNIT_CLAIM/],
    [
      'a plain http issuer',
      { STAFF_TOKEN_ISSUER: 'http://id.example.gov.cn/realms/hotline' },
      /STAFF_TOKEN_ISSUER must be an https URL/,
    ],
    [
      'a plain http key set',
      { STAFF_TOKEN_JWKS_URI: 'http://id.example.gov.cn/certs' },
      /STAFF_TOKEN_JWKS_URI must be an https URL/,
    ],
  ])('fails to start with %s', async (_, env, message) => {
    // Act
    const loading = load(oidcEnv(env));

    // Assess
    await expect(loading).rejects.toThrow(message);
  });
});

describe('staffActor', () => {
  it('reads the claims of the Cognito authorizer', () => {
    // Act
    const actor = staffActor(
      request({ method: 'GET', resource: '/v1/tickets', claims: staff('unitClerk', 'u-1') }),
    );

    // Assess
    expect(actor).toEqual({ id: 'unitClerk-u-1', role: 'unitClerk', unitId: 'u-1' });
  });

  it('reads the flat context of the staff-authorizer function', () => {
    // Act
    const actor = staffActor(
      request({ method: 'GET', resource: '/v1/tickets', authorizerContext: staffContext('unitHead', 'u-2') }),
    );

    // Assess
    expect(actor).toEqual({ id: 'unitHead-u-2', role: 'unitHead', unitId: 'u-2' });
  });

  it.each([
    ['claims', { claims: staff('dispatcher') }],
    ['context', { authorizerContext: staffContext('dispatcher') }],
  ])('a centre role without a unit (%s) has no unitId', (_, auth) => {
    // Act
    const actor = staffActor(request({ method: 'GET', resource: '/v1/tickets', ...auth }));

    // Assess
    expect(actor).toEqual({ id: 'dispatcher-centre', role: 'dispatcher', unitId: undefined });
  });

  it.each([
    ['claims', { claims: { sub: 'x', 'custom:role': 'mayor' } }],
    ['context', { authorizerContext: { sub: 'x', role: 'mayor' } }],
  ])('refuses an unknown role with 403 (%s)', (_, auth) => {
    // Act
    const read = () => staffActor(request({ method: 'GET', resource: '/v1/tickets', ...auth }));

    // Assess
    expect(read).toThrow(expect.objectContaining({ status: 403, extra: { rule: 'role.unknown' } }));
  });

  it.each([
    ['no authorizer', {}],
    ['claims without sub', { claims: { sub: '', 'custom:role': 'admin' } }],
    ['a context without sub', { authorizerContext: { sub: '', role: 'admin' } }],
  ])('asks for a staff token with 401 when there is %s', (_, auth) => {
    // Act
    const read = () => staffActor(request({ method: 'GET', resource: '/v1/tickets', ...auth }));

    // Assess
    expect(read).toThrow(HttpError);
    expect(read).toThrow(expect.objectContaining({ status: 401, extra: { rule: 'auth.required' } }));
  });

  it('does not read a flat context when the claims are there', () => {
    // Prepare
    const event = request({ method: 'GET', resource: '/v1/tickets', claims: staff('auditor') });
    Object.assign(event.requestContext.authorizer ?? {}, { sub: 'other', role: 'admin' });

    // Act
    const actor = staffActor(event);

    // Assess
    expect(actor).toEqual({ id: 'auditor-centre', role: 'auditor', unitId: undefined });
  });
});
