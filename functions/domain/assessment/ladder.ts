import type { Policy } from '../policy/index.ts';
import { monthIndex } from './month.ts';

/**
 * The sanctions ladder (PDS:28-29 in the Pingdingshan preset), read as RULES.md §10 decides:
 * - a unit is interviewed on its ranking when fewer than `lastN` units of its group score lower AND
 *   its score is below `belowShareOfTop` of the group's top score (both conditions);
 * - a month with an interview, on any ground, counts once;
 * - in each month with an interview, the counts including that month decide the escalations:
 *   consecutive monthly bulletins, and interviews in the year (`yearWindow`).
 */

export type Ranking = Policy['ranking'];
export type RankingGroup = Ranking['groups'][number];
export type Measure = 'interview' | 'secretaryGeneralInterview' | 'publicStatement';
export const MEASURES: readonly Measure[] = ['interview', 'secretaryGeneralInterview', 'publicStatement'];

/** One group's scores in one month: unit id → score. */
export type GroupScores = Readonly<Record<string, number>>;

export interface Sanction {
  month: string;
  unit: string;
  group: string;
  measure: Measure;
  basis: string;
}

/** An interview on a qualitative ground (PDS:28(一)-(三)), recorded by a supervisor. */
export interface ManualInterview {
  month: string;
  unit: string;
  basis: string;
  /** The unit's group, when it is not ranked that month (else the group it is ranked in). */
  group?: string | undefined;
}

/** The units of one group that the ranking sends to an interview this month, lowest score first. */
export function rankingInterviews(group: RankingGroup, scores: GroupScores): string[] {
  const rule = group.interview;
  const units = Object.keys(scores);
  if (!rule || units.length === 0) return [];
  const values = units.map((unit) => scores[unit] as number);
  const top = Math.max(...values);
  // Rounded so that 0.85 × 100 is 85, not 85.00000000000001: a score equal to the share is not below it.
  const threshold = Math.round(rule.belowShareOfTop * top * 1e9) / 1e9;
  return units
    .filter((unit) => {
      const score = scores[unit] as number;
      const lower = values.filter((other) => other < score).length;
      return lower < rule.lastN && score < threshold;
    })
    .sort((a, b) => (scores[a] as number) - (scores[b] as number) || compareIds(a, b));
}

/** How many interviews count at `month` for a unit interviewed in `interviewMonths` (this month included). */
export function interviewCounts(
  interviewMonths: ReadonlySet<string> | readonly string[],
  month: string,
  yearWindow: Ranking['yearWindow'],
): { consecutive: number; inYear: number } {
  const indexes = new Set([...interviewMonths].map(monthIndex));
  const at = monthIndex(month);
  if (!indexes.has(at)) return { consecutive: 0, inYear: 0 };
  let consecutive = 0;
  while (indexes.has(at - consecutive)) consecutive += 1;
  const from = yearWindow === 'calendarYear' ? at - (at % 12) : at - 11;
  let inYear = 0;
  for (const index of indexes) if (index >= from && index <= at) inYear += 1;
  return { consecutive, inYear };
}

/** The escalations a month with an interview brings, given the counts including that month. */
export function escalations(
  ranking: Ranking,
  counts: { consecutive: number; inYear: number },
): { measure: Exclude<Measure, 'interview'>; basis: string }[] {
  const steps = [
    ['secretaryGeneralInterview', ranking.secretaryGeneralInterview],
    ['publicStatement', ranking.publicStatement],
  ] as const;
  return steps.flatMap(([measure, step]) =>
    step && (counts.consecutive >= step.consecutive || counts.inYear >= step.inYear)
      ? [{ measure, basis: step.basis ?? ranking.basis }]
      : [],
  );
}

/** What the ladder needs for one month: the groups' scores and the interviews recorded by hand. */
export interface LadderMonth {
  month: string;
  groups: Readonly<Record<string, GroupScores>>;
}

/**
 * The sanctions of one monthly bulletin: the ranking's interviews and those recorded by hand this
 * month, then the escalations each interviewed unit reaches, counting `priorInterviews` (the months
 * before this one in which it was interviewed, on any ground). Rows are ordered by the policy's
 * group order, then unit, then measure.
 */
export function sanctionsForMonth(
  ranking: Ranking,
  month: LadderMonth,
  manualInterviews: readonly ManualInterview[],
  priorInterviews: (unit: string) => Iterable<string>,
): Sanction[] {
  const rows: Sanction[] = [];
  for (const group of ranking.groups) {
    const scores = month.groups[group.id] ?? {};
    const grounds = new Map<string, string[]>();
    for (const unit of rankingInterviews(group, scores)) {
      grounds.set(unit, [group.interview?.basis ?? ranking.basis]);
    }
    for (const manual of manualInterviews) {
      const inGroup =
        manual.group === undefined ? Object.hasOwn(scores, manual.unit) : manual.group === group.id;
      if (manual.month === month.month && inGroup) {
        grounds.set(manual.unit, [...(grounds.get(manual.unit) ?? []), manual.basis]);
      }
    }
    for (const [unit, bases] of grounds) {
      const history = new Set([...priorInterviews(unit), month.month]);
      // One month counts once, whatever its grounds; the row cites every ground.
      const where = { month: month.month, unit, group: group.id };
      rows.push({ ...where, measure: 'interview', basis: [...new Set(bases)].join('; ') });
      const counts = interviewCounts(history, month.month, ranking.yearWindow);
      for (const step of escalations(ranking, counts)) rows.push({ ...where, ...step });
    }
  }
  const groupOrder = new Map(ranking.groups.map((g, i) => [g.id, i]));
  return rows.sort(
    (a, b) =>
      (groupOrder.get(a.group) as number) - (groupOrder.get(b.group) as number) ||
      compareIds(a.unit, b.unit) ||
      MEASURES.indexOf(a.measure) - MEASURES.indexOf(b.measure),
  );
}

/**
 * Runs the ladder over consecutive monthly bulletins, in order, and returns every sanction: one row
 * per measure for each unit and month, ordered by month, the policy's group order, unit. Input must
 * already be checked (see `parseLadderInput`): months consecutive, groups known, a unit in one group.
 */
export function runLadder(
  ranking: Ranking,
  months: readonly LadderMonth[],
  manualInterviews: readonly ManualInterview[] = [],
): Sanction[] {
  const interviewed = new Map<string, string[]>();
  const sanctions: Sanction[] = [];
  for (const month of months) {
    const rows = sanctionsForMonth(ranking, month, manualInterviews, (unit) => interviewed.get(unit) ?? []);
    for (const row of rows) {
      if (row.measure !== 'interview') continue;
      interviewed.set(row.unit, [...(interviewed.get(row.unit) ?? []), row.month]);
    }
    sanctions.push(...rows);
  }
  return sanctions;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
