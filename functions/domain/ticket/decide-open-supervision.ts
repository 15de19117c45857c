import type { Command } from './commands.ts';
import type { DecideContext } from './context.ts';
import { ensureStatus, OPEN } from './decide/statuses.ts';
import { openSupervision } from './decide/supervision.ts';
import { RuleViolationError } from './errors.ts';
import type { TicketEvent } from './events.ts';
import type { Ticket } from './types.ts';

/**
 * The decider of openSupervision alone, by the same rules as `decide` (decide.ts gives it the same
 * statuses, OPEN; a unit test holds the two to the same answers): for the functions that give no
 * other command (the reports, which open the supervision of clusters), so that they carry none of
 * the rest of the decider.
 */
export function decideOpenSupervision(
  ticket: Ticket | null,
  command: Command,
  ctx: DecideContext,
): TicketEvent[] {
  if (command.action !== 'openSupervision')
    throw new RuleViolationError('command.notDecidedHere', `"${command.action}" is not decided here`);
  if (!ticket) throw new RuleViolationError('ticket.notRegistered', 'the ticket has not been registered');
  ensureStatus(ticket, command.action, OPEN);
  return openSupervision(ticket, command, ctx);
}
