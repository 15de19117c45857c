import {
  parseInstant,
  shanghaiDateOf,
  shiftLocalDate,
  toShanghaiIso,
  type WorkingCalendar,
} from '../calendar/index.ts';
import type { Duration, Policy } from '../policy/index.ts';
import type { Clock, Instant, Ticket } from './types.ts';

/**
 * The timers of a ticket's running clocks: what is due when. The state machines wait for them one
 * by one and fire them through the decider (`fireTimer`); the sweeper fires any that were missed.
 * Timers are derived from the ticket, so a clock replaced by a new one (extension, re-dispatch,
 * completion) simply has no timers left, and a fired timer is never fired twice.
 */
export type TimerKind =
  | 'reminder'
  | 'extensionWindowOpens'
  | 'overdue'
  | 'escalation'
  | 'contactMissed'
  | 'returnWindowClosed'
  | 'callbackDue'
  | 'callbackWindowMissed'
  | 'extensionNoticeMissed';

export interface Timer {
  /** Unique within the ticket: the clock id, the kind and what distinguishes it. */
  id: string;
  clockId: string;
  kind: TimerKind;
  at: Instant;
  level?: 'centreLeader' | 'inspectionOffice';
  attempt?: number;
}

export interface TimerContext {
  policy: Policy;
  calendar: WorkingCalendar;
}

/** Reminders go out at the start of the working day: 09:00 local. */
const REMINDER_HOUR = '09:00:00';
const HOUR_MS = 3_600_000;

/** One second after a deadline: the moment it has passed. */
function justAfter(deadline: Instant): Instant {
  return toShanghaiIso(new Date(parseInstant(deadline).getTime() + 1000));
}

/**
 * When "N working days before the deadline" begins: 09:00 on the day that leaves N working days
 * including itself (1 working day before = 09:00 on the last working day). Hours count back on the clock.
 */
function beforeDeadline(deadline: Instant, d: Duration, ctx: TimerContext): Instant {
  if (!('workingDays' in d))
    return toShanghaiIso(new Date(parseInstant(deadline).getTime() - d.hours * HOUR_MS));
  let day = shanghaiDateOf(parseInstant(deadline));
  let left = d.workingDays;
  while (!ctx.calendar.isWorkingDay(day).value) day = shiftLocalDate(day, -1);
  while (left > 1) {
    day = shiftLocalDate(day, -1);
    if (ctx.calendar.isWorkingDay(day).value) left -= 1;
  }
  return `${day}T${REMINDER_HOUR}+08:00`;
}

function afterDeadline(deadline: Instant, d: Duration | { hours: 0 }, ctx: TimerContext): Instant {
  const from = parseInstant(deadline);
  if ('workingDays' in d) {
    const due = ctx.calendar.workingDayDeadline(from, d.workingDays, { countReceiptDay: false }).value;
    return justAfter(toShanghaiIso(due));
  }
  return justAfter(toShanghaiIso(new Date(from.getTime() + d.hours * HOUR_MS)));
}

function handlingTimers(ticket: Ticket, clock: Clock, ctx: TimerContext): Timer[] {
  const { policy } = ctx;
  const timers: Timer[] = [];
  const started = clock.startedAt;
  for (const r of policy.reminders) {
    if (r.when?.classes && !(ticket.classId && r.when.classes.includes(ticket.classId))) continue;
    if (r.when?.priorities && !r.when.priorities.includes(ticket.priority)) continue;
    const at = beforeDeadline(clock.deadline, r.before, ctx);
    if (at > started)
      timers.push({ id: `${clock.id}:reminder:${at}`, clockId: clock.id, kind: 'reminder', at });
  }
  const ext = policy.extension;
  const extendable =
    clock.kind === 'handling' &&
    (ext.counts === 'applications' ? ticket.extensions.requested : ticket.extensions.granted) <
      ext.maxCount &&
    (!ext.classes || (ticket.classId !== undefined && ext.classes.includes(ticket.classId)));
  if (extendable && ext.noEarlierThanBeforeDeadline) {
    const at = beforeDeadline(clock.deadline, ext.noEarlierThanBeforeDeadline, ctx);
    if (at > started)
      timers.push({
        id: `${clock.id}:extensionWindowOpens`,
        clockId: clock.id,
        kind: 'extensionWindowOpens',
        at,
      });
  }
  timers.push({
    id: `${clock.id}:overdue`,
    clockId: clock.id,
    kind: 'overdue',
    at: justAfter(clock.deadline),
  });
  for (const step of policy.escalation) {
    if (step.level === 'supervision') continue; // opened with the overdue mark itself
    timers.push({
      id: `${clock.id}:escalation:${step.level}`,
      clockId: clock.id,
      kind: 'escalation',
      at: afterDeadline(clock.deadline, step.after, ctx),
      level: step.level,
    });
  }
  return timers;
}

function callbackTimers(ticket: Ticket, clock: Clock, ctx: TimerContext): Timer[] {
  const { attempts, minGapHours } = ctx.policy.callback;
  const made = ticket.callback.attempts;
  // The first call is due as soon as the reply is approved, which the approval itself says; a
  // timer marks each later attempt falling due, the gap after an unanswered one (PDS:17).
  const timers: Timer[] = [];
  made.forEach((attempt, i) => {
    if (attempt.outcome === 'unanswered' && i + 2 <= attempts) {
      const at = toShanghaiIso(new Date(parseInstant(attempt.at).getTime() + minGapHours * HOUR_MS));
      timers.push({
        id: `${clock.id}:callbackDue:${i + 2}`,
        clockId: clock.id,
        kind: 'callbackDue',
        at,
        attempt: i + 2,
      });
    }
  });
  timers.push({
    id: `${clock.id}:callbackWindowMissed`,
    clockId: clock.id,
    kind: 'callbackWindowMissed',
    at: justAfter(clock.deadline),
  });
  return timers;
}

/** Every timer of one running clock, earliest first (fired ones included). */
export function clockTimers(ticket: Ticket, clockId: string, ctx: TimerContext): Timer[] {
  const clock = Object.values(ticket.clocks).find((c) => c?.id === clockId);
  if (!clock) return [];
  let timers: Timer[];
  switch (clock.kind) {
    case 'handling':
    case 'plan':
    case 'writtenReply':
      timers = handlingTimers(ticket, clock, ctx);
      break;
    case 'extensionNotice':
      timers = [
        {
          id: `${clock.id}:extensionNoticeMissed`,
          clockId,
          kind: 'extensionNoticeMissed',
          at: justAfter(clock.deadline),
        },
      ];
      break;
    case 'contact':
      timers = [
        { id: `${clock.id}:contactMissed`, clockId, kind: 'contactMissed', at: justAfter(clock.deadline) },
      ];
      break;
    case 'return':
      timers = [
        {
          id: `${clock.id}:returnWindowClosed`,
          clockId,
          kind: 'returnWindowClosed',
          at: justAfter(clock.deadline),
        },
      ];
      break;
    case 'callback':
      timers = callbackTimers(ticket, clock, ctx);
      break;
  }
  return timers.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id));
}

/** The next timer of a clock that has not fired; undefined when the clock is done or gone. */
export function nextTimer(ticket: Ticket, clockId: string, ctx: TimerContext): Timer | undefined {
  return clockTimers(ticket, clockId, ctx).find((t) => !ticket.timersFired.includes(t.id));
}

/** Unfired timers of every running clock due at or before `now`, earliest first (for the sweeper). */
export function dueTimers(ticket: Ticket, now: Date, ctx: TimerContext): Timer[] {
  return Object.values(ticket.clocks)
    .flatMap((c) => (c ? clockTimers(ticket, c.id, ctx) : []))
    .filter((t) => !ticket.timersFired.includes(t.id) && parseInstant(t.at) <= now)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/**
 * The next unfired timer among some clocks (those one event started, which one state machine
 * execution follows), optionally of some kinds only; undefined when none is left.
 */
export function nextTimerAmong(
  ticket: Ticket,
  clockIds: readonly string[],
  ctx: TimerContext,
  kinds?: readonly TimerKind[],
): Timer | undefined {
  return clockIds
    .flatMap((id) => clockTimers(ticket, id, ctx))
    .filter((t) => !ticket.timersFired.includes(t.id) && (!kinds || kinds.includes(t.kind)))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id))[0];
}

/** The earliest unfired timer of any running clock: what the due-timers index holds for the sweeper. */
export function earliestTimer(ticket: Ticket, ctx: TimerContext): Timer | undefined {
  return Object.values(ticket.clocks)
    .map((c) => (c ? nextTimer(ticket, c.id, ctx) : undefined))
    .filter((t): t is Timer => t !== undefined)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
}
