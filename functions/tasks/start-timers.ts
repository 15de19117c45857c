import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { EventBridgeEvent } from 'aws-lambda';
import { startTimers, type TimerStarter } from '../app/start-timers.ts';
import { requiredEnv } from '../shared/config.ts';
import { taskHandler } from '../shared/middleware.ts';
import { logger } from '../shared/powertools.ts';
import { createRuntime } from '../shared/runtime.ts';
import { busDetailSchema } from './event-detail.ts';

const rt = createRuntime();
const stateMachineArn = requiredEnv('TIMER_STATE_MACHINE_ARN');
const sfn = new SFNClient({});

const sfnStarter: TimerStarter = {
  async start(name, input) {
    try {
      await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
      return 'started';
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return 'exists';
      throw error;
    }
  },
};

/** Rule target: a ticket event that starts clocks starts their timer executions. */
export const handler = taskHandler(async (event: EventBridgeEvent<string, unknown>) => {
  const detail = busDetailSchema.parse(event.detail);
  const started = await startTimers(rt, sfnStarter, detail);
  logger.info('timers started', { ticketId: detail.ticketId, type: detail.type, started });
  return { started };
});
