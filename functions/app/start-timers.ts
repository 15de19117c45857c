import type { Runtime } from '../shared/runtime.ts';
import type { BusDetail } from '../tasks/event-detail.ts';

/** Starts a named execution of the ticket-timer state machine; a name already used starts nothing. */
export interface TimerStarter {
  start(name: string, input: TimerInput): Promise<'started' | 'exists'>;
}

export interface TimerInput {
  ticketId: string;
  clockId: string;
  purpose: 'clock' | 'callbackRetry';
}

/** Execution names allow 80 characters of letters, digits, - and _. */
export function executionName(...parts: string[]): string {
  return parts
    .join('_')
    .replace(/[^A-Za-z0-9_-]/g, '-')
    .slice(0, 80);
}

/**
 * One timer execution per clock an event starts, named by ticket and clock (the clock id carries the
 * ticket version), so a redelivered event starts nothing new. An unanswered callback also starts a
 * run for the callback clock, to wait for the next attempt's gap (PDS:17).
 */
export async function startTimers(rt: Pick<Runtime, 'tickets'>, starter: TimerStarter, detail: BusDetail) {
  const started: string[] = [];
  const start = async (clockId: string, purpose: TimerInput['purpose'], ...extra: string[]) => {
    const name = executionName(detail.ticketId, clockId, ...extra);
    if ((await starter.start(name, { ticketId: detail.ticketId, clockId, purpose })) === 'started')
      started.push(name);
  };
  for (const clock of detail.event.clocks ?? []) await start(clock.id, 'clock');
  if (detail.type === 'CallbackAttempted' && detail.event.outcome === 'unanswered') {
    const stored = await rt.tickets.load(detail.ticketId);
    const callback = stored?.ticket.clocks.callback;
    if (callback) await start(callback.id, 'callbackRetry', `a${detail.seq}`);
  }
  return started;
}
