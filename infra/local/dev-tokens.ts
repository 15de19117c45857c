import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A development token issuer for the local runtime: HS256 JWTs carrying the same claims the Cognito
 * authorizer hands the handlers in AWS (`sub`, `custom:role`, `custom:unitId`). Never used in AWS.
 */
export interface StaffClaims {
  sub: string;
  'custom:role': string;
  'custom:unitId'?: string;
}

const b64 = (value: object | Buffer) =>
  (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

export function signDevToken(
  claims: StaffClaims,
  secret: string,
  ttlSeconds = 7 * 86_400,
  now = Date.now(),
): string {
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  const iat = Math.floor(now / 1000);
  const payload = b64({ ...claims, iat, exp: iat + ttlSeconds, iss: 'hotline-local' });
  const signature = b64(createHmac('sha256', secret).update(`${header}.${payload}`).digest());
  return `${header}.${payload}.${signature}`;
}

/** The claims of a valid, unexpired token; undefined for anything else. */
export function verifyDevToken(token: string, secret: string, now = Date.now()): StaffClaims | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return undefined;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < now) return undefined;
    if (typeof claims.sub !== 'string' || typeof claims['custom:role'] !== 'string') return undefined;
    return claims;
  } catch {
    return undefined;
  }
}
