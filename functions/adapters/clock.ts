/**
 * The time as the system sees it. In AWS it is the real time. The local runtime can move it forward
 * (a virtual clock) so that a demonstration shows deadlines pass in minutes.
 */
let offsetMs = 0;

export const clock = {
  now: (): Date => new Date(Date.now() + offsetMs),
  /** Moves the clock forward; only the local runtime and tests call this. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    offsetMs += ms;
  },
  offsetMs: (): number => offsetMs,
};
