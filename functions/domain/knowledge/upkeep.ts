import type { KnowledgeEvent } from './events.ts';

/**
 * The upkeep a unit's knowledge base counts for the assessment (AH:26 知识库更新维护; CZ:二(六)):
 * per unit and month, entries added, updated, reviewed on time or late, gone stale, corrections
 * answered, answered late and left overdue. Each event adds to at most a few of them.
 */
export const UPKEEP_COUNTS = [
  'added',
  'updated',
  'reviewedOnTime',
  'reviewedLate',
  'stale',
  'correctionsReported',
  'correctionsAnswered',
  'correctionsAnsweredLate',
  'correctionsOverdue',
  'retired',
] as const;
export type UpkeepCount = (typeof UPKEEP_COUNTS)[number];
export type UpkeepCounts = Record<UpkeepCount, number>;

export function upkeepOf(event: KnowledgeEvent): UpkeepCount[] {
  switch (event.type) {
    case 'VersionPublished':
      return [event.superseded === undefined ? 'added' : 'updated'];
    case 'EntryReviewed':
      return [event.onTime ? 'reviewedOnTime' : 'reviewedLate'];
    case 'EntryMarkedStale':
      return ['stale'];
    case 'CorrectionReported':
      return ['correctionsReported'];
    case 'CorrectionOverdue':
      return ['correctionsOverdue'];
    case 'CorrectionAnswered':
      return event.late ? ['correctionsAnswered', 'correctionsAnsweredLate'] : ['correctionsAnswered'];
    case 'EntryRetired':
      return ['retired'];
    default:
      return [];
  }
}

/** The month an event counts in: YYYY-MM of its Shanghai time. */
export const upkeepMonth = (event: KnowledgeEvent): string => event.at.slice(0, 7);

export function emptyUpkeep(): UpkeepCounts {
  return Object.fromEntries(UPKEEP_COUNTS.map((c) => [c, 0])) as UpkeepCounts;
}
