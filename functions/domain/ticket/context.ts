import type { WorkingCalendar } from '../calendar/index.ts';
import { toShanghaiIso } from '../calendar/index.ts';
import type { Policy } from '../policy/index.ts';
import type { EventType, TicketEvent } from './events.ts';
import type { Actor, Ticket, UnitLevel } from './types.ts';

/**
 * What the decider needs to know of the directory: that the units, categories and regions a command
 * names exist, and at which level a unit sits.
 */
export interface DirectoryLookup {
  unitLevel(unitId: string): UnitLevel | undefined;
  hasCategory(categoryId: string): boolean;
  hasRegion(regionId: string): boolean;
}

/** Everything a decision depends on besides the ticket and the command. */
export interface DecideContext {
  policy: Policy;
  calendar: WorkingCalendar;
  now: Date;
  actor: Actor;
  /**
   * The directory, for the commands that name units, categories or regions (register, dispatch,
   * redispatch). Left out only where no such command is decided (the timers' tasks, rule tests).
   */
  directory?: DirectoryLookup;
  /** The id a new ticket gets; only `register` reads it. */
  newTicketId?: string;
}

type Payload<T extends EventType> = Omit<Extract<TicketEvent, { type: T }>, 'type' | 'at' | 'by' | 'policy'>;

/**
 * Builds an event stamped with the time, the actor and the policy that governs the ticket: the
 * ticket's own policy version once it exists, so that a later policy change never rewrites it.
 */
export function stamp<T extends EventType>(
  type: T,
  payload: Payload<T>,
  ctx: DecideContext,
  ticket?: Ticket | null,
): Extract<TicketEvent, { type: T }> {
  const policy = ticket ? ticket.policy : { id: ctx.policy.id, version: ctx.policy.version };
  return { type, at: toShanghaiIso(ctx.now), by: ctx.actor, policy, ...payload } as Extract<
    TicketEvent,
    { type: T }
  >;
}
