import { shanghaiDateOf } from '../../calendar/index.ts';
import { receiptLimits } from '../../policy/index.ts';
import { clockAt, commandDeadline, deadlineOf, startClock } from '../clocks.ts';
import type { CommandOf } from '../commands.ts';
import { type DecideContext, stamp } from '../context.ts';
import { ensure, ensureField } from '../errors.ts';
import type { EventOf, TicketEvent } from '../events.ts';
import { type Clock, type Ticket, UNIT_LEVELS, type UnitLevel } from '../types.ts';

/**
 * The clocks a unit's receipt of a ticket starts: every limit of `receiptLimits` (the handling limit
 * or class C plan, a law's own limit, the written reply of PDS:14), the contact window (AH:15) and the
 * return window (AH:16; PDS:11 — which, counted from check-in, starts at dispatch all the same, so
 * that a unit that never checks in does not keep it open).
 */
function receiptClocks(
  ticket: Ticket,
  classId: string | undefined,
  legalLimit: CommandOf<'dispatch'>['legalLimit'],
  ctx: DecideContext,
): Pick<EventOf<'TicketDispatched'>, 'clocks' | 'firstLimit' | 'limitBasis' | 'urgent'> {
  const { policy } = ctx;
  const limits = receiptLimits(policy, { type: ticket.type, classId, channel: ticket.channel }, legalLimit);
  const clocks: Clock[] = limits.clocks.map((l) => ({
    ...startClock(l.kind, l.duration, l.basis, ticket, ctx),
    why: l.why,
  }));
  if (policy.contact) {
    clocks.push(startClock('contact', policy.contact.within, policy.contact.basis, ticket, ctx));
  }
  clocks.push(returnClock(ticket, ctx));
  return {
    clocks,
    firstLimit: limits.firstLimit,
    limitBasis: limits.limitBasis,
    urgent: limits.urgent || undefined,
  };
}

/**
 * 交办 (TN:12(三)): the management office hands a complex matter down, approved by its deputy leader,
 * and the unit handles it by the office's deadline (TN:13(一) 按时限要求) instead of the policy's limit.
 */
function handDownClocks(
  ticket: Ticket,
  handDown: NonNullable<CommandOf<'dispatch'>['handDown']>,
  ctx: DecideContext,
): Pick<EventOf<'TicketDispatched'>, 'clocks' | 'firstLimit' | 'limitBasis' | 'urgent'> {
  const deadline = commandDeadline(handDown.deadline, 'handDown.deadline', ctx, 'TN:13(一)');
  const basis = 'TN:12(三); TN:13(一)';
  const provisional = ctx.calendar.isWorkingDay(shanghaiDateOf(deadline)).provisional;
  const handling = {
    ...clockAt('handling', deadline, provisional, basis, ticket, ctx.now),
    why: `handed down by the management office, approved by ${handDown.approvedBy}, with its own deadline`,
  };
  const clocks: Clock[] = [handling];
  if (ctx.policy.contact) {
    clocks.push(startClock('contact', ctx.policy.contact.within, ctx.policy.contact.basis, ticket, ctx));
  }
  clocks.push(returnClock(ticket, ctx));
  return { clocks, firstLimit: undefined, limitBasis: basis, urgent: undefined };
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
  ensureField(
    !policy.classRequired || classId,
    'classId',
    'dispatch.classRequired',
    `${policy.id} requires a class (A–D)`,
    'PDS:8',
  );
  ensureField(
    !classId || policy.classes.some((c) => c.id === classId),
    'classId',
    'dispatch.unknownClass',
    `class "${classId}" is not one of ${policy.classes.map((c) => c.id).join(', ') || '(none)'}`,
  );
  const priority = cmd.priority ?? ticket.priority;
  ensureField(
    policy.priorities.includes(priority),
    'priority',
    'dispatch.unknownPriority',
    `priority "${priority}" is not one of ${policy.priorities.join(', ')}`,
    'AH:24',
  );
  ensureField(
    !cmd.coUnits.includes(cmd.leadUnit) && new Set(cmd.coUnits).size === cmd.coUnits.length,
    'coUnits',
    'dispatch.coUnitsInvalid',
    'co-units must be distinct and differ from the lead unit',
    'AH:14; PDS:10',
  );
  const subject = ticket.subject?.unitId;
  ensure(
    !subject || (cmd.leadUnit !== subject && !cmd.coUnits.includes(subject)),
    'tipoff.subjectUnit',
    `the ticket is about unit ${subject}: it is never sent to it`,
    'TN:20; AH:34',
  );
  ensureUnitAt(cmd.leadUnit, cmd.level, 'leadUnit', ctx);
  for (const [index, unit] of cmd.coUnits.entries()) ensureUnitExists(unit, `coUnits.${index}`, ctx);
  const limits = cmd.handDown
    ? handDownClocks(ticket, cmd.handDown, ctx)
    : receiptClocks(ticket, classId, cmd.legalLimit, ctx);
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
        handDown: cmd.handDown,
        ...limits,
      },
      ctx,
      ticket,
    ),
  ];
  // What the key/ordinary mark changes (AH:24): supervision from dispatch where the policy says so.
  const effect = policy.priorityEffects.find((e) => e.priority === priority);
  if (effect?.superviseOnDispatch && !ticket.supervision.open.includes('keyTicket')) {
    events.push(stamp('SupervisionOpened', { reason: 'keyTicket', note: effect.basis }, ctx, ticket));
  }
  // A matter for several departments is supervised (AH:20(五)).
  if (cmd.coUnits.length > 0 && !ticket.supervision.open.includes('crossRegion')) {
    events.push(
      stamp('SupervisionOpened', { reason: 'crossRegion', note: 'lead unit with co-units' }, ctx, ticket),
    );
  }
  return events;
}

/** The unit a command names is in the directory. */
function ensureUnitExists(unitId: string, field: string, ctx: DecideContext): UnitLevel | undefined {
  if (!ctx.directory) return undefined;
  const level = ctx.directory.unitLevel(unitId);
  ensureField(level, field, 'dispatch.unknownUnit', `unit "${unitId}" is not in the directory`);
  return level;
}

/** The unit exists and `level` is its own level in the directory. */
function ensureUnitAt(unitId: string, level: UnitLevel, field: string, ctx: DecideContext): void {
  const own = ensureUnitExists(unitId, field, ctx);
  ensureField(
    own === undefined || own === level,
    'level',
    'dispatch.levelNotUnits',
    `unit "${unitId}" is at level ${own}, not ${level}`,
  );
}

function isBelow(level: UnitLevel, than: UnitLevel): boolean {
  return UNIT_LEVELS.indexOf(level) > UNIT_LEVELS.indexOf(than);
}

/** Tiered dispatch: a ticket goes down to the level that owns the matter (CZ:一(二)3; PDS:5). */
export function redispatch(ticket: Ticket, cmd: CommandOf<'redispatch'>, ctx: DecideContext): TicketEvent[] {
  const current = ticket.assignment;
  ensure(current, 'dispatch.notDispatched', 'the ticket has not been dispatched');
  ensure(
    cmd.toUnit !== current.leadUnit,
    'dispatch.sameUnit',
    `the ticket is already with ${cmd.toUnit}: re-dispatch sends it to another unit`,
    'CZ:一(二)3; PDS:5',
  );
  ensureUnitAt(cmd.toUnit, cmd.level, 'toUnit', ctx);
  ensure(
    isBelow(cmd.level, current.level),
    'dispatch.notDownward',
    `re-dispatch goes down the levels: ${cmd.level} is not below ${current.level}`,
    'CZ:一(二)3; PDS:5',
  );
  const subject = ticket.subject?.unitId;
  ensure(
    cmd.toUnit !== subject,
    'tipoff.subjectUnit',
    `the ticket is about unit ${subject}: it is never sent to it`,
    'TN:20; AH:34',
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

/** True when the ticket is of an urgent class handled at once by the unit's head (PDS:8 D). */
export function isUrgent(ticket: Ticket, ctx: DecideContext): boolean {
  return Boolean(ticket.classId && ctx.policy.urgent?.classes.includes(ticket.classId));
}

/**
 * Signing for the ticket (查收). Where the return window runs from check-in (PDS:11), it restarts
 * here; an urgent class names its leader in charge and person responsible at once (PDS:8 D).
 */
export function sign(ticket: Ticket, cmd: CommandOf<'sign'>, ctx: DecideContext): TicketEvent[] {
  const urgent = ctx.policy.urgent;
  let urgentLeads: EventOf<'TicketSigned'>['urgentLeads'];
  if (urgent && isUrgent(ticket, ctx) && urgent.namesOnReceipt) {
    ensure(
      cmd.leader && cmd.responsible,
      'urgent.leadsMissing',
      'an urgent matter names its leader in charge and the person responsible on receipt: give leader and responsible',
      urgent.basis,
    );
    urgentLeads = { leader: cmd.leader, responsible: cmd.responsible };
  }
  const clocks = ctx.policy.returns.countsFrom === 'signing' ? [returnClock(ticket, ctx)] : [];
  return [stamp('TicketSigned', { clocks, urgentLeads }, ctx, ticket)];
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
  ensure(
    !ticket.assignment?.deemedAccepted,
    'return.windowClosed',
    'the return window has passed: the ticket is deemed accepted',
    returns.basis,
  );
  ensure(
    window,
    'return.windowClosed',
    'no return window is open for this ticket: a refused return request closes it, and the unit handles the ticket',
    returns.basis,
  );
  ensure(
    window && ctx.now <= deadlineOf(window),
    'return.windowClosed',
    `the return window ended at ${window?.deadline}`,
    returns.basis,
  );
  // The approval is an act of the unit head's role, recorded with that actor, not a name typed in.
  ensure(
    !returns.needsUnitHeadApproval || ctx.actor.role === 'unitHead',
    'return.unapproved',
    "a return is approved by the unit's deputy head: the unit head asks for it",
    'PDS:11',
  );
  const approvedBy = returns.needsUnitHeadApproval ? ctx.actor : undefined;
  return [
    stamp('ReturnRequested', { reason: cmd.reason, legalBasis: cmd.legalBasis, approvedBy }, ctx, ticket),
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
