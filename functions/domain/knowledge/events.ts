import type { Actor } from '../ticket/index.ts';
import type { EntryContent } from './content-schema.ts';
import type { CorrectionReporter } from './entry.ts';

/** What happens to an entry. Every event carries the entry, the owning unit, the time and the actor. */
type E<T extends string, P = object> = {
  type: T;
  entryId: string;
  unitId: string;
  at: string;
  by: Actor;
} & P;

export type KnowledgeEvent =
  | E<'EntryDrafted', { version: number; content: EntryContent }>
  | E<'DraftRevised', { version: number; content: EntryContent }>
  | E<'VersionSubmitted', { version: number }>
  | E<'VersionChecked', { version: number; note?: string | undefined }>
  | E<'VersionRejected', { version: number; note: string }>
  | E<'VersionPublished', { version: number; superseded?: number | undefined; content: EntryContent }>
  | E<'EntryReviewed', { version: number; reviewBy: string; onTime: boolean }>
  | E<'EntryMarkedStale', { version: number; reviewBy: string }>
  | E<'ReviewReminded', { version: number; reviewBy: string }>
  | E<'CorrectionOverdue', { correctionId: string; dueAt: string }>
  | E<
      'CorrectionReported',
      { correctionId: string; reporter: CorrectionReporter; text: string; dueAt: string; version: number }
    >
  | E<
      'CorrectionAnswered',
      {
        correctionId: string;
        outcome: 'fixed' | 'rejected';
        note: string;
        late: boolean;
        fixedInVersion?: number | undefined;
      }
    >
  | E<'EntryRetired', { reason: string; version?: number | undefined }>;

export type KnowledgeEventType = KnowledgeEvent['type'];

/**
 * The events after which the set of published versions is different: a version published (a new
 * entry, a revision, a correction's fix, an import with publish) or an entry retired. The search
 * index is rebuilt after them, and after nothing else.
 */
export const PUBLISHED_SET_EVENTS = [
  'VersionPublished',
  'EntryRetired',
] as const satisfies readonly KnowledgeEventType[];
