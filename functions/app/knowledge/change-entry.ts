import { randomUUID } from 'node:crypto';
import { EntryConflictError } from '../../adapters/knowledge-repository.ts';
import {
  decideKnowledge,
  type Entry,
  evolveKnowledge,
  type KnowledgeCommand,
  type KnowledgeEvent,
} from '../../domain/knowledge/index.ts';
import type { Actor } from '../../domain/ticket/index.ts';
import { KnowledgeEntryNotFoundError } from '../errors.ts';
import type { KnowledgeAppContext, KnowledgeContext } from './context.ts';

/**
 * The one way an entry changes:
 * 1. load it (none for a new draft); 2. check the revision the caller read, if it names one;
 * 3. let the rules decide; 4. store the new state, its events and the upkeep counts in one
 *    transaction. A published or retired entry reaches the search index through its events (the
 *    bus calls the index builder, build-index.ts), in AWS and locally alike.
 */
export async function changeEntry(
  rt: KnowledgeAppContext,
  kb: KnowledgeContext,
  request: { entryId?: string; command: KnowledgeCommand; actor: Actor; expectedRevision?: number },
): Promise<{ entry: Entry; events: KnowledgeEvent[] }> {
  const before = request.entryId ? await kb.entries.load(request.entryId) : null;
  if (request.entryId && !before) throw new KnowledgeEntryNotFoundError(request.entryId);
  if (before && request.expectedRevision !== undefined && request.expectedRevision !== before.revision) {
    throw new EntryConflictError(before.id, request.expectedRevision);
  }
  const events = decideKnowledge(before, request.command, {
    now: rt.now(),
    actor: request.actor,
    calendar: rt.calendar,
    settings: kb.settings,
    newEntryId: before ? undefined : randomUUID(),
    newCorrectionId: request.command.action === 'reportCorrection' ? randomUUID() : undefined,
  });
  const entry = events.reduce<Entry | null>(evolveKnowledge, before) as Entry;
  await kb.entries.save(entry, events, before?.revision ?? 0);
  return { entry: { ...entry, usage: before?.usage ?? 0 }, events };
}
