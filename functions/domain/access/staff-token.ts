import { isUnitRole, parseRole, type Role } from './roles.ts';

/** Seconds of clock difference tolerated for a token's `exp`, `nbf` and `iat`. */
export const TOKEN_CLOCK_TOLERANCE_SECONDS = 30;

/** A verified token that does not name a staff member the hotline accepts; the message says why. */
export class StaffTokenRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaffTokenRefusedError';
  }
}

/** Who a staff token names, as the handlers receive it. */
export interface StaffContext {
  sub: string;
  role: Exclude<Role, 'system'>;
  unitId?: string;
}

/** The claims that carry the role and the unit (`custom:role` and `custom:unitId` in Cognito tokens). */
export interface StaffClaimNames {
  role: string;
  unit: string;
}

/**
 * The staff member a token names, once its signature, issuer, audience and expiry are verified: the
 * same rules for the AWS staff authorizer and the local runtime's dev tokens. A token must carry a
 * `sub`; its role claim must name a staff role (never `system`, the workflows' own); a unit claim, if
 * there is one, must be a unit id, and the unit roles need one; it may not be issued in the future.
 */
export function staffContextOf(
  payload: Readonly<Record<string, unknown>>,
  names: StaffClaimNames,
  nowSeconds: number,
): StaffContext {
  const { sub, iat } = payload;
  if (typeof sub !== 'string' || sub === '') throw new StaffTokenRefusedError('the token has no sub');
  if (iat !== undefined && (typeof iat !== 'number' || iat > nowSeconds + TOKEN_CLOCK_TOLERANCE_SECONDS)) {
    throw new StaffTokenRefusedError('the token is issued in the future (iat)');
  }
  const named = payload[names.role];
  const role = typeof named === 'string' ? parseRole(named) : undefined;
  if (!role || role === 'system') {
    throw new StaffTokenRefusedError(
      `claim ${names.role} does not name a staff role: ${JSON.stringify(named)?.slice(0, 64)}`,
    );
  }
  const unit = payload[names.unit];
  if (unit !== undefined && (typeof unit !== 'string' || unit === '')) {
    throw new StaffTokenRefusedError(`claim ${names.unit} is not a unit id`);
  }
  if (isUnitRole(role) && unit === undefined) {
    throw new StaffTokenRefusedError(`role ${role} needs a unit: the token has no ${names.unit} claim`);
  }
  return { sub, role, ...(unit !== undefined && { unitId: unit }) };
}
