import type { APIGatewayProxyEvent } from 'aws-lambda';
import { parseRole } from '../domain/access/index.ts';
import type { Actor } from '../domain/ticket/index.ts';
import { HttpError, unauthorized } from './problem.ts';

/** The claims a Cognito user pool authorizer passes for a staff member (and the local dev tokens carry). */
export interface StaffClaims {
  sub: string;
  'custom:role': string;
  'custom:unitId'?: string;
}

/** Who the authorizer says the caller is, before the role is checked. */
interface StaffIdentity {
  sub?: string;
  role?: string;
  unitId?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/**
 * What the staff authorizer verified, in either of its two shapes:
 * - the Cognito user pool authorizer (and, locally, the dev token issuer): the token's claims under
 *   `authorizer.claims` — `sub`, `custom:role` and, for unit staff, `custom:unitId`;
 * - the staff-authorizer function (OIDC providers, the China regions): its flat context —
 *   `authorizer.sub`, `authorizer.role` and `authorizer.unitId`.
 */
function staffIdentity(event: APIGatewayProxyEvent): StaffIdentity {
  const authorizer = event.requestContext.authorizer as Record<string, unknown> | null | undefined;
  const claims = authorizer?.claims;
  if (claims && typeof claims === 'object') {
    const c = claims as Record<string, unknown>;
    return { sub: text(c.sub), role: text(c['custom:role']), unitId: text(c['custom:unitId']) };
  }
  return { sub: text(authorizer?.sub), role: text(authorizer?.role), unitId: text(authorizer?.unitId) };
}

/** The staff member behind a request, from what the staff authorizer verified (see `staffIdentity`). */
export function staffActor(event: APIGatewayProxyEvent): Actor {
  const { sub, role: named, unitId } = staffIdentity(event);
  if (!sub) throw unauthorized('a staff token is required (Authorization: Bearer …)');
  const role = parseRole(named ?? '');
  if (!role) {
    throw new HttpError(403, 'Forbidden', `the token carries no known role`, { rule: 'role.unknown' });
  }
  return { id: sub, role, unitId };
}

/** The id of the channel's API key, which API Gateway has already checked. */
export function channelKeyId(event: APIGatewayProxyEvent): string {
  const id = event.requestContext.identity?.apiKeyId;
  if (!id) throw unauthorized('a channel API key is required (x-api-key)');
  return id;
}
