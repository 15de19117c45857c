import type { Actor, Ticket } from '../ticket/index.ts';

/** The unit hierarchy, supplied by the directory. */
export interface UnitScope {
  /** True when `unitId` is `ancestorUnitId` or a unit under it (at any depth). */
  isWithin(unitId: string, ancestorUnitId: string): boolean;
}

/** How a unit actor stands to a ticket. */
export type UnitStanding = 'lead' | 'coUnit' | 'none';

/**
 * `lead` when the ticket's lead unit is the actor's unit or under it; `coUnit` when only a co-unit
 * is; `none` otherwise, and when the actor has no unit or the ticket no assignment.
 */
export function unitStanding(actor: Actor, ticket: Ticket | null, scope: UnitScope): UnitStanding {
  const own = actor.unitId;
  const assignment = ticket?.assignment;
  if (!own || !assignment) return 'none';
  if (scope.isWithin(assignment.leadUnit, own)) return 'lead';
  if (assignment.coUnits.some((u) => scope.isWithin(u, own))) return 'coUnit';
  return 'none';
}
