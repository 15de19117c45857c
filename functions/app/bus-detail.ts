import { onFirstUse } from '../domain/on-first-use.ts';
import { z } from '../domain/zod.ts';

/**
 * What the bus carries for each ticket event (`detail`), checked where it is consumed. Only the
 * fields the workflows read are described; the rest of the event passes through. Each schema is
 * built on first use: every task parses with one of them.
 */
/** The clocks a change ended, at the version the change left the ticket at. */
const endedClocksSchema = () =>
  z.object({
    version: z.number().check(z.int(), z.positive()),
    clockIds: z.array(z.string()).check(z.minLength(1)),
  });

export const busDetailSchema = onFirstUse(() =>
  z.object({
    ticketId: z.string().check(z.minLength(1)),
    seq: z.number().check(z.int(), z.positive()),
    type: z.string().check(z.minLength(1)),
    event: z.looseObject({
      type: z.string(),
      at: z.string(),
      clocks: z.optional(z.array(z.looseObject({ id: z.string(), kind: z.string() }))),
      outcome: z.optional(z.string()),
      attempt: z.optional(z.number()),
    }),
    /** On the last event of a change that ended clocks (recorded with the change). */
    endedClocks: z.optional(endedClocksSchema()),
  }),
);
export type BusDetail = z.infer<ReturnType<typeof busDetailSchema>>;

/**
 * What stop-timers reads: the entry of an event whose change ended clocks, or a `ClocksEnded`
 * entry of its own, as they were published before (one may still wait in a queue or a DLQ).
 */
export const clocksEndedDetailSchema = onFirstUse(() =>
  z.union([
    z.pipe(
      z.object({ ticketId: z.string().check(z.minLength(1)), endedClocks: endedClocksSchema() }),
      z.transform(({ ticketId, endedClocks }) => ({ ticketId, ...endedClocks })),
    ),
    z.extend(z.object({ ticketId: z.string().check(z.minLength(1)) }), endedClocksSchema().shape),
  ]),
);
export type ClocksEndedDetail = z.output<ReturnType<typeof clocksEndedDetailSchema>>;

/**
 * What the bus carries for a knowledge-base event that changes what is published (the entry and
 * the event, not its content): the index builder reads the time the change was written.
 */
export const knowledgeDetailSchema = onFirstUse(() =>
  z.object({
    entryId: z.string().check(z.minLength(1)),
    seq: z.number().check(z.int(), z.positive()),
    type: z.string().check(z.minLength(1)),
    /** When the change was written (the writer's clock, ISO; absent on items stored before it was kept). */
    writtenAt: z.optional(z.iso.datetime()),
  }),
);
export type KnowledgeDetail = z.infer<ReturnType<typeof knowledgeDetailSchema>>;
