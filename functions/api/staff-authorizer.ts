import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent, Context } from 'aws-lambda';
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import {
  type StaffContext,
  StaffTokenRefusedError,
  staffContextOf,
  TOKEN_CLOCK_TOLERANCE_SECONDS,
} from '../domain/access/index.ts';
import { optionalEnv, requiredEnv } from '../shared/config.ts';
import { logger } from '../shared/powertools.ts';

/**
 * The Lambda TOKEN authorizer of the staff routes where staff sign in with the province's own
 * OpenID Connect provider instead of a Cognito user pool (the China regions). API Gateway calls it
 * with the `Authorization` header and caches its answer per token (5 minutes).
 *
 * It verifies the `Bearer` ID token: signature (RS256 or ES256 only, keys from the provider's JWKS),
 * `iss`, `aud`, `exp` (required; 30 seconds of clock tolerance) and `sub`; then reads the hotline
 * role from the claim `STAFF_ROLE_CLAIM` (a staff role, never `system`) and the unit from
 * `STAFF_UNIT_CLAIM` (required for unitClerk and unitHead), by the rules the local dev tokens follow
 * too (`staffContextOf`, functions/domain/access/staff-token.ts). A token that fails any check is answered
 * 401 (`Unauthorized`, API Gateway's convention); the reason is logged, the token never.
 *
 * The handlers read the result with `staffActor` (functions/http/identity.ts) from the context:
 * `requestContext.authorizer.sub`, `.role` and `.unitId`.
 *
 * Environment (set by the API stack from `staffAuth` of the deployment config):
 * - `STAFF_TOKEN_ISSUER`: the `iss` of the tokens, e.g. `https://id.example.gov.cn/realms/hotline`;
 * - `STAFF_TOKEN_AUDIENCE`: the `aud` they must carry (the staff desk's client id at the provider);
 * - `STAFF_TOKEN_JWKS_URI` (optional): where the provider publishes its signing keys. Without it, the
 *   `jwks_uri` of the issuer's OpenID Connect discovery document
 *   (`<issuer>/.well-known/openid-configuration`, whose `issuer` must be the configured one), read
 *   once per container at the first request — the one location every OIDC provider publishes,
 *   while the path of the key set itself differs between providers;
 * - `STAFF_ROLE_CLAIM`, `STAFF_UNIT_CLAIM`: the claims that carry the role and the unit id.
 *
 * The issuer and key set URLs must be https; plain http is accepted for loopback hosts only (tests
 * and a provider on the same machine).
 */

/** Asymmetric algorithms only: `none` and the HMAC algorithms (a shared secret) are refused. */
const ALGORITHMS = ['RS256', 'ES256'];
/** Per request to the provider; the function itself has 5 seconds. */
const FETCH_TIMEOUT_MS = 2_000;

/** A token that does not pass; `reason` is logged, never the token. */
class Refused extends Error {}
/** The provider's keys could not be read: not the token's fault, logged as an error. */
class ProviderUnavailable extends Error {}

interface AuthorizerConfig {
  issuer: string;
  audience: string;
  jwksUri?: URL;
  roleClaim: string;
  unitClaim: string;
}

/** An https URL, or http on a loopback host. */
function providerUrl(value: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} is not a URL: ${value}`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error(`${name} must be an https URL: ${value}`);
  }
  return url;
}

/** The configuration of the function; a missing or malformed variable fails its start. */
function readConfig(): AuthorizerConfig {
  const issuer = requiredEnv('STAFF_TOKEN_ISSUER');
  providerUrl(issuer, 'STAFF_TOKEN_ISSUER');
  const jwksUri = optionalEnv('STAFF_TOKEN_JWKS_URI');
  return {
    issuer,
    audience: requiredEnv('STAFF_TOKEN_AUDIENCE'),
    ...(jwksUri && { jwksUri: providerUrl(jwksUri, 'STAFF_TOKEN_JWKS_URI') }),
    roleClaim: requiredEnv('STAFF_ROLE_CLAIM'),
    unitClaim: requiredEnv('STAFF_UNIT_CLAIM'),
  };
}

const config = readConfig();

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/** One key set per container: jose caches the keys (10 minutes) and refetches for an unknown `kid`. */
const remoteKeySet = (url: URL): KeySet => createRemoteJWKSet(url, { timeoutDuration: FETCH_TIMEOUT_MS });

/** The issuer's `jwks_uri` from its OpenID Connect discovery document. */
async function discoverJwksUri(issuer: string): Promise<URL> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`discovery document ${url} answered ${response.status}`);
  const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  if (document.issuer !== issuer) {
    throw new Error(`discovery document ${url} names another issuer: ${String(document.issuer)}`);
  }
  if (typeof document.jwks_uri !== 'string') throw new Error(`discovery document ${url} has no jwks_uri`);
  return providerUrl(document.jwks_uri, 'jwks_uri');
}

/** Configured: created now. Discovered: at the first request; a failed discovery is tried again at the next. */
const configuredKeySet = config.jwksUri ? remoteKeySet(config.jwksUri) : undefined;
let discoveredKeySet: Promise<KeySet> | undefined;

function keySet(): Promise<KeySet> {
  if (configuredKeySet) return Promise.resolve(configuredKeySet);
  discoveredKeySet ??= discoverJwksUri(config.issuer).then(remoteKeySet, (error: unknown) => {
    discoveredKeySet = undefined;
    throw new ProviderUnavailable(`OIDC discovery failed: ${(error as Error).message}`);
  });
  return discoveredKeySet;
}

function bearerToken(header: string | undefined): string {
  const match = /^Bearer ([^\s]+)$/i.exec(header?.trim() ?? '');
  if (!match?.[1]) throw new Refused('no Bearer token in the Authorization header');
  return match[1];
}

/**
 * `arn:<partition>:execute-api:<region>:<account>:<api id>/<stage>/*\/*` of the method ARN: the
 * answer is cached per token and must hold for every staff route of the stage, not only the first.
 */
function stageArn(methodArn: string): string {
  const parts = methodArn.split(':');
  const [apiId, stage] = parts[5]?.split('/') ?? [];
  if (parts.length !== 6 || parts[2] !== 'execute-api' || !apiId || !stage) {
    throw new Error(`not an execute-api method ARN: ${methodArn}`);
  }
  return `${parts.slice(0, 5).join(':')}:${apiId}/${stage}/*/*`;
}

/** The reason of a refusal as it is logged: jose's error code and message name the failed check. */
function refusal(error: unknown): { level: 'warn' | 'error'; reason: string } {
  if (error instanceof Refused || error instanceof StaffTokenRefusedError)
    return { level: 'warn', reason: error.message };
  if (
    error instanceof ProviderUnavailable ||
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid
  ) {
    return { level: 'error', reason: `the provider's signing keys could not be read: ${error.message}` };
  }
  if (error instanceof errors.JOSEError) return { level: 'warn', reason: `${error.code}: ${error.message}` };
  return { level: 'error', reason: (error as Error)?.message ?? String(error) };
}

async function authorize(event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  let context: StaffContext;
  try {
    const token = bearerToken(event.authorizationToken);
    const { payload } = await jwtVerify(token, await keySet(), {
      issuer: config.issuer,
      audience: config.audience,
      algorithms: ALGORITHMS,
      clockTolerance: TOKEN_CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'sub'],
    });
    context = staffContextOf(
      payload,
      { role: config.roleClaim, unit: config.unitClaim },
      Math.floor(Date.now() / 1000),
    );
  } catch (error) {
    const { level, reason } = refusal(error);
    logger[level]('staff token refused', { reason });
    throw new Error('Unauthorized');
  }
  logger.debug('staff token accepted', { sub: context.sub, role: context.role });
  return {
    principalId: context.sub,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageArn(event.methodArn) }],
    },
    context: { ...context },
  };
}

export const handler: (
  event: APIGatewayTokenAuthorizerEvent,
  context: Context,
) => Promise<APIGatewayAuthorizerResult> = middy(authorize).use(
  injectLambdaContext(logger, { resetKeys: true }),
);
