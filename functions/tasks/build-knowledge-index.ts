import type { EventBridgeEvent } from 'aws-lambda';
import { knowledgeDetailSchema } from '../app/bus-detail.ts';
import { buildKnowledgeIndex } from '../app/knowledge/build-index.ts';
import { knowledgeIndexStore } from '../runtime/knowledge.ts';
import { knowledgeEntries } from '../runtime/knowledge-entries.ts';
import { createBaseRuntime } from '../runtime/runtime.ts';
import { logger } from '../shared/powertools.ts';
import { taskHandler } from '../shared/task-handler.ts';

const entries = knowledgeEntries(createBaseRuntime());
const store = knowledgeIndexStore();

/**
 * Rule target: a version published or an entry retired. Rebuilds the search index from the table
 * and stores it (KNOWLEDGE_INDEX_BUCKET), unless the stored index already covers the change (a
 * build that began after it). The function runs one invocation at a time (reserved concurrency 1),
 * so a burst of publishes queues up and most of it finds the index current.
 */
export const handler = taskHandler(async (event: EventBridgeEvent<string, unknown>) => {
  const detail = knowledgeDetailSchema().parse(event.detail);
  // An operator's invocation without a time builds in any case.
  const at = detail.writtenAt ?? event.time;
  const result = await buildKnowledgeIndex(entries, store, { changedAt: at ? new Date(at) : undefined });
  logger.info('knowledge index', { entryId: detail.entryId, type: detail.type, ...result });
  return result;
});
