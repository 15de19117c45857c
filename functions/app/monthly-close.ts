import type { AssessmentRepository, StoredSanction } from '../adapters/assessment-repository.ts';
import {
  addCounts,
  analysisDueAt,
  type Bulletin,
  bulletinOf,
  groupOf,
  type IndicatorCounts,
  ladderMonthOf,
  type Measure,
  missingAnalyses,
  monthIndex,
  monthOfIndex,
  monthSchema,
  previousMonth,
  type Sanction,
  sanctionsForMonth,
  scoreMonth,
} from '../domain/assessment/index.ts';
import { toShanghaiIso } from '../domain/calendar/index.ts';
import type { Policy } from '../domain/policy/index.ts';
import { z } from '../domain/zod.ts';
import { closeMetricsOf, publishMetrics } from './assessment-metrics.ts';
import type { DirectoryStore } from './context.ts';

export interface CloseDeps {
  assessment: AssessmentRepository;
  directory: DirectoryStore;
  policy: Policy;
  now: () => Date;
  /** Where the published bulletin also goes (report storage); none in some tests. */
  publish?: (bulletin: Bulletin) => Promise<void>;
}

/** The monthly close has no scores to rank for that month (the freeze step did not run). */
export class NothingFrozenError extends Error {
  constructor(month: string) {
    super(`the scores of ${month} are not frozen yet`);
    this.name = 'NothingFrozenError';
  }
}

/** The month a close started at `time` closes: the month before, in Asia/Shanghai. */
export function monthToClose(time: string): string {
  return previousMonth(toShanghaiIso(new Date(time)).slice(0, 7));
}

/**
 * Step 1 of the close: freezes the month's scores from the unit aggregates (one Query of the month,
 * no pass over tickets) and the directory's ranking groups. A second run keeps the first freeze.
 */
export async function freezeScores(deps: CloseDeps, month: string) {
  const [counts, units] = await Promise.all([deps.assessment.unitMonth(month), deps.directory.all('unit')]);
  const missing = await notedMissingAnalyses(deps, month, units, counts);
  const frozen = await deps.assessment.freeze({
    ...scoreMonth(month, deps.policy, units, counts),
    ...(missing ? { missingAnalyses: missing } : {}),
  });
  return {
    month,
    groups: frozen.groups.length,
    units: frozen.groups.reduce((n, g) => n + g.units.length, 0),
  };
}

/**
 * TN:6(八): the close of a month notes the ranked units whose analysis of the month before was not
 * sent by its due day (the 5th of this month in Tianning), and counts `analysisMissed` for each in
 * this month's counts (which `counts` is changed to hold).
 */
async function notedMissingAnalyses(
  deps: CloseDeps,
  month: string,
  units: readonly { id: string; rankingGroup?: string | undefined; name: string }[],
  counts: Map<string, IndicatorCounts>,
) {
  const duty = deps.policy.reports.unitAnalysis;
  if (!duty) return undefined;
  const analysed = previousMonth(month);
  const required = units.filter((u) => groupOf(u, deps.policy) !== undefined).map((u) => u.id);
  const missing = missingAnalyses(required, await deps.assessment.analyses(analysed), analysed, duty.dueDay);
  for (const unit of missing) counts.set(unit, addCounts(counts.get(unit) ?? {}, { analysisMissed: 1 }));
  return { month: analysed, due: toShanghaiIso(analysisDueAt(analysed, duty.dueDay)), units: missing };
}

/** Months of interviews (on any ground) per unit in the twelve months before `month`. */
async function priorInterviews(deps: CloseDeps, month: string): Promise<Map<string, string[]>> {
  const months = Array.from({ length: 12 }, (_, i) => monthOfIndex(monthIndex(month) - 12 + i));
  const rows = (await Promise.all(months.map((m) => deps.assessment.sanctions(m)))).flat();
  const byUnit = new Map<string, string[]>();
  for (const row of rows) {
    if (row.measure === 'interview') byUnit.set(row.unit, [...(byUnit.get(row.unit) ?? []), row.month]);
  }
  return byUnit;
}

/**
 * Step 2: applies the policy's sanctions ladder to the frozen ranking, with the interviews that
 * supervisors recorded by hand this month and the interviews of the twelve months before, and
 * records each sanction with its basis.
 */
export async function applySanctions(deps: CloseDeps, month: string) {
  const frozen = await deps.assessment.frozen(month);
  if (!frozen) throw new NothingFrozenError(month);
  const recorded = await deps.assessment.sanctions(month);
  const manual = recorded
    .filter((r) => r.source === 'manual' && r.measure === 'interview')
    .map(({ month: m, unit, basis, group }) => ({ month: m, unit, basis, group: group || undefined }));
  const prior = await priorInterviews(deps, month);
  const rows = sanctionsForMonth(
    deps.policy.ranking,
    ladderMonthOf(frozen),
    manual,
    (u) => prior.get(u) ?? [],
  );
  const at = toShanghaiIso(deps.now());
  await deps.assessment.recordSanctions(rows.map((r) => ({ ...r, source: 'close', at, by: 'monthlyClose' })));
  return { month, sanctions: rows.length };
}

/**
 * Step 3: publishes the monthly bulletin: the frozen ranking, the close's sanctions and those a
 * supervisor recorded on grounds the ladder does not see (a public statement for PDS:29(一)).
 */
export async function publishBulletin(deps: CloseDeps, month: string) {
  const frozen = await deps.assessment.frozen(month);
  if (!frozen) throw new NothingFrozenError(month);
  const recorded = await deps.assessment.sanctions(month);
  const fromClose = recorded.filter((r) => r.source === 'close');
  const byHand = recorded.filter((r) => r.source === 'manual' && r.measure !== 'interview');
  const bulletin = bulletinOf(frozen, [...fromClose, ...byHand].map(toSanction));
  await deps.assessment.saveBulletin(bulletin);
  await deps.publish?.(bulletin);
  publishMetrics(closeMetricsOf(bulletin));
  return { month, sanctions: bulletin.sanctions.length };
}

function toSanction({ month, unit, group, measure, basis }: StoredSanction): Sanction {
  return { month, unit, group, measure, basis };
}

/** A supervisor's sanction on a qualitative ground (PDS:28(一)-(三) interview, PDS:29(一) statement). */
export interface ManualSanction {
  month: string;
  unit: string;
  measure: Exclude<Measure, 'secretaryGeneralInterview'>;
  basis: string;
}

export class UnknownUnitError extends Error {
  constructor(unit: string) {
    super(`no unit ${unit} in the directory`);
    this.name = 'UnknownUnitError';
  }
}

/**
 * Records a sanction by hand, with its basis; an interview counts toward the ladder like one from
 * the ranking, from the next close of its month on.
 */
export async function recordManualSanction(deps: CloseDeps, sanction: ManualSanction, by: string) {
  const unit = await deps.directory.get('unit', sanction.unit);
  if (!unit) throw new UnknownUnitError(sanction.unit);
  const row: StoredSanction = {
    ...sanction,
    group: groupOf(unit, deps.policy) ?? '',
    source: 'manual',
    at: toShanghaiIso(deps.now()),
    by,
  };
  await deps.assessment.recordSanctions([row]);
  return row;
}

/** What the monthly-close state machine's task states pass (workflows/monthly-close.asl.json). */
export const closeStepSchema = z.discriminatedUnion('step', [
  z.object({
    step: z.literal('resolve'),
    /** The execution's input: the schedule's `{ time }`, or `{ month }` for a close started by hand. */
    input: z.union([z.object({ month: monthSchema }), z.object({ time: z.iso.datetime({ offset: true }) })]),
  }),
  z.object({ step: z.enum(['freeze', 'sanction', 'publish']), month: monthSchema }),
]);
export type CloseStep = z.infer<typeof closeStepSchema>;

/** Runs one step of the monthly close. */
export async function runCloseStep(deps: CloseDeps, input: unknown): Promise<unknown> {
  const step = closeStepSchema.parse(input);
  switch (step.step) {
    case 'resolve':
      return { month: 'month' in step.input ? step.input.month : monthToClose(step.input.time) };
    case 'freeze':
      return freezeScores(deps, step.month);
    case 'sanction':
      return applySanctions(deps, step.month);
    case 'publish':
      return publishBulletin(deps, step.month);
  }
}
