import { sweepMissedTimers } from '../app/timers.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { logger } from '../shared/powertools.ts';
import { taskHandler } from '../shared/task-handler.ts';

const rt = createRuntime();

/** Scheduled every few minutes: fires timers whose execution was lost, and counts them. */
export const handler = taskHandler(async () => {
  const repaired = await sweepMissedTimers(rt);
  logger.info('sweep', repaired);
  return repaired;
});
