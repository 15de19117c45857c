import { entryIdSchema } from '../domain/knowledge/entry.ts';
import { z } from '../domain/zod.ts';

/**
 * The schemas the search and self-service routes parse, apart from knowledge-schemas.ts: those
 * functions then build neither the entry commands' schemas nor the other routes' at a cold start.
 */

export const entryPathSchema = z.object({ id: z.uuid('an entry id is a UUID') });

export const searchQuerySchema = z.object({
  q: z.string().check(z.trim(), z.minLength(1, 'say what to look for'), z.maxLength(200)),
  /** The region asked about: its entries first, then those of the regions above it. */
  region: z.optional(entryIdSchema),
  category: z.optional(entryIdSchema),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(50)), 10),
});

export const publicCorrectionSchema = z.strictObject({
  text: z.string().check(z.trim(), z.minLength(4), z.maxLength(2000)),
});
