import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../functions/api/routes.ts';
import { commandSchema } from '../../../functions/domain/ticket/index.ts';
import { bodyOf, lambdaContext, request } from './events.ts';
import { ddb, lowLevel } from './setup.ts';

let handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

const getDocument = () =>
  handler(request({ method: 'GET', resource: '/openapi.json' }), lambdaContext('openapi'));

beforeAll(async () => {
  ({ handler } = await import('../../../functions/api/openapi.ts'));
});

beforeEach(() => {
  ddb.reset();
  lowLevel.reset();
});

describe('Handler: openapi', () => {
  it('answers 200 with the OpenAPI 3.1 document, cacheable for five minutes', async () => {
    // Act
    const response = await getDocument();

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({ 'content-type': 'application/json', 'cache-control': 'max-age=300' });
    expect(bodyOf(response)).toMatchObject({
      openapi: '3.1.0',
      info: expect.any(Object),
      paths: expect.any(Object),
    });
  });

  it('describes every route of the API, with the authentication the route uses', async () => {
    // Act
    const { paths } = bodyOf(await getDocument());

    // Assess
    const staffActions = commandSchema.options
      .map((o) => o.shape.action.value)
      .filter((action) => action !== 'register');
    for (const route of ROUTES) {
      // The command route is documented once per action, each with its own body schema.
      const documented =
        route.path === '/v1/tickets/{id}/{action}'
          ? staffActions.map((action) => route.path.replace('{action}', action))
          : [route.path];
      for (const path of documented) {
        const operation = paths[path]?.[route.method.toLowerCase()];
        expect(operation, `${route.method} ${path}`).toBeDefined();
        if (route.auth === 'staff') expect(operation.security, path).toEqual([{ staff: [] }]);
        if (route.auth === 'channelKey') expect(operation.security, path).toEqual([{ channelKey: [] }]);
      }
    }
  });

  it('documents the answers a command can give, including 409, 428 and the new ETag', async () => {
    // Act
    const { paths } = bodyOf(await getDocument());

    // Assess
    const dispatch = paths['/v1/tickets/{id}/dispatch'].post;
    expect(Object.keys(dispatch.responses).sort()).toEqual(
      ['200', '400', '401', '403', '404', '409', '413', '415', '428'].sort(),
    );
    expect(dispatch.parameters.map((p: { name: string }) => p.name)).toEqual(['id', 'If-Match']);
  });

  it('touches no storage', async () => {
    await getDocument();
    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(lowLevel).not.toHaveReceivedAnyCommand();
  });
});
