import { shanghaiDateOf } from '../../domain/calendar/index.ts';
import { RuleViolationError } from '../../domain/ticket/index.ts';
import type { AppContext } from '../context.ts';
import { changeEntry } from './change-entry.ts';
import type { KnowledgeContext } from './context.ts';

const SYSTEM = { id: 'knowledge-review-timer', role: 'system' };

/**
 * The review timer (AH:29 实时更新): every published entry past its review-by date is flagged
 * stale, which puts it on its unit's list of stale entries and counts against the unit's upkeep.
 * Run by a schedule; an entry reviewed or changed meanwhile is skipped (its rule refuses).
 */
export async function sweepKnowledgeReviews(
  rt: AppContext,
  kb: KnowledgeContext,
): Promise<{ markedStale: number }> {
  const today = shanghaiDateOf(rt.now());
  let markedStale = 0;
  for (const { id } of await kb.entries.reviewDueBefore(today)) {
    try {
      await changeEntry(rt, kb, { entryId: id, command: { action: 'markStale' }, actor: SYSTEM });
      markedStale += 1;
    } catch (error) {
      if (!(error instanceof RuleViolationError)) throw error;
    }
  }
  return { markedStale };
}
