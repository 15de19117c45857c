import { sweepMissedTimers } from '../app/timers.ts';
import { taskHandler } from '../shared/middleware.ts';
import { logger } from '../shared/powertools.ts';
import { createRuntime } from '../shared/runtime.ts';

const rt = createRuntime();

/** Scheduled every few minutes: fires timers whose execution was lost, and counts them. */
export const handler = taskHandler(async () => {
  const repaired = await sweepMissedTimers(rt);
  logger.info('sweep', repaired);
  return repaired;
});
