import { recomputeProvisionalPage, recountStateSchema } from '../app/recompute-deadlines.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { taskHandler } from '../shared/task-handler.ts';

const rt = createRuntime();

/**
 * The provisional-recount state machine's task: one page of the provisional index recounted, given
 * where the run stands (the execution's input for the first page, then the previous page's answer),
 * answering where it stands now. Errors propagate (a DynamoDB throttle, say), so that the state
 * machine's Retry acts on them.
 */
export const handler = taskHandler(async (input: unknown) =>
  recomputeProvisionalPage(rt, recountStateSchema.parse(input)),
);
