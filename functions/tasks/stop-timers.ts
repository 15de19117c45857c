import type { EventBridgeEvent } from 'aws-lambda';
import { clocksEndedDetailSchema } from '../app/bus-detail.ts';
import type { AppContext } from '../app/context.ts';
import { stopTimers, type TimerStarter } from '../app/start-timers.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { requiredEnv } from '../shared/config.ts';
import { logger } from '../shared/powertools.ts';
import { taskHandler } from '../shared/task-handler.ts';
import { stepFunctionsStarter } from './timer-starter.ts';

/** Rule target: clocks ended, so the executions waiting on them stop (fewer state transitions). */
export const stopTimersHandler = (ctx: AppContext, starter: TimerStarter) =>
  taskHandler(async (event: EventBridgeEvent<string, unknown>) => {
    const detail = clocksEndedDetailSchema().parse(event.detail);
    const stopped = await stopTimers(ctx, starter, detail);
    logger.debug('timers stopped', { ticketId: detail.ticketId, stopped });
    return { stopped };
  });

export const handler = stopTimersHandler(
  createRuntime(),
  stepFunctionsStarter({
    clock: requiredEnv('TIMER_STATE_MACHINE_ARN'),
    callbackRetry: requiredEnv('CALLBACK_RETRY_STATE_MACHINE_ARN'),
  }),
);
