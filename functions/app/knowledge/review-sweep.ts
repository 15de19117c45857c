import { shanghaiDateOf } from '../../domain/calendar/index.ts';
import { dueTimerCommands, type KnowledgeCommand } from '../../domain/knowledge/index.ts';
import { RuleViolationError } from '../../domain/ticket/index.ts';
import { changeEntry } from './change-entry.ts';
import type { KnowledgeAppContext, KnowledgeContext } from './context.ts';

const SYSTEM = { id: 'knowledge-review-timer', role: 'system' };

export interface SweepResult {
  /** Units reminded that a review-by date is near (AH:29 实时更新). */
  reminded: number;
  /** Published entries past their review-by date, flagged stale. */
  markedStale: number;
  /** Correction reports not answered by their due time (AH:30 查漏纠错). */
  correctionsOverdue: number;
}

const COUNTED: Partial<Record<KnowledgeCommand['action'], keyof SweepResult>> = {
  remindReview: 'reminded',
  markStale: 'markedStale',
  markCorrectionOverdue: 'correctionsOverdue',
};

/**
 * The knowledge base's daily timer: for every entry whose next timer day has come (the due index,
 * never a scan), runs the timer commands now due: the review reminder, the stale flag, overdue
 * corrections. Each lands on the owning unit's list and its upkeep counts. A command that no longer
 * applies (the entry was reviewed or changed meanwhile, or a second sweep got there first) is
 * refused by its rule and skipped.
 */
export async function sweepKnowledgeReviews(
  rt: KnowledgeAppContext,
  kb: KnowledgeContext,
): Promise<SweepResult> {
  const now = rt.now();
  const result: SweepResult = { reminded: 0, markedStale: 0, correctionsOverdue: 0 };
  for (const { id } of await kb.entries.timersDueBy(shanghaiDateOf(now))) {
    const entry = await kb.entries.load(id);
    if (!entry) continue;
    for (const command of dueTimerCommands(entry, now, kb.settings)) {
      try {
        await changeEntry(rt, kb, { entryId: id, command, actor: SYSTEM });
        const counted = COUNTED[command.action];
        if (counted) result[counted] += 1;
      } catch (error) {
        if (!(error instanceof RuleViolationError)) throw error;
      }
    }
  }
  return result;
}
