import { z } from 'zod';
import type { LadderMonth, ManualInterview, Ranking } from './ladder.ts';
import { monthIndex, monthOfIndex, monthSchema } from './month.ts';

/**
 * The input of `hotline assess sanctions`: a run of monthly scores per ranking group, in order, and
 * the interviews recorded by hand for qualitative grounds.
 */
export const ladderInputSchema = z.strictObject({
  months: z
    .array(
      z.strictObject({
        month: monthSchema,
        groups: z.record(
          z.string().min(1),
          z.record(z.string().min(1), z.number().finite().min(0, 'a score is a number ≥ 0')),
        ),
      }),
    )
    .min(1, 'give at least one month'),
  manualInterviews: z
    .array(
      z.strictObject({
        month: monthSchema,
        unit: z.string().min(1),
        basis: z.string().min(1, 'cite the ground, e.g. "PDS:28(二)"'),
      }),
    )
    .default([]),
});

export interface LadderInput {
  months: LadderMonth[];
  manualInterviews: ManualInterview[];
}

export interface LadderInputIssue {
  path: string;
  message: string;
}

export type LadderInputResult = { ok: true; value: LadderInput } | { ok: false; issues: LadderInputIssue[] };

/**
 * Checks the input against the schema and the policy's ranking: known groups, months consecutive
 * (escalations count consecutive bulletins, so a missing month would miscount), a unit in one group
 * per month, a manual interview on a month given and a unit ranked in it.
 */
export function parseLadderInput(input: unknown, ranking: Ranking): LadderInputResult {
  const parsed = ladderInputSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
    };
  }
  const issues: LadderInputIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const known = ranking.groups.map((g) => g.id);
  const { months, manualInterviews } = parsed.data;
  const groupOf = new Map<string, Map<string, string>>();
  months.forEach(({ month, groups }, i) => {
    if (i > 0) {
      const expected = monthOfIndex(monthIndex((months[i - 1] as LadderMonth).month) + 1);
      if (month !== expected) {
        add(
          `months.${i}.month`,
          `months must be consecutive and in order: expected ${expected}, found ${month} (escalations count consecutive bulletins)`,
        );
      }
    }
    const units = new Map<string, string>();
    for (const [group, scores] of Object.entries(groups)) {
      if (!known.includes(group)) {
        add(
          `months.${i}.groups.${group}`,
          `unknown group "${group}"; the policy's groups are ${known.join(', ')}`,
        );
      }
      for (const unit of Object.keys(scores)) {
        const other = units.get(unit);
        if (other !== undefined) {
          add(`months.${i}.groups.${group}.${unit}`, `unit "${unit}" is also in group "${other}" this month`);
        }
        units.set(unit, group);
      }
    }
    groupOf.set(month, units);
  });
  manualInterviews.forEach(({ month, unit }, i) => {
    const units = groupOf.get(month);
    if (!units) add(`manualInterviews.${i}.month`, `${month} is not among the months given`);
    else if (!units.has(unit)) add(`manualInterviews.${i}.unit`, `unit "${unit}" is not ranked in ${month}`);
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: { months, manualInterviews } };
}
