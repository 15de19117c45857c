import { KnowledgeRepository } from '../adapters/knowledge-repository.ts';
import type { BaseRuntime } from './runtime.ts';

/** The knowledge base's entries in the runtime's table, for handlers that do not search. */
export function knowledgeEntries(rt: BaseRuntime): KnowledgeRepository {
  return new KnowledgeRepository(rt.db, rt.tableName);
}
