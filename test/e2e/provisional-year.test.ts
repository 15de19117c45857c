import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../infra/cli/main.ts';
import { type LocalRuntime, removeRuntimeData, startLocalRuntime } from '../support/local-runtime.ts';
import { staffApi } from './staff-api.ts';

/**
 * A year with no official schedule (the architecture's "provisional" year), over HTTP: a ticket
 * dispatched in December gets a deadline in a provisional 2027; the operator loads 2027's schedule
 * with `hotline calendar load`; the runtime, started again on the same data as a deployment is
 * deployed again with the new calendar, recounts every open provisional ticket found by index.
 */
const dir = mkdtempSync(join(tmpdir(), 'hotline-provisional-'));
const calendarDir = join(dir, 'calendar');
const dataDir = join(dir, 'data');
const runtimes: LocalRuntime[] = [];
afterAll(async () => {
  for (const rt of runtimes) {
    await rt.stop();
    removeRuntimeData(rt);
  }
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<LocalRuntime> {
  const rt = await startLocalRuntime({
    POLICY_ID: 'anhui-2021',
    HOTLINE_DATA_DIR: dataDir,
    HOTLINE_CALENDAR_DIR: calendarDir,
    HOTLINE_CLOCK_START: '2026-12-28T09:00:00+08:00',
  });
  runtimes.push(rt);
  return rt;
}

interface Clock {
  id: string;
  deadline: string;
  provisional: boolean;
}

describe('anhui-2021: a 2027 deadline counted before 2027 has a schedule', () => {
  it('moves, and is no longer provisional, when the schedule of 2027 is loaded', async () => {
    // Prepare: a complaint dispatched on Monday 28 December 2026: its 10 working days reach into 2027
    const first = await start();
    const api = staffApi(first.apiUrl, first.staffTokens);
    const id = await api.register();
    await api.command(id, 'dispatch', 'dispatcher', { leadUnit: 'ss-urban', level: 'county' });
    const before = (await api.ticket(id)).clocks as Record<string, Clock>;
    expect(before.handling).toMatchObject({ provisional: true });
    expect(before.handling?.deadline.startsWith('2027-01-12')).toBe(true);
    await first.stop();

    // Act: the operator loads a 2027 schedule (here one with Saturday 9 January worked), and the
    // runtime starts again with it
    const file = join(dir, '2027.json');
    writeFileSync(
      file,
      JSON.stringify({
        year: 2027,
        holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
        workdays: ['2027-01-09'],
      }),
    );
    let output = '';
    const code = await main(['calendar', 'load', file], {
      stdout: (t) => {
        output += t;
      },
      stderr: (t) => {
        output += t;
      },
      env: { HOTLINE_CALENDAR_DIR: calendarDir },
      cwd: dir,
      stderrIsTTY: false,
    });
    expect(code, output).toBe(0);
    const second = await start();
    const again = staffApi(second.apiUrl, second.staffTokens);

    // Assess: one DeadlinesRecomputed event with the old and new deadline and the schedule that set it
    const [recomputed] = await again.waitFor(id, 'DeadlinesRecomputed');
    expect(recomputed).toMatchObject({
      year: 2027,
      schedule: 'operator schedule of 2027',
      changes: [{ kind: 'handling', oldDeadline: before.handling?.deadline, provisional: false }],
    });
    const after = (await again.ticket(id)).clocks as Record<string, Clock>;
    expect(after.handling).toMatchObject({ provisional: false });
    expect(after.handling?.deadline.startsWith('2027-01-11')).toBe(true);
    expect(after.handling?.id).not.toBe(before.handling?.id);
  }, 400_000);
});
