import { z } from '../zod.ts';
import { entryContentSchema, localDateSchema } from './content-schema.ts';
import { entryIdSchema } from './entry.ts';

/** The commands on an entry, parsed at the edge (HTTP, CLI, timers) with these schemas. */

const note = z.string().check(z.trim(), z.minLength(2), z.maxLength(1000));

export const draftCommand = z.strictObject({
  action: z.literal('draft'),
  content: entryContentSchema,
  /** The owning unit; a clerk's own unit when absent. */
  unitId: z.optional(entryIdSchema),
});
/**
 * An administrator brings in an entry, published at once when `publish` says it was checked
 * elsewhere (a knowledge base that already went through its checks), else as a draft of its unit.
 */
export const importCommand = z.strictObject({
  action: z.literal('import'),
  content: entryContentSchema,
  unitId: entryIdSchema,
  publish: z._default(z.boolean(), false),
});
export const reviseCommand = z.strictObject({ action: z.literal('revise'), content: entryContentSchema });
export const submitCommand = z.strictObject({ action: z.literal('submit') });
export const checkCommand = z.strictObject({
  action: z.literal('check'),
  outcome: z.enum(['approved', 'rejected']),
  note: z.optional(note),
});
export const publishCommand = z.strictObject({ action: z.literal('publish') });
export const reviewCommand = z.strictObject({ action: z.literal('review'), reviewBy: localDateSchema });
export const markStaleCommand = z.strictObject({ action: z.literal('markStale') });
/** The review timer reminds the owning unit that the review-by date is near. */
export const remindReviewCommand = z.strictObject({ action: z.literal('remindReview') });
/** The review timer marks a correction report not answered by its due time. */
export const markCorrectionOverdueCommand = z.strictObject({
  action: z.literal('markCorrectionOverdue'),
  correctionId: z.string().check(z.minLength(1), z.maxLength(64)),
});
export const reportCorrectionCommand = z.strictObject({
  action: z.literal('reportCorrection'),
  text: z.string().check(z.trim(), z.minLength(4), z.maxLength(2000)),
});
export const answerCorrectionCommand = z.strictObject({
  action: z.literal('answerCorrection'),
  correctionId: z.string().check(z.minLength(1), z.maxLength(64)),
  outcome: z.enum(['fixed', 'rejected']),
  note,
});
export const retireCommand = z.strictObject({ action: z.literal('retire'), reason: note });

export const knowledgeCommandSchema = z.discriminatedUnion('action', [
  draftCommand,
  importCommand,
  reviseCommand,
  submitCommand,
  checkCommand,
  publishCommand,
  reviewCommand,
  markStaleCommand,
  remindReviewCommand,
  markCorrectionOverdueCommand,
  reportCorrectionCommand,
  answerCorrectionCommand,
  retireCommand,
]);
export type KnowledgeCommand = z.infer<typeof knowledgeCommandSchema>;
export type KnowledgeAction = KnowledgeCommand['action'];
/** The commands only the review timer gives (never over HTTP). */
export const TIMER_ACTIONS: readonly KnowledgeAction[] = [
  'markStale',
  'remindReview',
  'markCorrectionOverdue',
];

export type KnowledgeCommandOf<A extends KnowledgeAction> = Extract<KnowledgeCommand, { action: A }>;
