import { parseInstant, toShanghaiIso } from '../../calendar/index.ts';
import { startClock } from '../clocks.ts';
import type { CommandOf } from '../commands.ts';
import { type DecideContext, stamp } from '../context.ts';
import { ensure, ensureField } from '../errors.ts';
import type { TicketEvent } from '../events.ts';
import type { Ticket } from '../types.ts';
import { reworkClocks } from './handling.ts';

const HOUR_MS = 3_600_000;

/**
 * One callback attempt (PDS:16-17; AH:25). At most `attempts` calls, each at least `minGapHours` after
 * the one before; the last unanswered call records the policy's outcome (deemed satisfied).
 */
export function recordCallback(
  ticket: Ticket,
  cmd: CommandOf<'recordCallback'>,
  ctx: DecideContext,
): TicketEvent[] {
  const rules = ctx.policy.callback;
  ensure(ticket.status === 'completed', 'callback.alreadyEvaluated', 'one evaluation per ticket', 'AH:25');
  ensure(
    (ctx.policy.reply.informs !== 'centreAfterReview' && !ticket.mergedInto) || ticket.requesterInformedAt,
    'callback.resultNotTold',
    'the platform tells the requester the result before the callback asks whether they are satisfied',
    ctx.policy.reply.basis,
  );
  const attempts = ticket.callback.attempts;
  ensure(
    attempts.length < rules.attempts,
    'callback.attemptsExhausted',
    `at most ${rules.attempts} callback attempts`,
    rules.basis,
  );
  const last = attempts[attempts.length - 1];
  if (last) {
    const earliest = new Date(parseInstant(last.at).getTime() + rules.minGapHours * HOUR_MS);
    ensure(
      ctx.now >= earliest,
      'callback.tooSoon',
      `the next callback attempt may be made from ${toShanghaiIso(earliest)} (${rules.minGapHours} hours after the last)`,
      'PDS:17',
    );
  }
  ensureField(
    cmd.outcome === 'unanswered' || cmd.satisfied !== undefined,
    'satisfied',
    'callback.satisfactionMissing',
    'an answered callback records whether the requester is satisfied',
    'PDS:16',
  );
  ensureField(
    cmd.outcome === 'answered' || cmd.satisfied === undefined,
    'satisfied',
    'callback.satisfactionWithoutAnswer',
    'an unanswered callback cannot record satisfaction: leave satisfied out, or record the outcome as answered',
    'PDS:16',
  );
  const attempt = attempts.length + 1;
  const events: TicketEvent[] = [
    stamp('CallbackAttempted', { attempt, outcome: cmd.outcome, comment: cmd.comment }, ctx, ticket),
  ];
  const judgedOnLaw = rules.lawJudgedCategories.includes(ticket.category);
  if (cmd.outcome === 'answered') {
    const satisfaction = cmd.satisfied ? 'satisfied' : 'dissatisfied';
    events.push(stamp('SatisfactionRecorded', { satisfaction, judgedOnLaw }, ctx, ticket));
  } else if (attempt === rules.attempts) {
    events.push(
      stamp('SatisfactionRecorded', { satisfaction: rules.allUnanswered, judgedOnLaw }, ctx, ticket),
    );
  }
  return events;
}

/** A dissatisfied result is reworked by the unit (AH:25). */
export function orderRework(
  ticket: Ticket,
  cmd: CommandOf<'orderRework'>,
  ctx: DecideContext,
): TicketEvent[] {
  ensure(
    ticket.assignment,
    'rework.noUnit',
    'the ticket was answered on the spot: reopen and dispatch it instead',
  );
  return [stamp('ReworkOrdered', { note: cmd.note, clocks: reworkClocks(ticket, ctx) }, ctx, ticket)];
}

/** After mediation fails, a third-party assessment settles it (PDS:18). */
export function referToAssessment(
  ticket: Ticket,
  cmd: CommandOf<'referToAssessment'>,
  ctx: DecideContext,
): TicketEvent[] {
  ensure(
    ctx.policy.callback.thirdPartyAssessment,
    'assessment.notAvailable',
    `${ctx.policy.id} has no third-party assessment`,
    'PDS:18',
  );
  return [stamp('AssessmentRequested', { mediationNote: cmd.mediationNote }, ctx, ticket)];
}

export function recordAssessment(
  ticket: Ticket,
  cmd: CommandOf<'recordAssessment'>,
  ctx: DecideContext,
): TicketEvent[] {
  const { finding, assessor, note } = cmd;
  const events: TicketEvent[] = [stamp('AssessmentRecorded', { finding, assessor, note }, ctx, ticket)];
  if (finding === 'requesterUpheld')
    events.push(...orderRework(ticket, { action: 'orderRework', note }, ctx));
  return events;
}

export function reopen(ticket: Ticket, cmd: CommandOf<'reopen'>, ctx: DecideContext): TicketEvent[] {
  return [stamp('TicketReopened', { reason: cmd.reason }, ctx, ticket)];
}

export function archive(ticket: Ticket, _cmd: CommandOf<'archive'>, ctx: DecideContext): TicketEvent[] {
  ensure(
    ticket.supervision.open.length === 0,
    'archive.supervisionOpen',
    `close the open supervision first (${ticket.supervision.open.join(', ')})`,
  );
  return [stamp('TicketArchived', {}, ctx, ticket)];
}

const MERGING = '2025 national guidance on 12345 hotlines (并单)';

/** 并单: the duplicate goes into the main ticket; its own clocks stop, the main's one clock runs. */
export function mergeInto(ticket: Ticket, cmd: CommandOf<'mergeInto'>, ctx: DecideContext): TicketEvent[] {
  ensure(cmd.mainTicketId !== ticket.id, 'merge.intoItself', 'a ticket is not merged into itself', MERGING);
  ensure(!ticket.duplicates?.length, 'merge.isMain', 'a main ticket with duplicates is not merged', MERGING);
  return [stamp('TicketMerged', { mainTicketId: cmd.mainTicketId, reason: cmd.reason }, ctx, ticket)];
}

/** The main ticket records a duplicate merged into it (or taken out again). */
export function recordDuplicate(
  ticket: Ticket,
  cmd: CommandOf<'recordDuplicate'>,
  ctx: DecideContext,
): TicketEvent[] {
  const listed = ticket.duplicates?.includes(cmd.ticketId) ?? false;
  ensure(
    listed !== cmd.merged,
    'merge.unchanged',
    `ticket ${cmd.ticketId} is ${listed ? 'already' : 'not'} merged here`,
  );
  return [stamp('DuplicateRecorded', { ticketId: cmd.ticketId, merged: cmd.merged }, ctx, ticket)];
}

/** A merge made by mistake is undone: the ticket is received again, to be handled on its own. */
export function unmerge(ticket: Ticket, cmd: CommandOf<'unmerge'>, ctx: DecideContext): TicketEvent[] {
  return [
    stamp('TicketUnmerged', { mainTicketId: ticket.mergedInto ?? '', reason: cmd.reason }, ctx, ticket),
  ];
}

/**
 * The main ticket is completed: the duplicate's requester keeps their own information duty and
 * callback. The platform tells them the result (the unit dealt with the main ticket's requester) and
 * the duplicate's own callback clock starts.
 */
export function mainCompleted(
  ticket: Ticket,
  cmd: CommandOf<'mainCompleted'>,
  ctx: DecideContext,
): TicketEvent[] {
  const { callback } = ctx.policy;
  const clock = startClock('callback', callback.within, callback.basis, ticket, ctx);
  return [
    stamp(
      'MainTicketCompleted',
      { mainTicketId: ticket.mergedInto ?? '', summary: cmd.summary, clocks: [clock] },
      ctx,
      ticket,
    ),
  ];
}
