import { runTimerTask } from '../app/timers.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { taskHandler } from '../shared/task-handler.ts';

const rt = createRuntime();

/**
 * The ticket-timer state machine's task (plan the next timer of a clock, or fire one), and the rule
 * that fires a callback retry's timer when its execution ends.
 */
export const handler = taskHandler(async (input: unknown) => runTimerTask(rt, input));
