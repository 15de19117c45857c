import type { ZodOpenApiPathsObject } from 'zod-openapi';
import type { OpenApiHelpers } from './knowledge-openapi.ts';
import { queuePageSchema, queuePathSchema, queueQuerySchema } from './queue-schemas.ts';

/** GET /v1/queues/{queue}, described from the schemas its handler parses and answers with. */
export function queueOperations({ responses }: OpenApiHelpers): ZodOpenApiPathsObject {
  return {
    '/v1/queues/{queue}': {
      get: {
        operationId: 'listQueue',
        summary: 'A work queue',
        description:
          'One page of a work queue, earliest deadline first: intake by time received, callbacks by the callback deadline, the rest by the handling deadline (for an inbox: the unit’s next duty). One index query per page, whatever the table holds. Centre queues are read by the centre’s roles; an inbox by the centre and by the unit’s own staff.',
        tags: ['staff'],
        security: [{ staff: [] }],
        requestParams: { path: queuePathSchema, query: queueQuerySchema },
        responses: responses(
          {
            '200': {
              description: 'one page of the queue',
              content: { 'application/json': { schema: queuePageSchema } },
            },
          },
          400,
          401,
          403,
        ),
      },
    },
  };
}
