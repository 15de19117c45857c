import type { Policy } from '../policy/index.ts';
import { addCounts, type IndicatorCounts } from './indicators.ts';
import type { LadderMonth, Sanction } from './ladder.ts';
import { type Rates, rankGroup, ratesOf, scoreOf } from './score.ts';

/** A unit as the directory knows it: its ranking group is a directory attribute. */
export interface DirectoryUnit {
  id: string;
  name: string;
  rankingGroup?: string | undefined;
}

export interface UnitResult {
  unit: string;
  name: string;
  /** Null: below the policy's minimum or nothing to measure; listed, not ranked. */
  score: number | null;
  rank: number | null;
  rates: Rates;
  counts: IndicatorCounts;
}

export interface GroupResult {
  id: string;
  name: string;
  /** Ranked units first (best first), then the unscored ones by id. */
  units: UnitResult[];
}

/** A month's scores, frozen by the monthly close: later events no longer change them. */
export interface FrozenScores {
  month: string;
  policy: { id: string; version: number };
  groups: GroupResult[];
  /** Units with counts but no group of the policy (no or unknown `rankingGroup`): not ranked. */
  ungrouped: UnitResult[];
  /**
   * TN:6(八): the units whose analysis of the month before was not sent by its due day; each has
   * `analysisMissed` counted in this month. Absent where the policy has no such duty.
   */
  missingAnalyses?: { month: string; due: string; units: string[] } | undefined;
}

/**
 * The group a unit is ranked in: its directory `rankingGroup` when the policy has that group, else
 * the policy's only group when it has one (Anhui, Changzhou, Jinzhou, Tianning rank every unit together).
 */
export function groupOf(unit: DirectoryUnit | undefined, policy: Policy): string | undefined {
  const groups = policy.ranking.groups;
  if (unit?.rankingGroup && groups.some((g) => g.id === unit.rankingGroup)) return unit.rankingGroup;
  return groups.length === 1 ? groups[0]?.id : undefined;
}

/**
 * Scores and ranks every unit of the directory for a month from its counts (a unit with no counts
 * is listed with none), group by group.
 */
export function scoreMonth(
  month: string,
  policy: Policy,
  units: readonly DirectoryUnit[],
  counts: ReadonlyMap<string, IndicatorCounts>,
): FrozenScores {
  const byId = new Map(units.map((u) => [u.id, u]));
  const members = new Map<string, string[]>(policy.ranking.groups.map((g) => [g.id, []]));
  const ungrouped: string[] = [];
  for (const id of new Set([...byId.keys(), ...counts.keys()])) {
    const group = groupOf(byId.get(id), policy);
    if (group === undefined) {
      if (counts.has(id)) ungrouped.push(id);
    } else members.get(group)?.push(id);
  }
  const resultOf = (unit: string): UnitResult => {
    const c = counts.get(unit) ?? {};
    const { score, rates } = scoreOf(c, policy.assessment);
    return { unit, name: byId.get(unit)?.name ?? unit, score, rank: null, rates, counts: c };
  };
  const groups = policy.ranking.groups.map((g): GroupResult => {
    const results = (members.get(g.id) ?? []).map(resultOf);
    const ranked = rankGroup(Object.fromEntries(results.map((r) => [r.unit, r.score])));
    const rankOf = new Map(ranked.map((r) => [r.unit, r.rank]));
    const ordered = [
      ...ranked.map((r) => results.find((x) => x.unit === r.unit) as UnitResult),
      ...results.filter((r) => r.score === null).sort((a, b) => (a.unit < b.unit ? -1 : 1)),
    ];
    return {
      id: g.id,
      name: g.name,
      units: ordered.map((r) => ({ ...r, rank: rankOf.get(r.unit) ?? null })),
    };
  });
  return {
    month,
    policy: { id: policy.id, version: policy.version },
    groups,
    ungrouped: ungrouped.sort().map(resultOf),
  };
}

/** The ladder's view of frozen scores: each group's scored units. */
export function ladderMonthOf(frozen: FrozenScores): LadderMonth {
  return {
    month: frozen.month,
    groups: Object.fromEntries(
      frozen.groups.map((g) => [
        g.id,
        Object.fromEntries(g.units.filter((u) => u.score !== null).map((u) => [u.unit, u.score as number])),
      ]),
    ),
  };
}

/** The monthly bulletin (月通报, PDS:26): frozen scores, ranking, sanctions, totals. */
export interface Bulletin extends FrozenScores {
  sanctions: Sanction[];
  totals: { counts: IndicatorCounts; rates: Rates };
}

export function bulletinOf(frozen: FrozenScores, sanctions: readonly Sanction[]): Bulletin {
  const all: IndicatorCounts = {};
  for (const u of [...frozen.groups.flatMap((g) => g.units), ...frozen.ungrouped]) addCounts(all, u.counts);
  return { ...frozen, sanctions: [...sanctions], totals: { counts: all, rates: ratesOf(all) } };
}
