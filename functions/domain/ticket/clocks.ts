import { PROVISIONAL_YEARS, parseInstant, shanghaiDateOf, toShanghaiIso } from '../calendar/index.ts';
import type { Duration } from '../policy/index.ts';
import type { DecideContext } from './context.ts';
import { ensure, ensureField } from './errors.ts';
import type { Clock, ClockKind, Ticket } from './types.ts';

/** Adds a policy duration to an instant with the ticket's calendar and counting convention. */
export function addDuration(
  from: Date,
  d: Duration,
  ctx: DecideContext,
): { deadline: Date; provisional: boolean } {
  const result =
    'workingDays' in d
      ? ctx.calendar.workingDayDeadline(from, d.workingDays, {
          countReceiptDay: ctx.policy.calendar.countReceiptDay,
        })
      : ctx.calendar.addHours(from, d.hours, d.mode);
  return { deadline: result.value, provisional: result.provisional };
}

/**
 * Starts a clock now. Its id joins the kind with the ticket version that starts it, so a clock
 * started again (extension, re-dispatch, rework) gets a new id and a stale timer can tell.
 */
export function startClock(
  kind: ClockKind,
  d: Duration,
  basis: string,
  ticket: Ticket | null,
  ctx: DecideContext,
): Clock {
  return countedClock(kind, ctx.now, d, basis, ticket, ctx, ctx.now);
}

/** A clock whose deadline is `d` counted from `from` (which may differ from when it starts: an extension). */
export function countedClock(
  kind: ClockKind,
  from: Date,
  d: Duration,
  basis: string,
  ticket: Ticket | null,
  ctx: DecideContext,
  startedAt: Date,
): Clock {
  const { deadline, provisional } = addDuration(from, d, ctx);
  return {
    ...clockAt(kind, deadline, provisional, basis, ticket, startedAt),
    counted: { from: toShanghaiIso(from), duration: d },
  };
}

export function clockAt(
  kind: ClockKind,
  deadline: Date,
  provisional: boolean,
  basis: string,
  ticket: Ticket | null,
  startedAt: Date,
): Clock {
  const version = ticket ? ticket.version + 1 : 1;
  return {
    id: `${kind}-v${version}`,
    kind,
    startedAt: toShanghaiIso(startedAt),
    deadline: toShanghaiIso(deadline),
    provisional,
    basis,
  };
}

/**
 * A deadline a command sets (the centre's for a major matter, the office's for a matter it hands
 * down): in the future, and within the years the working-day calendar serves, refused naming
 * `field` otherwise.
 */
export function commandDeadline(value: string, field: string, ctx: DecideContext, basis?: string): Date {
  const deadline = parseInstant(value);
  ensure(deadline > ctx.now, 'deadline.inPast', 'the deadline must be in the future', basis);
  ensureField(
    Number(shanghaiDateOf(deadline).slice(0, 4)) <= PROVISIONAL_YEARS.last,
    field,
    'deadline.beyondCalendar',
    `the working-day calendar runs to ${PROVISIONAL_YEARS.last}`,
    basis,
  );
  return deadline;
}

export function deadlineOf(clock: Clock): Date {
  return parseInstant(clock.deadline);
}

/** Working days, or hours, left between now and a deadline, as the extension windows need them. */
export function isAtLeastBefore(deadline: Date, d: Duration, ctx: DecideContext): boolean {
  if ('workingDays' in d) {
    // At least N whole working days remain after today, up to and including the deadline's day.
    const nthAfterToday = ctx.calendar.addWorkingDays(shanghaiDateOf(ctx.now), d.workingDays).value;
    return nthAfterToday <= shanghaiDateOf(deadline);
  }
  const left =
    d.mode === 'working'
      ? ctx.calendar.workingTimeBetween(ctx.now, deadline).value
      : deadline.getTime() - ctx.now.getTime();
  return left >= d.hours * 3_600_000;
}
