import { randomUUID } from 'node:crypto';
import {
  decideKnowledge,
  type Entry,
  type EntryContent,
  evolveKnowledge,
} from '../../domain/knowledge/index.ts';
import type { Actor } from '../../domain/ticket/index.ts';
import type { KnowledgeAppContext, KnowledgeContext } from './context.ts';

export interface ImportItem {
  content: EntryContent;
  unitId: string;
}

/**
 * An administrator brings in entries (a file the CLI read, the demo knowledge base):
 * 1. decide every entry first, so that a refused one stops the batch before anything is stored;
 * 2. store the entries with their events, several to a transaction (an entry is never half
 *    stored; a refused transaction stops the import there).
 * The published ones reach the search index through the bus: a burst of publishes costs one build
 * per build's duration (build-index.ts), not one per entry.
 */
export async function importEntries(
  rt: KnowledgeAppContext,
  kb: KnowledgeContext,
  items: readonly ImportItem[],
  options: { publish: boolean; actor: Actor },
): Promise<Entry[]> {
  const decided = items.map((item) => {
    const events = decideKnowledge(
      null,
      { action: 'import', content: item.content, unitId: item.unitId, publish: options.publish },
      {
        now: rt.now(),
        actor: options.actor,
        calendar: rt.calendar,
        settings: kb.settings,
        newEntryId: randomUUID(),
      },
    );
    return { events, entry: events.reduce<Entry | null>(evolveKnowledge, null) as Entry };
  });
  await kb.entries.saveNew(decided);
  return decided.map((d) => d.entry);
}
