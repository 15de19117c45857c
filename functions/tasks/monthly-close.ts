import { type CloseDeps, runCloseStep } from '../app/monthly-close.ts';
import { publishReports } from '../app/reports/generate.ts';
import { reportRuntime } from '../runtime/reports.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { logger } from '../shared/powertools.ts';
import { taskHandler } from '../shared/task-handler.ts';

const rt = createRuntime();
// The bulletin is published as a report too: REPORT_BUCKET (or REPORT_DIR) must be set.
const reports = reportRuntime(rt);
const deps: CloseDeps = {
  assessment: reports.assessment,
  directory: rt.directory,
  policy: rt.policy,
  now: rt.now,
  publish: publishReports(reports),
};

/** The monthly-close state machine's task: one step per task state. */
export const handler = taskHandler(async (input: unknown) => {
  const result = await runCloseStep(deps, input);
  logger.info('monthly close step', { input, result });
  return result;
});
