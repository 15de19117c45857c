import { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import { ENTRY_STATUSES, knowledgeCommandSchema } from '../domain/knowledge/index.ts';
import { z as zm } from '../domain/zod.ts';
import { ifMatchSchema } from './header-schemas.ts';
import {
  draftBodySchema,
  ENTRY_ACTIONS,
  entriesQuerySchema,
  exportQuerySchema,
  importBodySchema,
  reviewItemSchema,
  reviewQuerySchema,
  upkeepQuerySchema,
} from './knowledge-schemas.ts';
import { entryPathSchema, publicCorrectionSchema, searchQuerySchema } from './knowledge-search-schemas.ts';

/** The helpers of openapi-document.ts, passed in so that both describe routes the same way. */
export interface OpenApiHelpers {
  responses: (
    success: ZodOpenApiResponsesObject,
    ...refusals: (400 | 401 | 403 | 404 | 409 | 413 | 415 | 428 | 429)[]
  ) => ZodOpenApiResponsesObject;
}

const json = (description: string, schema: z.ZodType, status = '200', headers?: z.ZodObject) => ({
  [status]: { description, content: { 'application/json': { schema } }, ...(headers ? { headers } : {}) },
});
const staff = { security: [{ staff: [] }] };
const etag = z.object({ ETag: z.string().meta({ description: 'the entry revision, to send as If-Match' }) });

/** What the answers hold; loose, since an entry carries its whole history. */
const hitSchema = z.looseObject({
  id: z.string(),
  version: z.number(),
  title: z.string(),
  score: z.number(),
});
const entrySchema = z
  .looseObject({
    id: z.string(),
    unitId: z.string(),
    status: z.enum(ENTRY_STATUSES),
    revision: z.number(),
    versions: z.array(z.looseObject({ version: z.number(), state: z.string() })),
  })
  .meta({ id: 'KnowledgeEntry' });
const summarySchema = z.looseObject({ id: z.string(), title: z.string(), status: z.string() });
const publicEntrySchema = z.looseObject({
  id: z.string(),
  version: z.number(),
  title: z.string(),
  answer: z.string(),
});

/** The knowledge base's paths (AH:29-31), from the schemas its handlers parse with. */
export function knowledgeOperations(
  h: OpenApiHelpers,
): Record<string, Record<string, ZodOpenApiOperationObject>> {
  const entryId = { path: entryPathSchema };
  const commands = Object.fromEntries(
    knowledgeCommandSchema.def.options
      // Each command schema beside its action (the one value of its `action` literal).
      .flatMap((o) => o.shape.action.def.values.map((action) => ({ action, command: o as zm.ZodMiniObject })))
      .filter(({ action }) => ENTRY_ACTIONS.includes(action))
      .map(({ action, command }) => {
        const body = zm.omit(command, { action: true });
        return [
          `/v1/knowledge/{id}/${action}`,
          {
            post: {
              operationId: `knowledge-${action}`,
              summary: `Entry command: ${action}`,
              tags: ['knowledge'],
              ...staff,
              requestParams: { ...entryId, header: z.object({ 'If-Match': ifMatchSchema() }) },
              requestBody: { content: { 'application/json': { schema: body } } },
              responses: h.responses(
                json('the entry after the command, with the new ETag', entrySchema, '200', etag),
                400,
                401,
                403,
                404,
                409,
                413,
                415,
                428,
              ),
            },
          },
        ];
      }),
  );
  return {
    '/v1/knowledge/search': {
      get: {
        operationId: 'searchKnowledge',
        summary: 'Agents search the published entries',
        description:
          'Public and internal published entries, best first; the region’s own before those of the regions above it (AH:30).',
        tags: ['knowledge'],
        ...staff,
        requestParams: { query: searchQuerySchema },
        responses: h.responses(
          json('hits, best first', z.strictObject({ hits: z.array(hitSchema) })),
          400,
          401,
          403,
        ),
      },
    },
    '/v1/knowledge/upkeep': {
      get: {
        operationId: 'knowledgeUpkeep',
        summary: 'A unit’s upkeep counts in a month (AH:26)',
        tags: ['knowledge'],
        ...staff,
        requestParams: { query: upkeepQuerySchema },
        responses: h.responses(
          json(
            'the counts',
            z.looseObject({ unit: z.string(), month: z.string(), counts: z.record(z.string(), z.number()) }),
          ),
          400,
          401,
          403,
        ),
      },
    },
    '/v1/knowledge/export': {
      get: {
        operationId: 'exportKnowledge',
        summary: 'The published entries, a page at a time (the centre)',
        tags: ['knowledge'],
        ...staff,
        requestParams: { query: exportQuerySchema },
        responses: h.responses(
          json(
            'a page and the next cursor',
            z.looseObject({
              items: z.array(z.looseObject({ id: z.string() })),
              cursor: z.string().nullable(),
            }),
          ),
          400,
          401,
          403,
        ),
      },
    },
    '/v1/knowledge/review': {
      get: {
        operationId: 'knowledgeReviewQueue',
        summary: 'Versions awaiting the centre (多方校核), across units, oldest first',
        description:
          'Submitted versions wait for the check, checked ones for publication (AH:30). For the roles that may publish.',
        tags: ['knowledge'],
        ...staff,
        requestParams: { query: reviewQuerySchema },
        responses: h.responses(
          json(
            'a page and the next cursor',
            z.strictObject({ items: z.array(reviewItemSchema), cursor: z.string().nullable() }),
          ),
          400,
          401,
          403,
        ),
      },
    },
    '/v1/knowledge': {
      get: {
        operationId: 'listKnowledge',
        summary: 'A unit’s entries',
        tags: ['knowledge'],
        ...staff,
        requestParams: { query: entriesQuerySchema },
        responses: h.responses(
          json("the unit's entries", z.strictObject({ items: z.array(summarySchema) })),
          400,
          401,
          403,
        ),
      },
      post: {
        operationId: 'draftKnowledge',
        summary: 'A unit drafts an entry (version 1)',
        tags: ['knowledge'],
        ...staff,
        requestBody: { required: true, content: { 'application/json': { schema: draftBodySchema } } },
        responses: h.responses(json('the new entry', entrySchema, '201', etag), 400, 401, 403, 409, 413, 415),
      },
    },
    '/v1/knowledge/import': {
      post: {
        operationId: 'importKnowledge',
        summary: 'An admin brings in a batch of entries, published with `publish`',
        tags: ['knowledge'],
        ...staff,
        requestBody: { required: true, content: { 'application/json': { schema: importBodySchema } } },
        responses: h.responses(
          json(
            'the entries made, in order',
            z.strictObject({ imported: z.array(z.looseObject({ id: z.string() })) }),
            '201',
          ),
          400,
          401,
          403,
          409,
          413,
          415,
        ),
      },
    },
    '/v1/knowledge/{id}': {
      get: {
        operationId: 'getKnowledge',
        summary: 'One entry with its versions',
        tags: ['knowledge'],
        ...staff,
        requestParams: entryId,
        responses: h.responses(json('the entry', entrySchema, '200', etag), 400, 401, 403, 404),
      },
    },
    '/v1/knowledge/{id}/events': {
      get: {
        operationId: 'getKnowledgeEvents',
        summary: 'An entry’s history',
        tags: ['knowledge'],
        ...staff,
        requestParams: entryId,
        responses: h.responses(
          json(
            'the history, oldest first',
            z.strictObject({ items: z.array(z.looseObject({ type: z.string() })) }),
          ),
          400,
          401,
          403,
          404,
        ),
      },
    },
    ...commands,
    '/v1/public/knowledge/search': {
      get: {
        operationId: 'publicSearchKnowledge',
        summary: 'Citizens search the public published entries (AH:31)',
        tags: ['citizens'],
        security: [],
        requestParams: { query: searchQuerySchema },
        responses: h.responses(
          json('hits, best first', z.strictObject({ hits: z.array(hitSchema) })),
          400,
          429,
        ),
      },
    },
    '/v1/public/knowledge/{id}': {
      get: {
        operationId: 'publicGetKnowledge',
        summary: 'The published version of a public entry',
        tags: ['citizens'],
        security: [],
        requestParams: entryId,
        responses: h.responses(json('the entry', publicEntrySchema), 400, 404, 429),
      },
    },
    '/v1/public/knowledge/{id}/corrections': {
      post: {
        operationId: 'publicReportKnowledgeCorrection',
        summary: 'A citizen reports a public entry wrong (查漏纠错, AH:30)',
        tags: ['citizens'],
        security: [],
        requestParams: entryId,
        requestBody: { required: true, content: { 'application/json': { schema: publicCorrectionSchema } } },
        responses: h.responses(
          json(
            'the report, sent to the owning unit with its due date',
            z.strictObject({ correctionId: z.string(), dueAt: z.string() }),
            '202',
          ),
          400,
          404,
          409,
          413,
          415,
          429,
        ),
      },
    },
  };
}
