import { isLocalDate } from '../calendar/index.ts';
import { z } from '../zod.ts';
import { entryIdSchema as id } from './entry.ts';

/**
 * What a version of an entry says, as the commands that write one parse it. Apart from entry.ts so
 * that a function that only reads entries (search, self-service) does not build these schemas at
 * its cold start.
 */

export const basisSchema = z.strictObject({
  /** The policy document, e.g. 《住房公积金管理条例》第二十四条. */
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  url: z.optional(z.url({ protocol: /^https?$/ }).check(z.maxLength(500))),
});

export const localDateSchema = z.string().check(z.refine(isLocalDate, 'a date as YYYY-MM-DD'));

/** What a version says: the answer and where it holds. */
export const entryContentSchema = z.strictObject({
  title: z.string().check(z.trim(), z.minLength(2), z.maxLength(120)),
  /** The questions it answers, in the several ways citizens ask them. */
  questions: z
    .array(z.string().check(z.trim(), z.minLength(2), z.maxLength(200)))
    .check(z.minLength(1), z.maxLength(20)),
  /** The standard answer (规范答复口径). */
  answer: z.string().check(z.trim(), z.minLength(5), z.maxLength(5000)),
  basis: z._default(z.array(basisSchema).check(z.maxLength(20)), []),
  category: id,
  /** The region it holds for; it answers in the regions under it unless they have their own. */
  regionId: id,
  /** Public entries are open to citizens' self-service (AH:31); internal ones to staff only. */
  public: z.boolean(),
  /** The day by which the owning unit confirms it is still right. */
  reviewBy: localDateSchema,
  /** The entry of a region above that this one replaces in its own region (AH:30 shared levels). */
  localizes: z.optional(id),
});
export type EntryContent = z.infer<typeof entryContentSchema>;
