import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { main } from '../../../infra/cli/main.ts';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON. */
  json: () => Record<string, unknown>;
}

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-'));
  made.push(dir);
  return dir;
}

/** Writes `value` as JSON into a fresh temporary folder and returns the file's path. */
export function jsonFile(name: string, value: unknown): string {
  const file = join(tempDir(), name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

/**
 * Runs the CLI in-process. Each call gets its own empty calendar folder unless `calendarDir` is given,
 * so no test depends on the schedules committed in infra/calendar/; `env` adds variables.
 */
export async function run(
  argv: string[],
  calendarDir: string = tempDir(),
  env: Record<string, string> = {},
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { HOTLINE_CALENDAR_DIR: calendarDir, ...env },
    stderrIsTTY: false,
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

/** An operator schedule for 2027 that makes Tuesday 2 March a holiday. */
export const SCHEDULE_2027 = { year: 2027, holidays: ['2027-03-02', '2027-01-01'], workdays: [] };
