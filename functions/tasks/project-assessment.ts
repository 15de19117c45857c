import type { EventBridgeEvent } from 'aws-lambda';
import { AssessmentRepository } from '../adapters/assessment-repository.ts';
import { DocumentClient } from '../adapters/document-client.ts';
import { busDetailSchema } from '../app/bus-detail.ts';
import { projectEvent } from '../app/project-assessment.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { logger } from '../shared/powertools.ts';
import { taskHandler } from '../shared/task-handler.ts';

const rt = createRuntime();
const repo = new AssessmentRepository(
  DocumentClient.from(rt.dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
  rt.tableName,
);

/** Rule target: a ticket event that counts toward the indicators updates its unit's aggregates. */
export const handler = taskHandler(async (event: EventBridgeEvent<string, unknown>) => {
  const detail = busDetailSchema().parse(event.detail);
  const outcome = await projectEvent(repo, detail);
  logger.debug('event projected', { ticketId: detail.ticketId, seq: detail.seq, type: detail.type, outcome });
  return { outcome };
});
