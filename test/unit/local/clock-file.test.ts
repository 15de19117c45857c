import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** A fresh process of the local runtime: its clock starts at the wall clock, as `npm start`'s does. */
async function restart() {
  vi.resetModules();
  const { clock } = await import('../../../functions/adapters/clock.ts');
  const { keepClockIn } = await import('../../../infra/local/clock-file.ts');
  return { clock, keepClockIn };
}

const DAY_MS = 86_400_000;
let file: string;

beforeEach(() => {
  file = join(mkdtempSync(join(tmpdir(), 'hotline-clock-')), 'clock.json');
});

describe('Function: keepClockIn', () => {
  it('a restart resumes the virtual clock of the data folder instead of going back to the wall clock', async () => {
    // Prepare: the first run moves the clock 30 days forward
    const first = await restart();
    first.keepClockIn(file);
    first.clock.advance(30 * DAY_MS);
    const before = first.clock.now().getTime();

    // Act
    const second = await restart();
    const { restored } = second.keepClockIn(file);

    // Assess
    expect(restored).toBe(true);
    expect(second.clock.now().getTime()).toBeGreaterThanOrEqual(before);
    expect(second.clock.now().getTime()).toBeGreaterThan(Date.now() + 29 * DAY_MS);
  });

  it('HOTLINE_CLOCK_START moves a kept clock forward, never back', async () => {
    // Prepare
    const first = await restart();
    first.keepClockIn(file, new Date('2027-01-03T10:00:00+08:00'));

    // Act
    const back = await restart();
    const ignored = back.keepClockIn(file, new Date('2026-12-02T10:00:00+08:00'));
    const backNow = back.clock.now().getTime();
    const forward = await restart();
    forward.keepClockIn(file, new Date('2027-02-01T10:00:00+08:00'));

    // Assess
    expect(ignored).toEqual({ restored: true, ignoredStart: true });
    expect(backNow).toBeGreaterThanOrEqual(Date.parse('2027-01-03T10:00:00+08:00'));
    expect(forward.clock.now().getTime()).toBeGreaterThanOrEqual(Date.parse('2027-02-01T10:00:00+08:00'));
  });
});
