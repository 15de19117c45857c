import { z } from 'zod';
import { TICKET_STATUSES } from '../domain/ticket/index.ts';

/** Query and path parameters of the staff read routes (shared by the handler and the OpenAPI document). */
export const ticketPathSchema = z.object({ id: z.uuid('a ticket id is a UUID') });

const pageSchema = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
};
export const eventsQuerySchema = z.object(pageSchema);
export const inboxQuerySchema = z.object({
  unit: z.string().min(1).max(64).optional(),
  status: z.enum(TICKET_STATUSES).optional(),
  ...pageSchema,
});
