/**
 * The time as the system sees it. In AWS it is the real time. The local runtime can move it forward
 * (a virtual clock) so that a demonstration shows deadlines pass in minutes; whatever sleeps until a
 * moment (a local state machine's Wait) wakes when the clock is moved past it.
 */
let offsetMs = 0;
const sleepers = new Set<() => void>();
const movers = new Set<(offsetMs: number) => void>();
const moved = () => {
  for (const listener of movers) listener(offsetMs);
  for (const wake of [...sleepers]) wake();
};

export const clock = {
  now: (): Date => new Date(Date.now() + offsetMs),
  /** Moves the clock forward; only the local runtime and tests call this. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    offsetMs += ms;
    moved();
  },
  offsetMs: (): number => offsetMs,
  /**
   * Sets the clock to an instant, forward or back: for the local runtime's start
   * (HOTLINE_CLOCK_START) and for tests that need a known date. Never used in AWS.
   */
  pin(at: Date): void {
    offsetMs = at.getTime() - Date.now();
    moved();
  },
  /** Tells `listener` the new offset whenever the clock is moved (the local runtime keeps it on disk). */
  onMove(listener: (offsetMs: number) => void): () => void {
    movers.add(listener);
    return () => movers.delete(listener);
  },
  /** Resolves when the clock reaches `at` (at once if it has), or rejects when `signal` aborts. */
  sleepUntil(at: Date, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const check = () => {
        clearTimeout(timer);
        const left = at.getTime() - clock.now().getTime();
        if (left <= 0) return done();
        // Real timers are capped so a far deadline is re-checked now and then (setTimeout's limit).
        timer = setTimeout(check, Math.min(left, 2 ** 31 - 1));
      };
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(check);
        signal?.removeEventListener('abort', aborted);
        resolve();
      };
      const aborted = () => {
        clearTimeout(timer);
        sleepers.delete(check);
        reject(signal?.reason ?? new Error('aborted'));
      };
      if (signal?.aborted) return aborted();
      signal?.addEventListener('abort', aborted, { once: true });
      sleepers.add(check);
      check();
    });
  },
};
