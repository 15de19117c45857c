import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadOperatorSchedules,
  saveOperatorSchedule,
  scheduleFile,
} from '../../../functions/adapters/calendar-store.ts';
import { ScheduleValidationError } from '../../../functions/domain/calendar/index.ts';
import { CommandContext } from '../../../infra/cli/io.ts';
import { SCHEDULE_2027, tempDir } from './run.ts';

describe('calendar store', () => {
  it('finds no schedules in a folder that does not exist', () => {
    expect(loadOperatorSchedules(join(tempDir(), 'missing'))).toEqual([]);
  });

  it('saves a schedule as YYYY.json, sorted, and loads it back; other files are ignored', () => {
    const dir = join(tempDir(), 'nested', 'calendar');
    const saved = saveOperatorSchedule(dir, SCHEDULE_2027);
    expect(saved.file).toBe(scheduleFile(dir, 2027));
    saveOperatorSchedule(dir, { year: 2028, holidays: [], workdays: ['2028-01-29'] });
    writeFileSync(join(dir, 'README.md'), '# notes');
    mkdirSync(join(dir, 'old'));
    expect(readdirSync(dir).sort()).toEqual(['2027.json', '2028.json', 'README.md', 'old']);
    expect(loadOperatorSchedules(dir)).toEqual([
      { year: 2027, source: 'operator', holidays: ['2027-01-01', '2027-03-02'], workdays: [] },
      { year: 2028, source: 'operator', holidays: [], workdays: ['2028-01-29'] },
    ]);
  });

  it('refuses to save an invalid schedule', () => {
    const dir = tempDir();
    expect(() => saveOperatorSchedule(dir, { year: 2027, holidays: ['2027-02-30'], workdays: [] })).toThrow(
      ScheduleValidationError,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names the file when a stored schedule is not JSON, invalid, or of another year', () => {
    for (const [text, problem] of [
      ['{', /not JSON/],
      ['{"year": 2027, "holidays": ["2027-13-01"], "workdays": []}', /not a real date/],
      ['{"year": 2028, "holidays": [], "workdays": []}', /2028 does not match the file name 2027\.json/],
    ] as const) {
      const dir = tempDir();
      writeFileSync(join(dir, '2027.json'), text);
      expect(() => loadOperatorSchedules(dir)).toThrow(problem);
      expect(() => loadOperatorSchedules(dir)).toThrow(join(dir, '2027.json'));
    }
  });

  it('the CLI keeps schedules in infra/calendar/ unless HOTLINE_CALENDAR_DIR says otherwise', () => {
    const io = { stdout: () => {}, stderr: () => {} };
    const byDefault = new CommandContext({ ...io, env: {} }).calendarDir;
    expect(byDefault.replaceAll('\\', '/')).toMatch(/\/infra\/calendar\/?$/);
    expect(
      new CommandContext({ ...io, env: { HOTLINE_CALENDAR_DIR: 'cal' }, cwd: '/srv/hotline' }).calendarDir,
    ).toBe(join('/srv/hotline', 'cal'));
  });
});
