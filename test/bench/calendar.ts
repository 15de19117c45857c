import { createCalendar } from '../../functions/domain/calendar/index.ts';

/**
 * The working-day calendar on long limits: 200 limits of 500 working days from 2026-01-01, which
 * reach the provisional years (no official schedule), on a fresh calendar and then on a warm one.
 * Prints the milliseconds of each run (the unit tests check the answers, never the time).
 */
const LIMITS = 200;
const WORKING_DAYS = 500;

function run(calendar: ReturnType<typeof createCalendar>): number {
  const started = performance.now();
  for (let i = 0; i < LIMITS; i++) calendar.addWorkingDays('2026-01-01', WORKING_DAYS);
  return performance.now() - started;
}

const calendar = createCalendar();
const cold = run(calendar);
const warm = run(calendar);
console.log(`limits=${LIMITS} working_days=${WORKING_DAYS}`);
console.log(`cold_ms=${cold.toFixed(1)}`);
console.log(`warm_ms=${warm.toFixed(1)}`);
