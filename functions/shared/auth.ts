import type { APIGatewayProxyEvent } from 'aws-lambda';
import { parseRole } from '../domain/access/index.ts';
import type { Actor } from '../domain/ticket/index.ts';
import { HttpError, unauthorized } from './problem.ts';

/**
 * The staff member behind a request, from the claims the Cognito authorizer (or, locally, the dev
 * token issuer) verified: `sub`, `custom:role` and, for unit staff, `custom:unitId`.
 */
export function staffActor(event: APIGatewayProxyEvent): Actor {
  const claims = (event.requestContext.authorizer?.claims ?? {}) as Record<string, string | undefined>;
  if (!claims.sub) throw unauthorized('a staff token is required (Authorization: Bearer …)');
  const role = parseRole(claims['custom:role'] ?? '');
  if (!role) {
    throw new HttpError(403, 'Forbidden', `the token carries no known role`, { rule: 'role.unknown' });
  }
  return { id: claims.sub, role, unitId: claims['custom:unitId'] || undefined };
}

/** The id of the channel's API key, which API Gateway has already checked. */
export function channelKeyId(event: APIGatewayProxyEvent): string {
  const id = event.requestContext.identity?.apiKeyId;
  if (!id) throw unauthorized('a channel API key is required (x-api-key)');
  return id;
}
