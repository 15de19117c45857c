import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { intakeBodySchema, intakeResultSchema } from '../app/intake.ts';
import { STAFF_ACTIONS } from '../domain/access/index.ts';
import { DIRECTORY_KINDS, DIRECTORY_SCHEMAS, type DirectoryKind } from '../domain/directory/index.ts';
import { commandSchema } from '../domain/ticket/index.ts';
import { z as zm } from '../domain/zod.ts';
import { calendarYearsQuerySchema, calendarYearsSchema } from './calendar-schemas.ts';
import { idempotencyKeySchema, ifMatchSchema } from './header-schemas.ts';
import { knowledgeOperations } from './knowledge-openapi.ts';
import { ENTRY_ACTIONS } from './knowledge-schemas.ts';
import { problemSchema } from './problem-schema.ts';
import {
  directoryIdSchema,
  eventsQuerySchema,
  inboxQuerySchema,
  progressPathSchema,
  progressQuerySchema,
  ticketPathSchema,
} from './query-schemas.ts';
import { queueOperations } from './queue-openapi.ts';
import { reportOperations } from './reports-openapi.ts';
import {
  commandResultSchema,
  eventPageSchema,
  inboxPageSchema,
  personalDataReadPageSchema,
  progressSchema,
  ticketViewSchema,
} from './response-schemas.ts';
import { ROUTES } from './routes.ts';

/** What each refusal status means here; every one is answered as application/problem+json. */
const REFUSALS = {
  400: 'the request breaks a rule of its shape: `errors` names each field and what it must be',
  401: 'no credentials, or credentials that are not valid',
  403: 'the caller may not do this',
  404: 'no such resource, or one the caller may not know of',
  409: 'the rules refuse the command in the ticket’s current state (`rule` and `basis` name them), or the ticket changed since its ETag was read',
  413: 'the body is larger than 64 KiB',
  415: 'the body is not application/json',
  428: 'the command names no version: send If-Match with the ticket’s ETag',
  429: 'too many requests: retry after the `Retry-After` seconds',
} as const;
type Refusal = keyof typeof REFUSALS;

const problemContent = { 'application/problem+json': { schema: problemSchema } };
const retryAfter = z.object({
  'Retry-After': z.string().regex(/^\d+$/).meta({ description: 'seconds to wait before trying again' }),
});
const etag = z.object({ ETag: z.string().meta({ description: 'the ticket version, to send as If-Match' }) });

function responses(success: ZodOpenApiResponsesObject, ...refusals: Refusal[]): ZodOpenApiResponsesObject {
  const out: ZodOpenApiResponsesObject = { ...success };
  for (const status of refusals) {
    out[String(status) as '400'] = {
      description: REFUSALS[status],
      content: problemContent,
      ...(status === 429 ? { headers: retryAfter } : {}),
    };
  }
  return out;
}

const ok = (description: string, schema: z.core.$ZodType, headers?: z.ZodObject) => ({
  '200': { description, content: { 'application/json': { schema } }, ...(headers ? { headers } : {}) },
});

const staff = { security: [{ staff: [] }] };

/** Registration, by a channel's key (POST /v1/tickets) or by the desk's staff token (POST /v1/desk/tickets). */
function registerOperation(
  operationId: string,
  summary: string,
  tags: string[],
  security: Record<string, string[]>[],
  description?: string,
) {
  return {
    operationId,
    summary,
    ...(description && { description }),
    tags,
    security,
    requestParams: { header: z.object({ 'Idempotency-Key': z.optional(idempotencyKeySchema()) }) },
    requestBody: { required: true, content: { 'application/json': { schema: intakeBodySchema } } },
    responses: responses(
      {
        '201': {
          description: 'registered',
          headers: z.object({ Location: z.string().meta({ description: 'the ticket’s URL' }) }),
          content: { 'application/json': { schema: intakeResultSchema() } },
        },
      },
      400,
      401,
      403,
      409,
      413,
      415,
    ),
  };
}

/** Whether a body schema has required fields, i.e. whether the body can be left out. */
const hasRequired = (schema: zm.ZodMiniObject) =>
  Object.values(schema.shape).some((field) => !zm.safeParse(field, undefined).success);

/** One operation per staff command, each with its own body schema. */
function commandOperations(): Record<string, { post: ZodOpenApiOperationObject }> {
  return Object.fromEntries(
    commandSchema.def.options
      .filter((o) => (STAFF_ACTIONS as readonly string[]).includes(o.shape.action.def.values[0] as string))
      .map((o) => {
        const action = o.shape.action.def.values[0] as string;
        const body = zm.omit(o as zm.ZodMiniObject, { action: true });
        return [
          `/v1/tickets/{id}/${action}`,
          {
            post: {
              operationId: action,
              summary: `Command: ${action}`,
              description:
                'Gives one command on the ticket version named by If-Match. The body may be left out when the command has no required field.',
              tags: ['commands'],
              ...staff,
              requestParams: { path: ticketPathSchema, header: z.object({ 'If-Match': ifMatchSchema() }) },
              requestBody: { required: hasRequired(body), content: { 'application/json': { schema: body } } },
              responses: responses(
                ok('the ticket after the command, with the new ETag', commandResultSchema, etag),
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
}

const directoryPath = (kind: DirectoryKind) => `/v1/directory/${kind}`;
const entryPath = z.object({ id: directoryIdSchema });

/** The directory, one path per kind: a PUT body is the schema of its kind and of no other. */
function directoryOperations() {
  return Object.fromEntries(
    DIRECTORY_KINDS.flatMap((kind) => {
      const schema = DIRECTORY_SCHEMAS[kind];
      const who = kind === 'channel' ? 'Admins only: channel entries hold API key ids.' : 'Any staff member.';
      return [
        [
          directoryPath(kind),
          {
            get: {
              operationId: `list-${kind}`,
              summary: `Every ${kind} entry`,
              description: who,
              tags: ['directory'],
              ...staff,
              responses: responses(
                ok(`every ${kind} entry`, z.strictObject({ items: z.array(schema) })),
                401,
                403,
              ),
            },
          },
        ],
        [
          `${directoryPath(kind)}/{id}`,
          {
            get: {
              operationId: `get-${kind}`,
              summary: `One ${kind} entry`,
              description: who,
              tags: ['directory'],
              ...staff,
              requestParams: { path: entryPath },
              responses: responses(ok(`the ${kind} entry`, schema), 400, 401, 403, 404),
            },
            put: {
              operationId: `put-${kind}`,
              summary: `Adds or changes a ${kind} entry`,
              description:
                'Admins only. The body’s `id` must equal the path’s; a parent, region or unit it names must exist, and a unit or region may not be its own parent (400 naming the field otherwise).',
              tags: ['directory'],
              ...staff,
              requestParams: { path: entryPath },
              requestBody: { required: true, content: { 'application/json': { schema } } },
              responses: responses(
                {
                  '200': {
                    description: 'changed, or unchanged',
                    content: {
                      'application/json': {
                        schema: z.strictObject({ outcome: z.enum(['changed', 'unchanged']), entry: schema }),
                      },
                    },
                  },
                  '201': {
                    description: 'added',
                    content: {
                      'application/json': {
                        schema: z.strictObject({ outcome: z.literal('added'), entry: schema }),
                      },
                    },
                  },
                },
                400,
                401,
                403,
                413,
                415,
              ),
            },
          },
        ],
      ];
    }),
  );
}

const DESCRIPTION = `The API of a 12345 government service hotline: channels register citizens' requests,
requesters follow them, staff act on tickets and keep the directory.

Every refusal is \`application/problem+json\` (RFC 9457) with \`rule\` naming the rule broken and, for
bad input, \`errors\` naming each field. A path not listed here answers 404 and a method a path does
not list answers 405 with \`Allow\`, both as problem+json. No request is answered with a 5xx by design;
one would be a fault of the server.

An anonymous request (\`requester.anonymous: true\`) keeps no personal data: a name or phone sent with
it is dropped before anything is stored, and the ticket records only that it is anonymous.`;

/** The OpenAPI 3.1 document, generated from the same zod schemas the handlers parse and answer with. */
export function buildOpenApi() {
  const document = createDocument({
    openapi: '3.1.0',
    info: {
      title: '12345 hotline API',
      version: '1',
      description: DESCRIPTION,
      license: { name: 'UNLICENSED', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: '/', description: 'the deployment serving this document' }],
    tags: [
      { name: 'channels', description: 'channel systems (portals, apps, the phone desk) post requests' },
      { name: 'citizens', description: 'a requester follows a ticket with its number and query code' },
      { name: 'staff', description: 'staff read tickets and inboxes' },
      { name: 'commands', description: 'staff act on a ticket, one command per operation' },
      { name: 'directory', description: 'regions, units, the dispatch catalogue and channels' },
      { name: 'knowledge', description: 'the knowledge base: entries, their checks, search (AH:29-31)' },
      { name: 'reports', description: 'weekly analysis, monthly bulletin, yearly summary (PDS:19; AH:33)' },
      { name: 'assessment', description: 'live scores and ranks, sanctions (JZ:四(四); PDS:26-29)' },
      { name: 'meta', description: 'this document' },
    ],
    components: {
      securitySchemes: {
        channelKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        staff: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
    paths: {
      '/v1/desk/tickets': {
        post: registerOperation(
          'registerDeskTicket',
          'The hotline desk registers a call, text, fax or letter',
          ['staff'],
          staff.security,
          'An agent (话务员) registers by staff token what reaches the hotline’s own desk; the channel is `phone` (the default), `sms`, `fax` or `letter`. Otherwise as `POST /v1/tickets`.',
        ),
      },
      '/v1/tickets': {
        post: registerOperation(
          'registerTicket',
          'Registers a citizen’s request',
          ['channels'],
          [{ channelKey: [] }],
        ),
        get: {
          operationId: 'listTickets',
          summary: 'A unit’s inbox',
          description: 'The unit’s tickets by deadline, a page at a time.',
          tags: ['staff'],
          ...staff,
          requestParams: { query: inboxQuerySchema },
          responses: responses(ok("a unit's tickets by deadline", inboxPageSchema), 400, 401, 403),
        },
      },
      '/v1/progress/{ticketNo}': {
        get: {
          operationId: 'progress',
          summary: 'A requester follows a ticket',
          description:
            'Progress and deadlines, without personal data (AH:19). A wrong code answers 404 like an unknown number; repeated wrong codes are slowed per ticket number and per client with 429, and the right code always answers.',
          tags: ['citizens'],
          security: [],
          requestParams: { path: progressPathSchema, query: progressQuerySchema },
          responses: responses(ok('progress and deadlines', progressSchema), 400, 404, 429),
        },
      },
      '/v1/tickets/{id}': {
        get: {
          operationId: 'getTicket',
          summary: 'One ticket',
          description: 'A ticket out of the reader’s scope answers 404, like one that does not exist.',
          tags: ['staff'],
          ...staff,
          requestParams: { path: ticketPathSchema },
          responses: responses(ok('the ticket', ticketViewSchema, etag), 400, 401, 403, 404),
        },
      },
      '/v1/tickets/{id}/events': {
        get: {
          operationId: 'getTicketEvents',
          summary: 'A ticket’s history',
          tags: ['staff'],
          ...staff,
          requestParams: { path: ticketPathSchema, query: eventsQuerySchema },
          responses: responses(ok('the history, oldest first', eventPageSchema), 400, 401, 403, 404),
        },
      },
      '/v1/tickets/{id}/reads': {
        get: {
          operationId: 'getTicketPersonalDataReads',
          summary: 'Who read a ticket’s personal data',
          description:
            'Every full read of the requester’s name and phone (AH:34-35), oldest first. Auditors and admins only: any other role answers 403 (`role.notAllowed`).',
          tags: ['staff'],
          ...staff,
          requestParams: { path: ticketPathSchema, query: eventsQuerySchema },
          responses: responses(ok('the reads, oldest first', personalDataReadPageSchema), 400, 401, 403, 404),
        },
      },
      '/v1/calendar/years': {
        get: {
          operationId: 'getCalendarYears',
          summary: 'Each year’s working-day schedule source',
          description:
            'Official (the State Council notice shipped with the code), operator (a schedule loaded with `npx hotline calendar load`, then deployed) or provisional (statutory holidays without make-up days; deadlines in such a year are marked provisional and counted again once its schedule is loaded). Any staff member.',
          tags: ['staff'],
          ...staff,
          requestParams: { query: calendarYearsQuerySchema },
          responses: responses(ok('the years from `from` to `to`', calendarYearsSchema), 400, 401, 403),
        },
      },
      ...commandOperations(),
      ...directoryOperations(),
      ...knowledgeOperations({ responses }),
      ...reportOperations({ responses }),
      ...queueOperations({ responses }),
      '/openapi.json': {
        get: {
          operationId: 'openapi',
          summary: 'This document',
          tags: ['meta'],
          security: [],
          responses: {
            '200': {
              description: 'this document',
              content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } },
            },
          },
        },
      },
    },
  });
  assertEveryRouteDocumented(document.paths ?? {});
  return document;
}

/** A route added to ROUTES without its documentation fails here, when the document is built. */
function assertEveryRouteDocumented(paths: Record<string, unknown>) {
  const expand = (path: string) => {
    if (path.startsWith('/v1/knowledge/') && path.includes('{action}')) {
      return ENTRY_ACTIONS.map((a) => path.replace('{action}', a));
    }
    if (path.includes('{action}')) {
      return STAFF_ACTIONS.map((a) => path.replace('{action}', a));
    }
    if (path === '/v1/queues/{queue}') return [path];
    if (path.includes('{kind}')) return DIRECTORY_KINDS.map((k) => path.replace('{kind}', k));
    return [path];
  };
  for (const route of ROUTES) {
    for (const path of expand(route.path)) {
      const item = paths[path] as Record<string, unknown> | undefined;
      if (!item?.[route.method.toLowerCase()])
        throw new Error(`route ${route.method} ${path} is not documented`);
    }
  }
}
