import { z } from 'zod';

/**
 * What the bus carries for each ticket event (`detail`), checked where it is consumed. Only the
 * fields the workflows read are described; the rest of the event passes through.
 */
export const busDetailSchema = z.object({
  ticketId: z.string().min(1),
  seq: z.number().int().positive(),
  type: z.string().min(1),
  event: z.looseObject({
    type: z.string(),
    at: z.string(),
    clocks: z.array(z.looseObject({ id: z.string(), kind: z.string() })).optional(),
    outcome: z.string().optional(),
    attempt: z.number().optional(),
  }),
});
export type BusDetail = z.infer<typeof busDetailSchema>;

/** Published when a change ends clocks (recorded on the change's last event item). */
export const clocksEndedDetailSchema = z.object({
  ticketId: z.string().min(1),
  version: z.number().int().positive(),
  clockIds: z.array(z.string()).nonempty(),
});
export type ClocksEndedDetail = z.infer<typeof clocksEndedDetailSchema>;

/**
 * What the bus carries for a knowledge-base event that changes what is published (the entry and
 * the event, not its content): the index builder reads the time the change was written.
 */
export const knowledgeDetailSchema = z.object({
  entryId: z.string().min(1),
  seq: z.number().int().positive(),
  type: z.string().min(1),
  /** When the change was written (the writer's clock, ISO; absent on items stored before it was kept). */
  writtenAt: z.iso.datetime().optional(),
});
export type KnowledgeDetail = z.infer<typeof knowledgeDetailSchema>;
