import { z } from 'zod';
import { isLocalDate } from '../calendar/index.ts';
import { entryIdSchema as id } from './entry.ts';

/**
 * What a version of an entry says, as the commands that write one parse it. Apart from entry.ts so
 * that a function that only reads entries (search, self-service) does not build these schemas at
 * its cold start.
 */

export const basisSchema = z.strictObject({
  /** The policy document, e.g. 《住房公积金管理条例》第二十四条. */
  title: z.string().trim().min(1).max(200),
  url: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional(),
});

export const localDateSchema = z.string().refine(isLocalDate, 'a date as YYYY-MM-DD');

/** What a version says: the answer and where it holds. */
export const entryContentSchema = z.strictObject({
  title: z.string().trim().min(2).max(120),
  /** The questions it answers, in the several ways citizens ask them. */
  questions: z.array(z.string().trim().min(2).max(200)).min(1).max(20),
  /** The standard answer (规范答复口径). */
  answer: z.string().trim().min(5).max(5000),
  basis: z.array(basisSchema).max(20).default([]),
  category: id,
  /** The region it holds for; it answers in the regions under it unless they have their own. */
  regionId: id,
  /** Public entries are open to citizens' self-service (AH:31); internal ones to staff only. */
  public: z.boolean(),
  /** The day by which the owning unit confirms it is still right. */
  reviewBy: localDateSchema,
  /** The entry of a region above that this one replaces in its own region (AH:30 shared levels). */
  localizes: id.optional(),
});
export type EntryContent = z.infer<typeof entryContentSchema>;
