import { sweepKnowledgeReviews } from '../app/knowledge/review-sweep.ts';
import { knowledgeRuntime } from '../runtime/knowledge.ts';
import { createBaseRuntime } from '../runtime/runtime.ts';
import { logger } from '../shared/powertools.ts';
import { taskHandler } from '../shared/task-handler.ts';

const rt = createBaseRuntime();
const kb = knowledgeRuntime(rt);

/**
 * Scheduled daily: reminds units of reviews coming due, flags entries past their review-by date as
 * stale (AH:29) and marks correction reports not answered in time (AH:30).
 */
export const handler = taskHandler(async () => {
  const swept = await sweepKnowledgeReviews(rt, kb);
  logger.info('knowledge review sweep', { ...swept });
  return swept;
});
