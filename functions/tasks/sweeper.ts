import { sweepInputSchema, sweepMissedTimers } from '../app/timers.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { logger } from '../shared/powertools.ts';
import { taskHandler } from '../shared/task-handler.ts';

const rt = createRuntime();

/**
 * Scheduled every few minutes over the last days, and daily over a month (workflows-stack.ts): fires
 * timers whose execution was lost, and counts them.
 */
export const handler = taskHandler(async (event: unknown) => {
  const { lookBackDays } = sweepInputSchema().parse(event ?? {});
  const repaired = await sweepMissedTimers(rt, lookBackDays);
  logger.info('sweep', repaired);
  return repaired;
});
