import type { Action, Command, CommandOf } from './commands.ts';
import type { DecideContext } from './context.ts';
import {
  closeReturnWindow,
  decideReturn,
  dispatch,
  recordContact,
  redispatch,
  requestReturn,
  sign,
} from './decide/dispatch.ts';
import {
  archive,
  mainCompleted,
  mergeInto,
  orderRework,
  recordAssessment,
  recordCallback,
  recordDuplicate,
  referToAssessment,
  reopen,
  unmerge,
} from './decide/follow-up.ts';
import {
  decideExtension,
  handOver,
  informExtension,
  informRequester,
  recordCoordination,
  recordInstruction,
  reply,
  reportDisagreement,
  reportTask,
  requestExtension,
  review,
  setDeadline,
  signOff,
  submitPlan,
} from './decide/handling.ts';
import { answerOnSpot, flagAbuse, refuse, verify } from './decide/intake.ts';
import { AT_UNIT, ensureStatus, OPEN } from './decide/statuses.ts';
import { closeSupervision, escalate, markOverdue, openSupervision, remind } from './decide/supervision.ts';
import { fireTimer, recomputeDeadlines } from './decide/timers.ts';
import { decideRegistration } from './decide-registration.ts';
import { RuleViolationError } from './errors.ts';
import type { TicketEvent } from './events.ts';
import type { Ticket, TicketStatus } from './types.ts';

type Handler<A extends Action> = (ticket: Ticket, cmd: CommandOf<A>, ctx: DecideContext) => TicketEvent[];

/** Each command: the statuses in which it may be given, and what decides it. */
const COMMANDS: { [A in Exclude<Action, 'register'>]: { in: readonly TicketStatus[]; run: Handler<A> } } = {
  verify: { in: ['received'], run: verify },
  refuse: { in: ['received'], run: refuse },
  answerOnSpot: { in: ['received'], run: answerOnSpot },
  dispatch: { in: ['received'], run: dispatch },
  redispatch: { in: ['dispatched', 'inProgress'], run: redispatch },
  sign: { in: ['dispatched'], run: sign },
  recordContact: { in: ['inProgress'], run: recordContact },
  requestReturn: { in: ['dispatched', 'inProgress'], run: requestReturn },
  decideReturn: { in: ['returnRequested'], run: decideReturn },
  closeReturnWindow: { in: ['dispatched', 'inProgress'], run: closeReturnWindow },
  requestExtension: { in: ['inProgress'], run: requestExtension },
  decideExtension: { in: ['inProgress'], run: decideExtension },
  submitPlan: { in: ['inProgress'], run: submitPlan },
  setDeadline: { in: ['inProgress'], run: setDeadline },
  reportDisagreement: { in: ['inProgress'], run: reportDisagreement },
  informRequester: { in: ['inProgress', 'completed'], run: informRequester },
  signOff: { in: ['inProgress'], run: signOff },
  reply: { in: ['inProgress'], run: reply },
  informExtension: { in: ['inProgress'], run: informExtension },
  recordInstruction: { in: OPEN, run: recordInstruction },
  recordCoordination: { in: ['dispatched', 'inProgress'], run: recordCoordination },
  reportTask: { in: ['dispatched', 'inProgress'], run: reportTask },
  mergeInto: { in: ['received', 'dispatched', 'inProgress'], run: mergeInto },
  recordDuplicate: { in: OPEN, run: recordDuplicate },
  unmerge: { in: ['merged'], run: unmerge },
  mainCompleted: { in: ['merged'], run: mainCompleted },
  handOver: { in: ['received', 'dispatched', 'inProgress', 'returnRequested'], run: handOver },
  review: { in: ['replied'], run: review },
  recordCallback: { in: ['completed', 'dissatisfied', 'underAssessment', 'evaluated'], run: recordCallback },
  orderRework: { in: ['dissatisfied'], run: orderRework },
  referToAssessment: { in: ['dissatisfied'], run: referToAssessment },
  recordAssessment: { in: ['underAssessment'], run: recordAssessment },
  openSupervision: { in: OPEN, run: openSupervision },
  closeSupervision: { in: [...OPEN, 'evaluated', 'handedOver'], run: closeSupervision },
  remind: { in: AT_UNIT, run: remind },
  markOverdue: { in: AT_UNIT, run: markOverdue },
  escalate: { in: [...AT_UNIT, 'completed'], run: escalate },
  fireTimer: { in: [...OPEN, 'evaluated'], run: fireTimer },
  recomputeDeadlines: { in: OPEN, run: recomputeDeadlines },
  flagAbuse: { in: [...OPEN, 'refused', 'evaluated'], run: flagAbuse },
  reopen: { in: ['refused', 'evaluated'], run: reopen },
  archive: { in: ['refused', 'evaluated', 'handedOver'], run: archive },
};

/**
 * Decides what a command does to a ticket: the events it causes, or a RuleViolationError naming the
 * rule it breaks. Pure: the same ticket, command and context always give the same answer.
 */
export function decide(ticket: Ticket | null, command: Command, ctx: DecideContext): TicketEvent[] {
  if (command.action === 'register') return decideRegistration(ticket, command, ctx);
  if (!ticket) throw new RuleViolationError('ticket.notRegistered', 'the ticket has not been registered');
  const entry = COMMANDS[command.action] as { in: readonly TicketStatus[]; run: Handler<Action> };
  ensureStatus(ticket, command.action, entry.in);
  return entry.run(ticket, command as CommandOf<Action>, ctx);
}
