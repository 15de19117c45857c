import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { clock } from '../../functions/adapters/clock.ts';

/**
 * The local runtime's virtual clock, kept in the data folder: the tickets there were written on it,
 * so a restart resumes it where it was (plus the real time that passed) instead of going back to the
 * wall clock, which would date a dispatch before the receipt it follows. `HOTLINE_CLOCK_START` moves
 * it forward; an instant earlier than the kept clock is ignored (the data would be in the clock's
 * future), and `ignoredStart` says so.
 */
export function keepClockIn(file: string, start?: Date): { restored: boolean; ignoredStart: boolean } {
  let restored = false;
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { offsetMs?: unknown };
    if (typeof kept.offsetMs !== 'number' || !Number.isFinite(kept.offsetMs)) {
      throw new Error(`${file} does not hold a clock offset; delete it to start the clock afresh`);
    }
    clock.pin(new Date(Date.now() + kept.offsetMs));
    restored = true;
  }
  const ignoredStart = start !== undefined && restored && start.getTime() < clock.now().getTime();
  if (start && !ignoredStart) clock.pin(start);
  const save = (offsetMs: number) => writeFileSync(file, JSON.stringify({ offsetMs }));
  mkdirSync(dirname(file), { recursive: true });
  save(clock.offsetMs());
  clock.onMove(save);
  return { restored, ignoredStart };
}
