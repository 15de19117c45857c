import { endOfLocalDay } from '../calendar/index.ts';
import { nextMonth } from './month.ts';

/**
 * TN:6(八): each unit sends the centre its own monthly analysis (汇总分析材料) by day `dueDay` of the
 * next month. A submission is on time when it came by the end of that day, Asia/Shanghai.
 */
export function analysisDueAt(month: string, dueDay: number): Date {
  return endOfLocalDay(`${nextMonth(month)}-${String(dueDay).padStart(2, '0')}`);
}

export interface AnalysisSubmission {
  unit: string;
  month: string;
  /** When the unit first sent it. */
  at: string;
}

/** The units (of `required`) with no analysis of `month` sent by its due instant, in order. */
export function missingAnalyses(
  required: readonly string[],
  submissions: readonly AnalysisSubmission[],
  month: string,
  dueDay: number,
): string[] {
  const due = analysisDueAt(month, dueDay).getTime();
  const onTime = new Set(
    submissions.filter((s) => s.month === month && Date.parse(s.at) <= due).map((s) => s.unit),
  );
  return required.filter((unit) => !onTime.has(unit)).sort();
}
