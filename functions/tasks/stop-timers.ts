import type { EventBridgeEvent } from 'aws-lambda';
import { clocksEndedDetailSchema } from '../app/bus-detail.ts';
import { stopTimers } from '../app/start-timers.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { requiredEnv } from '../shared/config.ts';
import { logger } from '../shared/powertools.ts';
import { taskHandler } from '../shared/task-handler.ts';
import { stepFunctionsStarter } from './timer-starter.ts';

const rt = createRuntime();
const starter = stepFunctionsStarter({
  clock: requiredEnv('TIMER_STATE_MACHINE_ARN'),
  callbackRetry: requiredEnv('CALLBACK_RETRY_STATE_MACHINE_ARN'),
});

/** Rule target: clocks ended, so the executions waiting on them stop (fewer state transitions). */
export const handler = taskHandler(async (event: EventBridgeEvent<'ClocksEnded', unknown>) => {
  const detail = clocksEndedDetailSchema.parse(event.detail);
  const stopped = await stopTimers(rt, starter, detail);
  logger.info('timers stopped', { ticketId: detail.ticketId, stopped });
  return { stopped };
});
