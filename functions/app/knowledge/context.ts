import type { KnowledgeRepository } from '../../adapters/knowledge-repository.ts';
import type { KnowledgeSettings } from '../../domain/knowledge/index.ts';
import type { AppContext } from '../context.ts';
import type { KnowledgeSearch } from './search.ts';

/**
 * The knowledge base's ports, beside the AppContext every use case has: the entries in the table,
 * the search (which reads the index the builder stores; no command writes it), the deployment's
 * settings. The composition root (functions/runtime/knowledge.ts)
 * wires them.
 */
export type KnowledgeStore = Pick<
  KnowledgeRepository,
  | 'save'
  | 'saveNew'
  | 'load'
  | 'countUsage'
  | 'events'
  | 'byUnit'
  | 'publishedIds'
  | 'publishedPage'
  | 'reviewQueue'
  | 'timersDueBy'
  | 'upkeep'
>;

/** What the knowledge base's use cases take of the AppContext: the clock and the calendar. */
export type KnowledgeAppContext = Pick<AppContext, 'now' | 'calendar'>;

export interface KnowledgeContext {
  entries: KnowledgeStore;
  search: KnowledgeSearch;
  settings: KnowledgeSettings;
}
