import { jwtVerify, SignJWT } from 'jose';
import { staffContextOf, TOKEN_CLOCK_TOLERANCE_SECONDS } from '../../functions/domain/access/index.ts';
import type { StaffClaims } from '../../functions/http/identity.ts';

/**
 * A development token issuer for the local runtime: HS256 JWTs (signed and verified with jose)
 * carrying the claims the Cognito authorizer hands the handlers in AWS (`sub`, `custom:role`,
 * `custom:unitId`). Never used in AWS. A token is accepted by the rules of the AWS staff authorizer
 * (`staffContextOf`): issued by `hotline-local`, not expired, not issued in the future, a staff role
 * (never `system`), and a unit for the unit roles.
 */
export const DEV_TOKEN_ISSUER = 'hotline-local';
const CLAIM_NAMES = { role: 'custom:role', unit: 'custom:unitId' };

const keyOf = (secret: string) => new TextEncoder().encode(secret);

export function signDevToken(
  claims: StaffClaims,
  secret: string,
  ttlSeconds = 7 * 86_400,
  now = Date.now(),
): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(DEV_TOKEN_ISSUER)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(keyOf(secret));
}

/** The claims of a token the staff authorizer would accept; undefined for anything else. */
export async function verifyDevToken(
  token: string,
  secret: string,
  now = Date.now(),
): Promise<StaffClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      issuer: DEV_TOKEN_ISSUER,
      algorithms: ['HS256'],
      clockTolerance: TOKEN_CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'sub', 'iss'],
      currentDate: new Date(now),
    });
    const staff = staffContextOf(payload, CLAIM_NAMES, Math.floor(now / 1000));
    return {
      sub: staff.sub,
      'custom:role': staff.role,
      ...(staff.unitId !== undefined && { 'custom:unitId': staff.unitId }),
    };
  } catch {
    return undefined;
  }
}
