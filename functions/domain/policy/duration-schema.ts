import { z } from 'zod';

/**
 * The policy's durations, apart from primitives.ts: the policy schema and the API's answers (built
 * at synth) use this schema; the functions that parse requests use only the type.
 */

export const positiveInt = z.number().int().positive();

/** A length of time: working days, or hours counted on the clock or in working hours only. */
export const durationSchema = z.union([
  z.strictObject({ workingDays: positiveInt }),
  z.strictObject({
    hours: z.number().positive(),
    mode: z.enum(['calendar', 'working']).default('calendar'),
  }),
]);
export type Duration = z.infer<typeof durationSchema>;
