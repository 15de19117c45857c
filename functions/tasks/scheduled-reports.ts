import { runScheduledReport, scheduledReportInputSchema } from '../app/reports/scheduled.ts';
import { reportRuntime } from '../runtime/reports.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { logger } from '../shared/powertools.ts';
import { taskHandler } from '../shared/task-handler.ts';

const rt = createRuntime();
// The weekly report is stored: REPORT_BUCKET (or REPORT_DIR) must be set.
const deps = reportRuntime(rt);

/** Target of the report schedules: the weekly analysis (Monday) and the daily cluster sweep. */
export const handler = taskHandler(async (input: unknown) => {
  const result = await runScheduledReport(deps, scheduledReportInputSchema.parse(input));
  logger.info('scheduled report job', { input, result });
  return result;
});
