import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENTRY_ACTIONS } from '../../../functions/api/knowledge-schemas.ts';
import { ROUTES } from '../../../functions/api/routes.ts';
import { DIRECTORY_KINDS } from '../../../functions/domain/directory/index.ts';
import { commandSchema } from '../../../functions/domain/ticket/index.ts';
import { bodyOf, lambdaContext, request } from './events.ts';
import { lowLevel } from './setup.ts';

let handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

const getDocument = () =>
  handler(request({ method: 'GET', resource: '/openapi.json' }), lambdaContext('openapi'));

beforeAll(async () => {
  ({ handler } = await import('../../../functions/api/openapi.ts'));
});

beforeEach(() => {
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
    const staffActions = commandSchema.def.options
      .flatMap((o) => o.shape.action.def.values)
      .filter((action) => action !== 'register');
    for (const route of ROUTES) {
      // The command route is documented once per action and the directory once per kind, each
      // with its own body schema.
      const documented = route.path.startsWith('/v1/knowledge/{id}/{action}')
        ? ENTRY_ACTIONS.map((action) => route.path.replace('{action}', action))
        : route.path.includes('{action}')
          ? staffActions.map((action) => route.path.replace('{action}', action))
          : route.path.includes('{kind}')
            ? DIRECTORY_KINDS.map((kind) => route.path.replace('{kind}', kind))
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
    expect(dispatch.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CommandResult',
    });
  });

  it('says every constraint the server enforces on parameters: If-Match, UUID, ticket number', async () => {
    // Act
    const { paths } = bodyOf(await getDocument());

    // Assess
    const [id, ifMatch] = paths['/v1/tickets/{id}/dispatch'].post.parameters;
    expect(new RegExp(id.schema.pattern).test('00000000-0000-0000-c000-000000000000')).toBe(false);
    expect(new RegExp(ifMatch.schema.pattern).test('"3"')).toBe(true);
    expect(new RegExp(ifMatch.schema.pattern).test('three')).toBe(false);
    const [ticketNo] = paths['/v1/progress/{ticketNo}'].get.parameters;
    expect(ticketNo.schema.pattern).toBe('^\\d{14}$');
  });

  it('gives each directory kind its own PUT body, so that a body matches one kind only', async () => {
    // Act
    const { paths } = bodyOf(await getDocument());

    // Assess
    const bodies = DIRECTORY_KINDS.map(
      (kind) => paths[`/v1/directory/${kind}/{id}`].put.requestBody.content['application/json'].schema,
    );
    expect(bodies.map((b) => Object.keys(b.properties).sort())).toEqual([
      ['id', 'level', 'name', 'parentId'],
      ['contact', 'id', 'level', 'name', 'parentId', 'rankingGroup', 'regionId'],
      ['id', 'level', 'name', 'unitId'],
      ['channels', 'id', 'name'],
    ]);
  });

  it('touches no storage', async () => {
    await getDocument();
    expect(lowLevel).not.toHaveReceivedAnyCommand();
  });
});
