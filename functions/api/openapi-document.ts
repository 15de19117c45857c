import { z } from 'zod';
import { intakeBodySchema, intakeResultSchema } from '../app/intake.ts';
import { DIRECTORY_SCHEMAS } from '../domain/directory/index.ts';
import { commandSchema } from '../domain/ticket/index.ts';
import { eventsQuerySchema, inboxQuerySchema } from './query-schemas.ts';
import { ROUTES } from './routes.ts';

/** JSON Schema 2020-12 (what OpenAPI 3.1 uses) of a zod schema, as a client sends it. */
const schemaOf = (schema: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

const problem = {
  description:
    'application/problem+json (RFC 9457) with `rule` naming the rule broken, and `errors` for bad fields',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          rule: { type: 'string' },
          basis: { type: 'string' },
          errors: {
            type: 'array',
            items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
          },
        },
      },
    },
  },
};
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), problem]));
const ok = (description: string) => ({ description, content: { 'application/json': { schema: {} } } });
const queryParameters = (schema: z.ZodObject) =>
  Object.entries(schemaOf(schema).properties as Record<string, object>).map(([name, s]) => ({
    name,
    in: 'query',
    schema: s,
  }));
const pathParameter = (name: string, schema: object = { type: 'string' }) => ({
  name,
  in: 'path',
  required: true,
  schema,
});
const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: true,
  schema: { type: 'string' },
  example: '"3"',
};

/** One operation per staff command, each with its own body schema. */
function commandOperations() {
  return Object.fromEntries(
    commandSchema.options
      .filter((o) => o.shape.action.value !== 'register')
      .map((o) => {
        const action = o.shape.action.value;
        return [
          `/v1/tickets/{id}/${action}`,
          {
            post: {
              operationId: action,
              tags: ['commands'],
              security: [{ staff: [] }],
              parameters: [pathParameter('id', { type: 'string', format: 'uuid' }), ifMatch],
              requestBody: {
                content: {
                  'application/json': { schema: schemaOf((o as z.ZodObject).omit({ action: true })) },
                },
              },
              responses: {
                '200': ok('the ticket after the command, with the new ETag'),
                ...errors(400, 401, 403, 404, 409, 413, 415, 428),
              },
            },
          },
        ];
      }),
  );
}

/** The OpenAPI 3.1 document, generated from the same zod schemas the handlers parse with. */
export function buildOpenApi() {
  const declared = new Set(ROUTES.map((r) => `${r.method} ${r.path}`));
  const document = {
    openapi: '3.1.0',
    info: { title: '12345 hotline API', version: '1' },
    components: {
      securitySchemes: {
        channelKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        staff: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
    paths: {
      '/v1/tickets': {
        post: {
          operationId: 'registerTicket',
          tags: ['channels'],
          security: [{ channelKey: [] }],
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              schema: { type: 'string', minLength: 8, maxLength: 128 },
            },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(intakeBodySchema) } },
          },
          responses: {
            '201': {
              description: 'registered',
              content: { 'application/json': { schema: schemaOf(intakeResultSchema) } },
            },
            ...errors(400, 401, 403, 409, 413, 415, 429),
          },
        },
        get: {
          operationId: 'listTickets',
          tags: ['staff'],
          security: [{ staff: [] }],
          parameters: queryParameters(inboxQuerySchema),
          responses: { '200': ok("a unit's tickets by deadline, with a cursor"), ...errors(400, 401, 403) },
        },
      },
      '/v1/progress/{ticketNo}': {
        get: {
          operationId: 'progress',
          tags: ['citizens'],
          parameters: [
            pathParameter('ticketNo'),
            { name: 'code', in: 'query', required: true, schema: { type: 'string' } },
          ],
          responses: { '200': ok('progress and deadlines, no personal data'), ...errors(400, 404, 429) },
        },
      },
      '/v1/tickets/{id}': {
        get: {
          operationId: 'getTicket',
          tags: ['staff'],
          security: [{ staff: [] }],
          parameters: [pathParameter('id', { type: 'string', format: 'uuid' })],
          responses: { '200': ok('the ticket; ETag = version'), ...errors(400, 401, 403, 404) },
        },
      },
      '/v1/tickets/{id}/events': {
        get: {
          operationId: 'getTicketEvents',
          tags: ['staff'],
          security: [{ staff: [] }],
          parameters: [
            pathParameter('id', { type: 'string', format: 'uuid' }),
            ...queryParameters(eventsQuerySchema),
          ],
          responses: { '200': ok('the history, oldest first, with a cursor'), ...errors(400, 401, 403, 404) },
        },
      },
      ...commandOperations(),
      '/v1/directory/{kind}': {
        get: {
          operationId: 'listDirectory',
          tags: ['directory'],
          security: [{ staff: [] }],
          parameters: [pathParameter('kind', { enum: Object.keys(DIRECTORY_SCHEMAS) })],
          responses: { '200': ok('every entry of a kind'), ...errors(400, 401, 403) },
        },
      },
      '/v1/directory/{kind}/{id}': {
        get: {
          operationId: 'getDirectoryEntry',
          tags: ['directory'],
          security: [{ staff: [] }],
          parameters: [pathParameter('kind', { enum: Object.keys(DIRECTORY_SCHEMAS) }), pathParameter('id')],
          responses: { '200': ok('one entry'), ...errors(400, 401, 403, 404) },
        },
        put: {
          operationId: 'putDirectoryEntry',
          tags: ['directory'],
          security: [{ staff: [] }],
          parameters: [pathParameter('kind', { enum: Object.keys(DIRECTORY_SCHEMAS) }), pathParameter('id')],
          requestBody: {
            content: {
              'application/json': {
                schema: { oneOf: Object.values(DIRECTORY_SCHEMAS).map((s) => schemaOf(s)) },
              },
            },
          },
          responses: {
            '200': ok('changed or unchanged'),
            '201': ok('added'),
            ...errors(400, 401, 403, 413, 415),
          },
        },
      },
      '/openapi.json': {
        get: { operationId: 'openapi', tags: ['meta'], responses: { '200': ok('this document') } },
      },
    },
  };
  // Every declared route is documented: a route added without its documentation fails here.
  for (const key of declared) {
    const [method, path] = key.split(' ') as [string, string];
    const documented =
      path === '/v1/tickets/{id}/{action}' ||
      (document.paths as Record<string, Record<string, unknown>>)[path]?.[method.toLowerCase()];
    if (!documented) throw new Error(`route ${key} is not documented`);
  }
  return document;
}
