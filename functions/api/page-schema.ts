import { z } from '../domain/zod.ts';

/**
 * The paging parameters of every listing (events, inboxes, queues): a module of its own, so that a
 * handler that lists takes them without the other routes' parameter schemas.
 */
export const pageFields = {
  limit: z
    ._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25)
    .check(z.meta({ description: 'page size' })),
  cursor: z
    .optional(z.string().check(z.minLength(1), z.maxLength(2000)))
    .check(z.meta({ description: 'the `cursor` of the previous page' })),
};
