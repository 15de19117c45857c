import { TICKET_STATUSES } from '../domain/ticket/index.ts';
import { z } from '../domain/zod.ts';
import { pageFields } from './page-schema.ts';

/**
 * Path and query parameters of the routes, shared by the handlers that parse them and the OpenAPI
 * document that describes them: what one accepts, the other says (headers: header-schemas.ts).
 */
export const ticketPathSchema = z.object({
  id: z.uuid('a ticket id is a UUID').check(z.meta({ description: 'the ticket id (an RFC 9562 UUID)' })),
});

export const eventsQuerySchema = z.object(pageFields);
export const inboxQuerySchema = z.object({
  unit: z
    .optional(z.string().check(z.minLength(1), z.maxLength(64)))
    .check(z.meta({ description: "the unit whose inbox to list; a unit's staff default to their own" })),
  status: z.optional(z.enum(TICKET_STATUSES)),
  ...pageFields,
});

export const progressPathSchema = z.object({
  ticketNo: z
    .string()
    .check(
      z.regex(/^\d{14}$/, 'a ticket number is 14 digits'),
      z.meta({ description: 'the ticket number told to the requester', example: '20261214000001' }),
    ),
});
export const progressQuerySchema = z.object({
  code: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'the query code is required'),
      z.maxLength(32),
      z.regex(/\S/, 'the query code is required'),
      z.meta({ description: 'the query code told to the requester with the number' }),
    ),
});

export const directoryIdSchema = z
  .string()
  .check(z.minLength(1), z.maxLength(64), z.meta({ description: 'the id of the directory entry' }));
