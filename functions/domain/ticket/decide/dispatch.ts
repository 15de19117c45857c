import { handlingRuleFor } from '../../policy/index.ts';
import { deadlineOf, startClock } from '../clocks.ts';
import type { CommandOf } from '../commands.ts';
import { type DecideContext, stamp } from '../context.ts';
import { ensure } from '../errors.ts';
import type { EventOf, TicketEvent } from '../events.ts';
import { type Clock, type Ticket, UNIT_LEVELS, type UnitLevel } from '../types.ts';

/**
 * The clocks a unit's receipt of a ticket starts: contact (AH:15), return window (AH:16; PDS:11) and
 * the handling limit of the policy rule that matches the ticket, unless a law sets its own (AH:17(三)).
 */
function receiptClocks(
  ticket: Ticket,
  classId: string | undefined,
  legalLimit: CommandOf<'dispatch'>['legalLimit'],
  ctx: DecideContext,
): Pick<EventOf<'TicketDispatched'>, 'clocks' | 'firstLimit' | 'limitBasis'> {
  const { policy } = ctx;
  const rule = handlingRuleFor(policy, { type: ticket.type, classId, channel: ticket.channel });
  const limit = legalLimit?.limit ?? rule.limit;
  const limitBasis = legalLimit?.basis ?? rule.basis;
  const clocks: Clock[] = [];
  let firstLimit: EventOf<'TicketDispatched'>['firstLimit'];
  if ('centreSets' in limit) {
    clocks.push(startClock('plan', limit.plan, limitBasis, ticket, ctx));
  } else if (!('immediate' in limit)) {
    firstLimit = limit;
    clocks.push(startClock('handling', limit, limitBasis, ticket, ctx));
  }
  if (policy.contact) {
    clocks.push(startClock('contact', policy.contact.within, policy.contact.basis, ticket, ctx));
  }
  if (policy.returns.countsFrom === 'receipt') clocks.push(returnClock(ticket, ctx));
  return { clocks, firstLimit, limitBasis };
}

function returnClock(ticket: Ticket, ctx: DecideContext): Clock {
  return startClock('return', ctx.policy.returns.within, ctx.policy.returns.basis, ticket, ctx);
}

export function dispatch(ticket: Ticket, cmd: CommandOf<'dispatch'>, ctx: DecideContext): TicketEvent[] {
  const { policy } = ctx;
  ensure(
    ticket.verified,
    'intake.unverified',
    'an anonymous online message is verified before dispatch',
    'AH:11',
  );
  const classId = cmd.classId ?? ticket.classId;
  ensure(
    !policy.classRequired || classId,
    'dispatch.classRequired',
    `${policy.id} requires a class (A–D)`,
    'PDS:8',
  );
  ensure(
    !classId || policy.classes.some((c) => c.id === classId),
    'dispatch.unknownClass',
    `class "${classId}" is not one of ${policy.classes.map((c) => c.id).join(', ') || '(none)'}`,
  );
  const priority = cmd.priority ?? ticket.priority;
  ensure(
    policy.priorities.includes(priority),
    'dispatch.unknownPriority',
    `priority "${priority}" is not one of ${policy.priorities.join(', ')}`,
    'AH:24',
  );
  ensure(
    !cmd.coUnits.includes(cmd.leadUnit) && new Set(cmd.coUnits).size === cmd.coUnits.length,
    'dispatch.coUnitsInvalid',
    'co-units must be distinct and differ from the lead unit',
    'AH:14; PDS:10',
  );
  const events: TicketEvent[] = [
    stamp(
      'TicketDispatched',
      {
        leadUnit: cmd.leadUnit,
        coUnits: cmd.coUnits,
        level: cmd.level,
        classId,
        priority,
        legalLimit: cmd.legalLimit,
        ...receiptClocks(ticket, classId, cmd.legalLimit, ctx),
      },
      ctx,
      ticket,
    ),
  ];
  // A matter for several departments is supervised (AH:20(五)).
  if (cmd.coUnits.length > 0 && !ticket.supervision.open.includes('crossRegion')) {
    events.push(
      stamp('SupervisionOpened', { reason: 'crossRegion', note: 'lead unit with co-units' }, ctx, ticket),
    );
  }
  return events;
}

function isBelow(level: UnitLevel, than: UnitLevel): boolean {
  return UNIT_LEVELS.indexOf(level) > UNIT_LEVELS.indexOf(than);
}

/** Tiered dispatch: a ticket goes down to the level that owns the matter (CZ:一(二)3; PDS:5). */
export function redispatch(ticket: Ticket, cmd: CommandOf<'redispatch'>, ctx: DecideContext): TicketEvent[] {
  const current = ticket.assignment;
  ensure(current, 'dispatch.notDispatched', 'the ticket has not been dispatched');
  ensure(
    isBelow(cmd.level, current.level),
    'dispatch.notDownward',
    `re-dispatch goes down the levels: ${cmd.level} is not below ${current.level}`,
    'CZ:一(二)3; PDS:5',
  );
  const { clocks } = receiptClocks(ticket, ticket.classId, ticket.legalLimit, ctx);
  return [
    stamp(
      'TicketRedispatched',
      { fromUnit: current.leadUnit, toUnit: cmd.toUnit, level: cmd.level, reason: cmd.reason, clocks },
      ctx,
      ticket,
    ),
  ];
}

/** Signing for the ticket; where the return window runs from the check-in (PDS:11), it starts here. */
export function sign(ticket: Ticket, _cmd: CommandOf<'sign'>, ctx: DecideContext): TicketEvent[] {
  const clocks = ctx.policy.returns.countsFrom === 'signing' ? [returnClock(ticket, ctx)] : [];
  return [stamp('TicketSigned', { clocks }, ctx, ticket)];
}

export function recordContact(
  ticket: Ticket,
  cmd: CommandOf<'recordContact'>,
  ctx: DecideContext,
): TicketEvent[] {
  const clock = ticket.clocks.contact;
  const late = clock ? ctx.now > deadlineOf(clock) : false;
  return [stamp('RequesterContacted', { method: cmd.method, note: cmd.note, late }, ctx, ticket)];
}

export function requestReturn(
  ticket: Ticket,
  cmd: CommandOf<'requestReturn'>,
  ctx: DecideContext,
): TicketEvent[] {
  const { returns } = ctx.policy;
  const window = ticket.clocks.return;
  // Where the window runs from signing, a unit that has not yet signed may still return it.
  const notStarted = !window && returns.countsFrom === 'signing' && !ticket.assignment?.signedAt;
  ensure(
    !ticket.assignment?.deemedAccepted && (notStarted || (window && ctx.now <= deadlineOf(window))),
    'return.windowClosed',
    `the return window (${window?.deadline ?? 'closed'}) has passed: the ticket is deemed accepted`,
    returns.basis,
  );
  ensure(
    !returns.needsUnitHeadApproval || cmd.approvedBy,
    'return.unapproved',
    "a return is approved by the unit's deputy head: give approvedBy",
    'PDS:11',
  );
  return [
    stamp(
      'ReturnRequested',
      { reason: cmd.reason, legalBasis: cmd.legalBasis, approvedBy: cmd.approvedBy },
      ctx,
      ticket,
    ),
  ];
}

export function decideReturn(
  ticket: Ticket,
  cmd: CommandOf<'decideReturn'>,
  ctx: DecideContext,
): TicketEvent[] {
  if (!cmd.approve) return [stamp('ReturnRefused', { note: cmd.note }, ctx, ticket)];
  return [
    stamp('ReturnApproved', { note: cmd.note, fromUnit: ticket.assignment?.leadUnit ?? '' }, ctx, ticket),
  ];
}

/** The return window ended without a return: the unit is deemed to have accepted (AH:16). */
export function closeReturnWindow(
  ticket: Ticket,
  cmd: CommandOf<'closeReturnWindow'>,
  ctx: DecideContext,
): TicketEvent[] {
  const window = ticket.clocks.return;
  ensure(window && window.id === cmd.clockId, 'clock.stale', `clock ${cmd.clockId} is no longer running`);
  ensure(ctx.now > deadlineOf(window), 'clock.notDue', `the return window runs until ${window.deadline}`);
  ensure(
    ctx.policy.returns.deemedAcceptedAfterWindow,
    'return.notDeemed',
    'this policy does not deem acceptance',
  );
  return [stamp('ReturnWindowClosed', { clockId: window.id }, ctx, ticket)];
}
