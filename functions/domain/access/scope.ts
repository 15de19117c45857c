import type { Actor, Ticket } from '../ticket/index.ts';

/** The unit hierarchy, supplied by the directory. */
export interface UnitScope {
  /** True when `unitId` is `ancestorUnitId` or a unit under it (at any depth). */
  isWithin(unitId: string, ancestorUnitId: string): boolean;
}

/** How a unit actor stands to a ticket. */
export type UnitStanding = 'lead' | 'coUnit' | 'none';

/** True when `unitId` is the unit a complaint or tip-off is about, or a unit under it (TN:20; AH:34). */
export function isSubjectUnit(ticket: Ticket | null, unitId: string, scope: UnitScope): boolean {
  const subject = ticket?.subject?.unitId;
  return subject !== undefined && scope.isWithin(unitId, subject);
}

/**
 * `lead` when the ticket's lead unit is the actor's unit or under it; `coUnit` when only a co-unit
 * is, or a unit given a task at a coordination meeting (TN:12(四)); `none` otherwise, when the actor
 * has no unit or the ticket no assignment, and always for the unit a tip-off is about (TN:20; AH:34).
 */
export function unitStanding(actor: Actor, ticket: Ticket | null, scope: UnitScope): UnitStanding {
  const own = actor.unitId;
  const assignment = ticket?.assignment;
  if (!own || !assignment || isSubjectUnit(ticket, own, scope)) return 'none';
  if (scope.isWithin(assignment.leadUnit, own)) return 'lead';
  const parts = [...assignment.coUnits, ...(ticket?.coordination?.units ?? [])];
  if (parts.some((u) => scope.isWithin(u, own))) return 'coUnit';
  return 'none';
}
