import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';

/** What a REST API request is made of, before API Gateway turns it into a proxy event. */
export interface ProxyRequest {
  method: string;
  /** The route as declared in routes.ts, e.g. `/v1/tickets/{id}`. */
  resource: string;
  /** The path as requested, e.g. `/v1/tickets/6f1c…`. */
  path: string;
  headers: Record<string, string>;
  query?: Record<string, string> | null;
  pathParameters?: Record<string, string> | null;
  body: string | null;
  isBase64Encoded?: boolean;
  /** What the authorizer passes: Cognito claims (`{ claims }`) or a token authorizer's flat context. */
  authorizer?: Record<string, unknown> | null;
  sourceIp?: string;
  /** The id of the API key API Gateway checked (channel routes). */
  apiKeyId?: string | null;
  stage?: string;
}

/**
 * A REST API proxy-integration event as API Gateway hands it to a handler: the one builder of the
 * local API server and the handler tests.
 */
export function proxyEvent(request: ProxyRequest): APIGatewayProxyEvent {
  const stage = request.stage ?? 'local';
  const query = request.query && Object.keys(request.query).length > 0 ? request.query : null;
  return {
    resource: request.resource,
    path: request.path,
    httpMethod: request.method,
    headers: request.headers,
    multiValueHeaders: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: query,
    multiValueQueryStringParameters:
      query && Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])),
    pathParameters: request.pathParameters ?? null,
    stageVariables: null,
    body: request.body,
    isBase64Encoded: request.isBase64Encoded ?? false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      protocol: 'HTTP/1.1',
      httpMethod: request.method,
      path: `/${stage}${request.path}`,
      stage,
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: request.resource,
      authorizer: request.authorizer ?? null,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: request.apiKeyId ?? null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp ?? '127.0.0.1',
        user: null,
        userAgent: request.headers['user-agent'] ?? null,
        userArn: null,
      },
    },
  };
}
