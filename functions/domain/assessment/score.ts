import type { AssessmentPolicy } from '../policy/index.ts';
import type { IndicatorCounts } from './indicators.ts';

export type RateName = keyof AssessmentPolicy['weights'];

/** A rate: its numerator over its denominator, or null when there is nothing to measure. */
export type Rates = Record<RateName, number | null>;

/**
 * The rates a unit's counts give; each between 0 and 1, or null with a zero denominator.
 * Knowledge upkeep (AH:26): the duties kept on time (entries reviewed by their review-by date,
 * corrections answered by their due time) over those kept plus those let lapse (entries gone stale,
 * corrections gone overdue: the daily timer marks each lapse once). A duty met late after its mark
 * is not counted again; one met late before the daily timer (01:00) marked it, an hour at most after
 * the deadline, counts neither way.
 * Entries added and updated are shown, not scored: a count would reward volume, and no seed sets one.
 */
export function ratesOf(c: IndicatorCounts): Rates {
  const n = (k: keyof IndicatorCounts) => c[k] ?? 0;
  const ratio = (num: number, den: number) => (den > 0 ? Math.min(1, Math.max(0, num / den)) : null);
  const rated = n('satisfied') + n('deemedSatisfied') + n('dissatisfied');
  const upkeepKept =
    n('knowledgeReviewedOnTime') + n('knowledgeCorrectionsAnswered') - n('knowledgeCorrectionsAnsweredLate');
  return {
    onTime: ratio(n('finishedOnTime'), n('finished')),
    satisfaction: ratio(n('satisfied') + n('deemedSatisfied'), rated),
    contact: ratio(n('contactedInWindow'), n('contactedInWindow') + n('contactMissed')),
    firstPass: ratio(n('finished'), n('finished') + n('sentBack') + n('reworked')),
    properReturns: ratio(n('dispatched') - n('returnsRefused'), n('dispatched')),
    knowledgeUpkeep: ratio(upkeepKept, upkeepKept + n('knowledgeStale') + n('knowledgeCorrectionsOverdue')),
  };
}

export interface UnitScore {
  /** 0–100 with two decimals; null when the unit is below `minimumTickets` or has no rate. */
  score: number | null;
  rates: Rates;
}

/**
 * The score: 100 × Σ wᵢ·rateᵢ ÷ Σ wᵢ over the rates with something to measure. Rates keep units of
 * very different sizes comparable within a group; leaving out a rate with nothing to measure (and
 * its weight) neither rewards nor punishes a unit that, say, had no callback yet this month.
 */
export function scoreOf(counts: IndicatorCounts, policy: AssessmentPolicy): UnitScore {
  const rates = ratesOf(counts);
  const measured = (counts.finished ?? 0) + (counts.satisfied ?? 0) + (counts.deemedSatisfied ?? 0);
  let weighted = 0;
  let weights = 0;
  for (const [name, rate] of Object.entries(rates) as [RateName, number | null][]) {
    const w = policy.weights[name];
    if (rate === null || w === 0) continue;
    weighted += w * rate;
    weights += w;
  }
  if (weights === 0 || measured < policy.minimumTickets) return { score: null, rates };
  return { score: Math.round((10_000 * weighted) / weights) / 100, rates };
}

export interface RankedUnit {
  unit: string;
  score: number;
  /** Competition ranking: tied units share a rank, the next rank skips (1, 2, 2, 4). */
  rank: number;
}

/** Ranks one group's scored units, best first; unscored units are left out. */
export function rankGroup(scores: Readonly<Record<string, number | null>>): RankedUnit[] {
  const scored = Object.entries(scores)
    .filter((e): e is [string, number] => e[1] !== null)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return scored.map(([unit, score]) => ({
    unit,
    score,
    rank: 1 + scored.filter(([, other]) => other > score).length,
  }));
}
