import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseOperatorSchedule,
  ScheduleValidationError,
  type YearSchedule,
} from '../domain/calendar/index.ts';

/**
 * Operator year schedules kept as files in one folder, one `YYYY.json` per year (see
 * infra/calendar/README.md for the format). Other files in the folder, such as a README, are ignored.
 * Synchronous on purpose: it is read once at start-up by the CLI, the local runtime and CDK synthesis.
 */

const YEAR_FILE = /^(\d{4})\.json$/;

/** The file that holds the schedule of `year` in `dir`. */
export function scheduleFile(dir: string, year: number): string {
  return join(dir, `${year}.json`);
}

/**
 * Every schedule stored in `dir`, by ascending year; none when the folder does not exist. Throws a
 * ScheduleValidationError naming the file when a file is not JSON, is not a valid schedule, or holds
 * a year other than the one in its name.
 */
export function loadOperatorSchedules(dir: string): YearSchedule[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => YEAR_FILE.test(name))
    .sort()
    .map((name) => {
      const file = join(dir, name);
      const schedule = parseOperatorSchedule(readJson(file), file);
      const year = Number(YEAR_FILE.exec(name)?.[1]);
      if (schedule.year !== year) {
        throw new ScheduleValidationError(
          [{ path: 'year', message: `${schedule.year} does not match the file name ${name}` }],
          file,
        );
      }
      return schedule;
    });
}

/**
 * Validates `schedule` and writes it to `dir` (created if missing) as `YYYY.json`, replacing any
 * schedule already stored for that year. The file is written next to its final name and renamed, so a
 * reader never sees half a file. Returns the stored schedule and the path of its file.
 */
export function saveOperatorSchedule(
  dir: string,
  schedule: Pick<YearSchedule, 'year' | 'holidays' | 'workdays'>,
): { schedule: YearSchedule; file: string } {
  const parsed = parseOperatorSchedule({
    year: schedule.year,
    holidays: schedule.holidays,
    workdays: schedule.workdays,
  });
  mkdirSync(dir, { recursive: true });
  const file = scheduleFile(dir, parsed.year);
  const text = `${JSON.stringify({ year: parsed.year, holidays: parsed.holidays, workdays: parsed.workdays }, null, 2)}\n`;
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, 'utf8');
  renameSync(temporary, file);
  return { schedule: parsed, file };
}

function readJson(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ScheduleValidationError(
      [{ path: '(root)', message: `not JSON: ${(error as Error).message}` }],
      file,
    );
  }
}
