import type { EventBridgeEvent } from 'aws-lambda';
import { busDetailSchema } from '../app/bus-detail.ts';
import type { AppContext } from '../app/context.ts';
import { startTimers, type TimerStarter } from '../app/start-timers.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { requiredEnv } from '../shared/config.ts';
import { logger } from '../shared/powertools.ts';
import { taskHandler } from '../shared/task-handler.ts';
import { stepFunctionsStarter } from './timer-starter.ts';

/** Rule target: a ticket event that starts clocks starts their timer execution. */
export const startTimersHandler = (ctx: AppContext, starter: TimerStarter) =>
  taskHandler(async (event: EventBridgeEvent<string, unknown>) => {
    const detail = busDetailSchema().parse(event.detail);
    const started = await startTimers(ctx, starter, detail);
    logger.debug('timers started', { ticketId: detail.ticketId, type: detail.type, started });
    return { started };
  });

export const handler = startTimersHandler(
  createRuntime(),
  stepFunctionsStarter({
    clock: requiredEnv('TIMER_STATE_MACHINE_ARN'),
    callbackRetry: requiredEnv('CALLBACK_RETRY_STATE_MACHINE_ARN'),
  }),
);
