import { z } from 'zod';
import { fireTimer, planNextTimer } from '../app/timers.ts';
import { taskHandler } from '../shared/middleware.ts';
import { logger } from '../shared/powertools.ts';
import { createRuntime } from '../shared/runtime.ts';

const rt = createRuntime();

export const timerTaskInputSchema = z.discriminatedUnion('operation', [
  z.object({
    operation: z.literal('plan'),
    ticketId: z.string(),
    clockId: z.string(),
    purpose: z.string().optional(),
  }),
  z.object({
    operation: z.literal('fire'),
    ticketId: z.string(),
    clockId: z.string(),
    timer: z.object({ id: z.string(), at: z.string() }),
  }),
]);

/** The ticket-timer state machine's task: plan the next timer of a clock, or fire one. */
export const handler = taskHandler(async (input: unknown) => {
  const task = timerTaskInputSchema.parse(input);
  if (task.operation === 'plan') return planNextTimer(rt, task.ticketId, task.clockId);
  const result = await fireTimer(rt, task.ticketId, task.timer.id);
  logger.info('timer', {
    ticketId: task.ticketId,
    timerId: result.timerId,
    outcome: result.outcome,
    events: result.events,
  });
  return result;
});
