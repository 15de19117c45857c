import { RuleViolationError } from '../errors.ts';
import type { Ticket, TicketStatus } from '../types.ts';

/** The statuses of a ticket still being worked on. */
export const OPEN: readonly TicketStatus[] = [
  'received',
  'dispatched',
  'inProgress',
  'returnRequested',
  'replied',
  'completed',
  'dissatisfied',
  'underAssessment',
];

/** The statuses of a ticket at a unit. */
export const AT_UNIT: readonly TicketStatus[] = ['dispatched', 'inProgress', 'returnRequested'];

/** Refuses `action` on a ticket whose status is not one of `allowed`. */
export function ensureStatus(ticket: Ticket, action: string, allowed: readonly TicketStatus[]): void {
  if (!allowed.includes(ticket.status)) {
    throw new RuleViolationError(
      `${action}.wrongStatus`,
      `"${action}" cannot be done while the ticket is ${ticket.status} (allowed: ${allowed.join(', ')})`,
    );
  }
}
