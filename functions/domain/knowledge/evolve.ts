import type { Entry, EntryVersion } from './entry.ts';
import type { KnowledgeEvent } from './events.ts';

/** An entry after an event: the one way its state changes, for commands and for replays. */
export function evolveKnowledge(entry: Entry | null, event: KnowledgeEvent): Entry {
  if (entry === null) {
    if (event.type !== 'EntryDrafted')
      throw new Error(`an entry starts with EntryDrafted, not ${event.type}`);
    entry = {
      id: event.entryId,
      unitId: event.unitId,
      createdAt: event.at,
      versions: [],
      retired: false,
      stale: false,
      corrections: [],
      usage: 0,
      revision: 0,
    };
  }
  const next: Entry = { ...entry, revision: entry.revision + 1 };
  const setVersion = (version: number, change: Partial<EntryVersion>) => {
    next.versions = next.versions.map((v) => (v.version === version ? { ...v, ...change } : v));
  };
  switch (event.type) {
    case 'EntryDrafted':
      next.versions = [
        ...next.versions,
        {
          version: event.version,
          content: event.content,
          state: 'draft',
          draftedBy: event.by,
          draftedAt: event.at,
        },
      ];
      next.working = event.version;
      break;
    case 'DraftRevised':
      setVersion(event.version, {
        content: event.content,
        state: 'draft',
        draftedBy: event.by,
        draftedAt: event.at,
      });
      break;
    case 'VersionSubmitted':
      setVersion(event.version, { state: 'submitted', submittedAt: event.at, note: undefined });
      break;
    case 'VersionChecked':
      setVersion(event.version, {
        state: 'checked',
        checkedBy: event.by,
        checkedAt: event.at,
        note: event.note,
      });
      break;
    case 'VersionRejected':
      setVersion(event.version, {
        state: 'rejected',
        checkedBy: event.by,
        checkedAt: event.at,
        note: event.note,
      });
      break;
    case 'VersionPublished':
      if (event.superseded !== undefined) setVersion(event.superseded, { state: 'superseded' });
      setVersion(event.version, { state: 'published', publishedAt: event.at });
      next.published = event.version;
      next.working = undefined;
      next.stale = false;
      next.staleSince = undefined;
      next.lastReviewedAt = event.at;
      break;
    case 'EntryReviewed':
      setVersion(event.version, {
        content: {
          ...(next.versions.find((v) => v.version === event.version)?.content as EntryVersion['content']),
          reviewBy: event.reviewBy,
        },
      });
      next.stale = false;
      next.staleSince = undefined;
      next.lastReviewedAt = event.at;
      break;
    case 'EntryMarkedStale':
      next.stale = true;
      next.staleSince = event.at;
      break;
    case 'ReviewReminded':
      next.reviewReminded = { version: event.version, reviewBy: event.reviewBy, at: event.at };
      break;
    case 'CorrectionOverdue':
      next.corrections = next.corrections.map((c) =>
        c.id === event.correctionId ? { ...c, overdue: true } : c,
      );
      break;
    case 'CorrectionReported':
      next.corrections = [
        ...next.corrections,
        {
          id: event.correctionId,
          reporter: event.reporter,
          version: event.version,
          text: event.text,
          reportedAt: event.at,
          dueAt: event.dueAt,
          state: 'open',
        },
      ];
      break;
    case 'CorrectionAnswered':
      next.corrections = next.corrections.map((c) =>
        c.id === event.correctionId
          ? {
              ...c,
              state: event.outcome,
              answeredAt: event.at,
              note: event.note,
              fixedInVersion: event.fixedInVersion,
            }
          : c,
      );
      break;
    case 'EntryRetired':
      next.retired = true;
      next.retiredAt = event.at;
      next.working = undefined;
      break;
  }
  return next;
}

export function replayKnowledge(events: readonly KnowledgeEvent[]): Entry | null {
  return events.reduce<Entry | null>(evolveKnowledge, null);
}
