import { z } from 'zod';
import { TICKET_STATUSES } from '../domain/ticket/index.ts';

/**
 * Path and query parameters of the routes, shared by the handlers that parse them and the OpenAPI
 * document that describes them: what one accepts, the other says (headers: header-schemas.ts).
 */
export const ticketPathSchema = z.object({
  id: z.uuid('a ticket id is a UUID').meta({ description: 'the ticket id (an RFC 9562 UUID)' }),
});

const pageSchema = {
  limit: z.coerce.number().int().min(1).max(100).default(25).meta({ description: 'page size' }),
  cursor: z.string().min(1).max(2000).optional().meta({ description: 'the `cursor` of the previous page' }),
};
export const eventsQuerySchema = z.object(pageSchema);
export const inboxQuerySchema = z.object({
  unit: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .meta({ description: "the unit whose inbox to list; a unit's staff default to their own" }),
  status: z.enum(TICKET_STATUSES).optional(),
  ...pageSchema,
});

export const progressPathSchema = z.object({
  ticketNo: z
    .string()
    .regex(/^\d{14}$/, 'a ticket number is 14 digits')
    .meta({ description: 'the ticket number told to the requester', example: '20261214000001' }),
});
export const progressQuerySchema = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'the query code is required')
    .max(32)
    .regex(/\S/, 'the query code is required')
    .meta({ description: 'the query code told to the requester with the number' }),
});

export const directoryIdSchema = z
  .string()
  .min(1)
  .max(64)
  .meta({ description: 'the id of the directory entry' });
