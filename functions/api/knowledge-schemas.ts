import {
  draftCommand,
  ENTRY_STATUSES,
  entryIdSchema,
  importCommand,
  knowledgeCommandSchema,
  TIMER_ACTIONS,
} from '../domain/knowledge/index.ts';
import { z } from '../domain/zod.ts';
import { entryPathSchema } from './knowledge-search-schemas.ts';

/**
 * Path, query and body schemas of the knowledge-base routes (the handlers and the OpenAPI document);
 * those of search and self-service are in knowledge-search-schemas.ts.
 */

export const entryActionPathSchema = z.extend(entryPathSchema, { action: z.string() });

export const entriesQuerySchema = z.object({
  unit: z.optional(entryIdSchema),
  status: z.optional(z.enum(ENTRY_STATUSES)),
});

export const upkeepQuerySchema = z.object({
  unit: z.optional(entryIdSchema),
  month: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')),
});

/** The commands on an existing entry, by the action in the path; `draft` is POST /v1/knowledge. */
export const ENTRY_ACTIONS = knowledgeCommandSchema.def.options
  .flatMap((o) => o.shape.action.def.values) // the one value of each command's `action` literal
  .filter((a) => a !== 'draft' && a !== 'import' && !TIMER_ACTIONS.includes(a));

export const draftBodySchema = z.omit(draftCommand, { action: true });

/** One batch of POST /v1/knowledge/import (the CLI sends a large file in batches under the body limit). */
export const importBodySchema = z.strictObject({
  entries: z
    .array(z.omit(importCommand, { action: true, publish: true }))
    .check(z.minLength(1), z.maxLength(200)),
  publish: z._default(z.boolean(), false),
});

export const exportQuerySchema = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 100),
  /** The last entry id of the previous page. */
  cursor: z.optional(z.uuid()),
});

export const reviewQuerySchema = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
  /** The previous page's `cursor`. */
  cursor: z.optional(
    z
      .string()
      .check(
        z.regex(
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
          'the cursor of the previous page',
        ),
      ),
  ),
});

/** One line of the centre's review queue (GET /v1/knowledge/review). */
export const reviewItemSchema = z.strictObject({
  id: z.string(),
  unitId: z.string(),
  title: z.string(),
  version: z.number().check(z.int()),
  /** `submitted` waits for the check, `checked` for publication. */
  state: z.enum(['submitted', 'checked']),
  submittedAt: z.string(),
  /** Send as If-Match with the centre's command. */
  revision: z.number().check(z.int()),
});
