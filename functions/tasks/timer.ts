import { runTimerTask } from '../app/timers.ts';
import { taskHandler } from '../shared/middleware.ts';
import { createRuntime } from '../shared/runtime.ts';

const rt = createRuntime();

/** The ticket-timer state machine's task: plan the next timer of a clock, or fire one. */
export const handler = taskHandler(async (input: unknown) => runTimerTask(rt, input));
