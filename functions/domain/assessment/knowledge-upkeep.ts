import type { UpkeepCount, UpkeepCounts } from '../knowledge/upkeep.ts';
import type { Indicator, IndicatorCounts } from './indicators.ts';

/**
 * The knowledge base's upkeep counts (functions/domain/knowledge/upkeep.ts) as indicators of the
 * unit that owns the entries (AH:26 知识库更新维护; CZ:二(六) 知识库完善更新). The knowledge base
 * counts them in the transaction that stores each of its events, on an item of the month's
 * aggregate partition; the assessment reads them as these indicators.
 */
export const UPKEEP_INDICATORS = {
  added: 'knowledgeAdded',
  updated: 'knowledgeUpdated',
  reviewedOnTime: 'knowledgeReviewedOnTime',
  reviewedLate: 'knowledgeReviewedLate',
  stale: 'knowledgeStale',
  correctionsReported: 'knowledgeCorrectionsReported',
  correctionsAnswered: 'knowledgeCorrectionsAnswered',
  correctionsAnsweredLate: 'knowledgeCorrectionsAnsweredLate',
  correctionsOverdue: 'knowledgeCorrectionsOverdue',
  retired: 'knowledgeRetired',
} as const satisfies Record<UpkeepCount, Indicator>;

export type UpkeepIndicator = (typeof UPKEEP_INDICATORS)[UpkeepCount];

const UPKEEP_OF = new Map<string, UpkeepCount>(
  Object.entries(UPKEEP_INDICATORS).map(([count, indicator]) => [indicator, count as UpkeepCount]),
);

/** A unit's upkeep counts as indicators (zeros left out, as for the tickets' indicators). */
export function upkeepIndicators(counts: Partial<UpkeepCounts>): IndicatorCounts {
  const out: IndicatorCounts = {};
  for (const [count, n] of Object.entries(counts) as [UpkeepCount, number][]) {
    if (n) out[UPKEEP_INDICATORS[count]] = n;
  }
  return out;
}

/**
 * Splits a unit's indicators into the tickets' and the knowledge base's upkeep counts (named as the
 * knowledge base stores them), for a rebuild that writes each to its own item.
 */
export function splitUpkeep(counts: IndicatorCounts): {
  tickets: IndicatorCounts;
  upkeep: Partial<UpkeepCounts>;
} {
  const tickets: IndicatorCounts = {};
  const upkeep: Partial<UpkeepCounts> = {};
  for (const [indicator, n] of Object.entries(counts) as [Indicator, number][]) {
    const count = UPKEEP_OF.get(indicator);
    if (count) upkeep[count] = n;
    else tickets[indicator] = n;
  }
  return { tickets, upkeep };
}
