import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AssessmentRepository } from '../adapters/assessment-repository.ts';
import { type CloseDeps, runCloseStep } from '../app/monthly-close.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { logger } from '../shared/powertools.ts';
import { taskHandler } from '../shared/task-handler.ts';

const rt = createRuntime();
const deps: CloseDeps = {
  assessment: new AssessmentRepository(
    DynamoDBDocumentClient.from(rt.dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
    rt.tableName,
  ),
  directory: rt.directory,
  policy: rt.policy,
  now: rt.now,
};

/** The monthly-close state machine's task: one step per task state. */
export const handler = taskHandler(async (input: unknown) => {
  const result = await runCloseStep(deps, input);
  logger.info('monthly close step', { input, result });
  return result;
});
