import type { CommandOf } from './commands.ts';
import type { DecideContext } from './context.ts';
import { register } from './decide/intake.ts';
import { RuleViolationError } from './errors.ts';
import type { TicketEvent } from './events.ts';
import type { Ticket } from './types.ts';

/**
 * The decider of register: `decide` hands registrations here, and intake, which gives no other
 * command, calls it directly, so that its function carries none of the rest of the decider.
 */
export function decideRegistration(
  ticket: Ticket | null,
  command: CommandOf<'register'>,
  ctx: DecideContext,
): TicketEvent[] {
  if (ticket) throw new RuleViolationError('ticket.exists', `ticket ${ticket.id} already exists`);
  return register(command, ctx);
}
