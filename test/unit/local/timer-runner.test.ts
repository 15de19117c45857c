import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clock } from '../../../functions/adapters/clock.ts';
import { LocalTimerRunner } from '../../../infra/local/timer-runner.ts';

/**
 * The local timer executions on the virtual clock, under fake timers: minutes of real time pass in
 * an instant, as they do when a demonstration leaves a ticket waiting.
 */
const DAY_MS = 86_400_000;

beforeEach(() => {
  // Only the timers: the virtual clock reads the real time, and moves by `clock.advance`.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Class: LocalTimerRunner', () => {
  it('a timer execution waits on the virtual clock as long as it takes: no States.Timeout after 60 s of real time', async () => {
    // Prepare: a timer ten virtual days ahead
    const fired: unknown[] = [];
    const runner = new LocalTimerRunner(async (task) => {
      fired.push(task);
      return { done: true };
    });
    const at = new Date(clock.now().getTime() + 10 * DAY_MS).toISOString();
    const timer = { id: 'handling-v2:overdue', at };
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});

    // Act: five minutes of real time pass (the emulator fails a task after 60 s), then ten days
    await runner.start('t_v2', {
      ticketId: 't',
      clockIds: ['handling-v2'],
      purpose: 'clock',
      next: { done: false, at, timer },
    });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    const whileWaiting = { fired: fired.length, failures: runner.failures, active: runner.active };
    clock.advance(10 * DAY_MS);
    await vi.advanceTimersByTimeAsync(1_000);

    // Assess
    expect(whileWaiting).toEqual({ fired: 0, failures: 0, active: 1 });
    expect(fired).toEqual([{ ticketId: 't', clockIds: ['handling-v2'], purpose: 'clock', timer }]);
    expect(runner.failures).toBe(0);
    expect(runner.active).toBe(0);
    expect(errors).not.toHaveBeenCalled();
  }, 60_000);
});
