import { z } from 'zod';
import {
  draftCommand,
  ENTRY_STATUSES,
  entryIdSchema,
  importCommand,
  knowledgeCommandSchema,
  TIMER_ACTIONS,
} from '../domain/knowledge/index.ts';
import { entryPathSchema } from './knowledge-search-schemas.ts';

/**
 * Path, query and body schemas of the knowledge-base routes (the handlers and the OpenAPI document);
 * those of search and self-service are in knowledge-search-schemas.ts.
 */

export const entryActionPathSchema = entryPathSchema.extend({ action: z.string() });

export const entriesQuerySchema = z.object({
  unit: entryIdSchema.optional(),
  status: z.enum(ENTRY_STATUSES).optional(),
});

export const upkeepQuerySchema = z.object({
  unit: entryIdSchema.optional(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM'),
});

/** The commands on an existing entry, by the action in the path; `draft` is POST /v1/knowledge. */
export const ENTRY_ACTIONS = knowledgeCommandSchema.options
  .map((o) => o.shape.action.value)
  .filter((a) => a !== 'draft' && a !== 'import' && !TIMER_ACTIONS.includes(a));

export const draftBodySchema = draftCommand.omit({ action: true });

/** One batch of POST /v1/knowledge/import (the CLI sends a large file in batches under the body limit). */
export const importBodySchema = z.strictObject({
  entries: z
    .array(importCommand.omit({ action: true, publish: true }))
    .min(1)
    .max(200),
  publish: z.boolean().default(false),
});

export const exportQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(100),
  /** The last entry id of the previous page. */
  cursor: z.uuid().optional(),
});

export const reviewQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** The previous page's `cursor`. */
  cursor: z
    .string()
    .regex(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
      'the cursor of the previous page',
    )
    .optional(),
});

/** One line of the centre's review queue (GET /v1/knowledge/review). */
export const reviewItemSchema = z.strictObject({
  id: z.string(),
  unitId: z.string(),
  title: z.string(),
  version: z.number().int(),
  /** `submitted` waits for the check, `checked` for publication. */
  state: z.enum(['submitted', 'checked']),
  submittedAt: z.string(),
  /** Send as If-Match with the centre's command. */
  revision: z.number().int(),
});
