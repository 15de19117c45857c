import type {
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayTokenAuthorizerEvent,
  Context,
} from 'aws-lambda';
import { expect } from 'vitest';
import type { StaffClaims } from '../../../functions/http/identity.ts';
import { lambdaContext as localLambdaContext } from '../../../infra/local/lambda-context.ts';
import { proxyEvent } from '../../../infra/local/proxy-event.ts';

export type { StaffClaims };

export const staff = (role: string, unitId?: string): StaffClaims => ({
  sub: `${role}-${unitId ?? 'centre'}`,
  'custom:role': role,
  ...(unitId ? { 'custom:unitId': unitId } : {}),
});

/** The context the staff-authorizer function passes for a staff member (OIDC deployments). */
export interface StaffAuthorizerContext {
  sub: string;
  role: string;
  unitId?: string;
}

export const staffContext = (role: string, unitId?: string): StaffAuthorizerContext => ({
  sub: `${role}-${unitId ?? 'centre'}`,
  role,
  ...(unitId ? { unitId } : {}),
});

/** The ARN of a method call as API Gateway passes it to a TOKEN authorizer. */
export const METHOD_ARN = 'arn:aws-cn:execute-api:cn-north-1:123456789012:api/prod/GET/v1/tickets/t-1';

/** The event API Gateway sends a TOKEN authorizer for the `Authorization` header's value. */
export function tokenAuthorizerEvent(
  authorizationToken: string,
  methodArn = METHOD_ARN,
): APIGatewayTokenAuthorizerEvent {
  return { type: 'TOKEN', authorizationToken, methodArn };
}

export interface RequestOptions {
  method: 'GET' | 'POST' | 'PUT';
  /** The route as declared in routes.ts, e.g. `/v1/tickets/{id}`. */
  resource: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  isBase64Encoded?: boolean;
  /** Claims of a Cognito user pool authorizer. */
  claims?: StaffClaims;
  /** The flat context of the staff-authorizer function (ignored when `claims` is given). */
  authorizerContext?: StaffAuthorizerContext;
  apiKeyId?: string;
}

/** A REST API (proxy integration) event as API Gateway hands it to the handler. */
export function request(opts: RequestOptions): APIGatewayProxyEvent {
  const path = Object.entries(opts.pathParameters ?? {}).reduce(
    (p, [name, value]) => p.replace(`{${name}}`, encodeURIComponent(value)),
    opts.resource,
  );
  const body =
    opts.body === undefined ? null : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  return proxyEvent({
    method: opts.method,
    resource: opts.resource,
    path,
    headers: {
      ...(body !== null && !opts.headers?.['content-type'] ? { 'Content-Type': 'application/json' } : {}),
      ...opts.headers,
    },
    query: opts.query ?? null,
    pathParameters: opts.pathParameters ?? null,
    body,
    isBase64Encoded: opts.isBase64Encoded ?? false,
    authorizer: opts.claims
      ? { claims: opts.claims }
      : opts.authorizerContext
        ? { principalId: opts.authorizerContext.sub, integrationLatency: 0, ...opts.authorizerContext }
        : null,
    apiKeyId: opts.apiKeyId ?? null,
    sourceIp: '203.0.113.7',
    stage: 'prod',
  });
}

/** The Lambda context of a function of the API. */
export const lambdaContext = (name = 'api'): Context => localLambdaContext(name);

/** The parsed JSON body of a response. */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response shapes
export function bodyOf(response: APIGatewayProxyResult): any {
  return JSON.parse(response.body);
}

/**
 * Asserts an application/problem+json response with this status and rule (RFC 9457), and returns
 * its body for further checks.
 */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response shapes
export function expectProblem(response: APIGatewayProxyResult, status: number, rule?: string): any {
  expect(response.statusCode).toBe(status);
  expect(response.headers?.['content-type']).toBe('application/problem+json');
  const body = bodyOf(response);
  expect(body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  if (rule !== undefined) {
    expect(body.rule).toBe(rule);
    expect(body.type).toBe(`https://hotline.example/problems/${rule}`);
  }
  return body;
}

/** Asserts a 400 naming `field` among its failing fields. */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response shapes
export function expectBadField(response: APIGatewayProxyResult, field: string): any {
  const body = expectProblem(response, 400, 'request.invalid');
  expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
  return body;
}

/** Asserts the opaque 500 that says nothing of its cause. */
export function expectOpaque500(response: APIGatewayProxyResult, ...secrets: string[]): void {
  const body = expectProblem(response, 500);
  expect(body).toEqual({
    type: 'https://hotline.example/problems/500',
    title: 'Internal Server Error',
    status: 500,
    detail: 'The request could not be completed.',
  });
  for (const secret of secrets) expect(response.body).not.toContain(secret);
}
