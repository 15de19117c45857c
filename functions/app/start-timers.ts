import type { BusDetail, ClocksEndedDetail } from './bus-detail.ts';
import type { AppContext } from './context.ts';
import { planNext, type TimerRun } from './timers.ts';

export type TimerExecutionInput = TimerRun & {
  next: { done: false; at: string; timer: { id: string; at: string } };
};

/** Starts and stops named executions of the ticket-timer state machine. */
export interface TimerStarter {
  /** Starts an execution; a name already used starts nothing ('exists'). */
  start(name: string, input: TimerExecutionInput): Promise<'started' | 'exists'>;
  /** Stops an execution if it is still running; nothing happens otherwise. */
  stop(name: string): Promise<void>;
}

/** Execution names allow 80 characters of letters, digits, - and _. */
export function executionName(...parts: string[]): string {
  return parts
    .join('_')
    .replace(/[^A-Za-z0-9_-]/g, '-')
    .slice(0, 80);
}

/** The clocks one event starts share its version: `handling-v4`, `contact-v4` → `v4`. */
export function groupOf(clockId: string): string {
  return clockId.slice(clockId.lastIndexOf('-') + 1);
}

/**
 * One timer execution for the clocks an event starts, named by ticket and the event's version, so a
 * redelivered event starts nothing new; it starts only when there is a timer to wait for. An
 * unanswered callback also starts a short run that waits for the next attempt's gap (PDS:17).
 */
export async function startTimers(
  rt: Pick<AppContext, 'tickets' | 'policy' | 'calendar'>,
  starter: TimerStarter,
  detail: BusDetail,
) {
  const started: string[] = [];
  const clockIds = (detail.event.clocks ?? []).map((c) => c.id);
  const retry = detail.type === 'CallbackAttempted' && detail.event.outcome === 'unanswered';
  if (clockIds.length === 0 && !retry) return started;
  const ticket = (await rt.tickets.load(detail.ticketId))?.ticket;
  const start = async (name: string, run: TimerRun) => {
    const next = planNext(rt, ticket, run);
    if (next.done) return;
    if ((await starter.start(name, { ...run, next })) === 'started') started.push(name);
  };
  const [first] = clockIds;
  if (first) {
    await start(executionName(detail.ticketId, groupOf(first)), {
      ticketId: detail.ticketId,
      clockIds,
      purpose: 'clock',
    });
  }
  const callback = ticket?.clocks.callback;
  if (retry && callback) {
    await start(executionName(detail.ticketId, groupOf(callback.id), `a${detail.seq}`), {
      ticketId: detail.ticketId,
      clockIds: [callback.id],
      purpose: 'callbackRetry',
    });
  }
  return started;
}

/**
 * Stops the executions whose clocks have all ended (the ticket moved on: contact made, reply
 * approved, extension granted…), so that they stop waiting instead of waking up for nothing.
 * Correctness never depends on it: a woken execution finds its clocks gone and ends.
 */
export async function stopTimers(
  rt: Pick<AppContext, 'tickets'>,
  starter: TimerStarter,
  detail: ClocksEndedDetail,
) {
  const ticket = (await rt.tickets.load(detail.ticketId))?.ticket;
  const running = new Set(Object.values(ticket?.clocks ?? {}).map((c) => c && groupOf(c.id)));
  const ended = [...new Set(detail.clockIds.map(groupOf))].filter((g) => !running.has(g));
  for (const group of ended) await starter.stop(executionName(detail.ticketId, group));
  return ended;
}
