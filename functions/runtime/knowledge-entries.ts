import { countEntryUsage, loadEntry } from '../adapters/knowledge-entry-store.ts';
import { KnowledgeRepository } from '../adapters/knowledge-repository.ts';
import type { CitedEntries } from '../app/knowledge/citations.ts';
import type { BaseRuntime } from './runtime.ts';

/** The knowledge base's entries in the runtime's table, for handlers that do not search. */
export function knowledgeEntries(rt: BaseRuntime): KnowledgeRepository {
  return new KnowledgeRepository(rt.db, rt.tableName);
}

/** The entries an answer cites: read to check them, and their use counted (the commands handler). */
export function citedEntries(rt: BaseRuntime): CitedEntries {
  return {
    load: (id) => loadEntry(rt.db, rt.tableName, id),
    countUsage: (id, version) => countEntryUsage(rt.db, rt.tableName, id, version),
  };
}
