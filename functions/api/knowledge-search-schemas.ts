import { z } from 'zod';
import { entryIdSchema } from '../domain/knowledge/entry.ts';

/**
 * The schemas the search and self-service routes parse, apart from knowledge-schemas.ts: those
 * functions then build neither the entry commands' schemas nor the other routes' at a cold start.
 */

export const entryPathSchema = z.object({ id: z.uuid('an entry id is a UUID') });

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1, 'say what to look for').max(200),
  /** The region asked about: its entries first, then those of the regions above it. */
  region: entryIdSchema.optional(),
  category: entryIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const publicCorrectionSchema = z.strictObject({ text: z.string().trim().min(4).max(2000) });
