import { parseInstant, shanghaiDateOf, shiftLocalDate } from '../calendar/index.ts';
import type { KnowledgeCommand } from './commands.ts';
import { type Entry, publishedVersion } from './entry.ts';
import type { KnowledgeSettings } from './settings.ts';

/**
 * The knowledge base's own timers (AH:29 实时更新, AH:30 查漏纠错): the owning unit is reminded
 * `reviewReminderDays` before an entry's review-by date, the entry goes stale the day after it, and
 * a correction report not answered by its due time is marked overdue. The review sweep runs the
 * commands below for every entry whose next timer day has come; each is refused (and skipped) once
 * it has happened, so a sweep run twice does nothing twice.
 */

/** The day (YYYY-MM-DD, Shanghai) of the entry's next timer, or undefined when none is pending. */
export function nextTimerDay(entry: Entry, settings: KnowledgeSettings): string | undefined {
  return timers(entry, settings)
    .map((t) => t.day)
    .sort()[0];
}

/** The timer commands due at `now`, in the order they are run. */
export function dueTimerCommands(entry: Entry, now: Date, settings: KnowledgeSettings): KnowledgeCommand[] {
  return timers(entry, settings)
    .filter((t) => t.dueAt(now))
    .map((t) => t.command);
}

interface Timer {
  day: string;
  dueAt: (now: Date) => boolean;
  command: KnowledgeCommand;
}

function timers(entry: Entry, settings: KnowledgeSettings): Timer[] {
  if (entry.retired) return [];
  const out: Timer[] = [];
  const current = publishedVersion(entry);
  if (current && !entry.stale) {
    const { reviewBy } = current.content;
    const remindOn = shiftLocalDate(reviewBy, -settings.reviewReminderDays);
    if (!isReminded(entry, current.version, reviewBy)) {
      out.push({
        day: remindOn,
        dueAt: (now) => shanghaiDateOf(now) >= remindOn,
        command: { action: 'remindReview' },
      });
    }
    const staleOn = shiftLocalDate(reviewBy, 1);
    out.push({
      day: staleOn,
      dueAt: (now) => shanghaiDateOf(now) >= staleOn,
      command: { action: 'markStale' },
    });
  }
  for (const c of entry.corrections) {
    if (c.state !== 'open' || c.overdue) continue;
    out.push({
      day: shanghaiDateOf(parseInstant(c.dueAt)),
      dueAt: (now) => now > parseInstant(c.dueAt),
      command: { action: 'markCorrectionOverdue', correctionId: c.id },
    });
  }
  return out;
}

export function isReminded(entry: Entry, version: number, reviewBy: string): boolean {
  return entry.reviewReminded?.version === version && entry.reviewReminded.reviewBy === reviewBy;
}
