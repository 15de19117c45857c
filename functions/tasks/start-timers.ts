import type { EventBridgeEvent } from 'aws-lambda';
import { busDetailSchema } from '../app/bus-detail.ts';
import { startTimers } from '../app/start-timers.ts';
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

/** Rule target: a ticket event that starts clocks starts their timer execution. */
export const handler = taskHandler(async (event: EventBridgeEvent<string, unknown>) => {
  const detail = busDetailSchema.parse(event.detail);
  const started = await startTimers(rt, starter, detail);
  logger.info('timers started', { ticketId: detail.ticketId, type: detail.type, started });
  return { started };
});
