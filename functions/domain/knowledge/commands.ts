import { z } from 'zod';
import { entryContentSchema, entryIdSchema, localDateSchema } from './entry.ts';

/** The commands on an entry, parsed at the edge (HTTP, CLI, timers) with these schemas. */

const note = z.string().trim().min(2).max(1000);

export const draftCommand = z.strictObject({
  action: z.literal('draft'),
  content: entryContentSchema,
  /** The owning unit; a clerk's own unit when absent. */
  unitId: entryIdSchema.optional(),
});
/**
 * An administrator brings in an entry, published at once when `publish` says it was checked
 * elsewhere (a knowledge base that already went through its checks), else as a draft of its unit.
 */
export const importCommand = z.strictObject({
  action: z.literal('import'),
  content: entryContentSchema,
  unitId: entryIdSchema,
  publish: z.boolean().default(false),
});
export const reviseCommand = z.strictObject({ action: z.literal('revise'), content: entryContentSchema });
export const submitCommand = z.strictObject({ action: z.literal('submit') });
export const checkCommand = z.strictObject({
  action: z.literal('check'),
  outcome: z.enum(['approved', 'rejected']),
  note: note.optional(),
});
export const publishCommand = z.strictObject({ action: z.literal('publish') });
export const reviewCommand = z.strictObject({ action: z.literal('review'), reviewBy: localDateSchema });
export const markStaleCommand = z.strictObject({ action: z.literal('markStale') });
export const reportCorrectionCommand = z.strictObject({
  action: z.literal('reportCorrection'),
  text: z.string().trim().min(4).max(2000),
});
export const answerCorrectionCommand = z.strictObject({
  action: z.literal('answerCorrection'),
  correctionId: z.string().min(1).max(64),
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
  reportCorrectionCommand,
  answerCorrectionCommand,
  retireCommand,
]);
export type KnowledgeCommand = z.infer<typeof knowledgeCommandSchema>;
export type KnowledgeAction = KnowledgeCommand['action'];
export type KnowledgeCommandOf<A extends KnowledgeAction> = Extract<KnowledgeCommand, { action: A }>;
