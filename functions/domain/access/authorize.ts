import type { Action, Actor, Command, Ticket } from '../ticket/index.ts';
import { ForbiddenError } from './errors.ts';
import { isAllowed } from './matrix.ts';
import { isUnitRole, parseRole } from './roles.ts';
import { isSubjectUnit, type UnitScope, unitStanding } from './scope.ts';

/**
 * Throws a ForbiddenError unless `actor` may issue `action` on `ticket` (null for a new ticket):
 * the role must allow the action (`ALLOWED_ACTIONS`), and a unit role acts only on tickets whose lead
 * unit is its own unit or a unit under it; co-units only read (PDS:12; AH:14).
 *
 * Pass the whole command rather than its action to check also where a unit hands a ticket on: a
 * unit re-dispatches only to a unit under it (CZ:一(二)3; PDS:5).
 */
export function authorize(
  actor: Actor,
  action: Action | Command,
  ticket: Ticket | null,
  scope: UnitScope,
): void {
  const command = typeof action === 'string' ? undefined : action;
  const name = command?.action ?? (action as Action);
  const role = parseRole(actor.role);
  if (!role) throw new ForbiddenError('role.unknown', `"${actor.role}" is not a role`);
  if (!isAllowed(role, name)) {
    throw new ForbiddenError('role.notAllowed', `a ${role} may not ${name}`);
  }
  assertNotToSubject(command, ticket, scope);
  if (!isUnitRole(role)) return;
  const own = actor.unitId;
  if (!own) throw new ForbiddenError('unit.missing', `a ${role} without a unit may do nothing`);
  const standing = unitStanding(actor, ticket, scope);
  if (standing === 'coUnit' && command?.action === 'reportTask' && command.unitId === own) return;
  if (standing === 'coUnit') {
    throw new ForbiddenError(
      'unit.coUnitReadOnly',
      `unit ${own} is a co-unit of this ticket: the lead unit acts, co-units only read`,
      'AH:14; PDS:12',
    );
  }
  if (standing === 'none') {
    throw new ForbiddenError('unit.outOfScope', `the ticket is not led by unit ${own} or a unit under it`);
  }
  if (command?.action === 'redispatch' && (command.toUnit === own || !scope.isWithin(command.toUnit, own))) {
    throw new ForbiddenError(
      'unit.targetOutOfScope',
      `unit ${own} hands a ticket down only to a unit under it, not to ${command.toUnit}`,
      'CZ:一(二)3; PDS:5',
    );
  }
}

/** A tip-off never goes to the unit it is about or a unit under it (TN:20; AH:34), whoever sends it. */
function assertNotToSubject(command: Command | undefined, ticket: Ticket | null, scope: UnitScope): void {
  let targets: string[] = [];
  if (command?.action === 'dispatch') targets = [command.leadUnit, ...command.coUnits];
  if (command?.action === 'redispatch') targets = [command.toUnit];
  if (command?.action === 'recordCoordination') targets = command.units;
  const subject = targets.find((unit) => isSubjectUnit(ticket, unit, scope));
  if (subject) {
    throw new ForbiddenError(
      'tipoff.subjectUnit',
      `the ticket is about unit ${ticket?.subject?.unitId}: it never goes to ${subject}`,
      'TN:20; AH:34',
    );
  }
}

/**
 * Whether `actor` may read `ticket`: every centre role reads every ticket; a unit role reads the
 * tickets where its unit, or a unit under it, is the lead unit or a co-unit.
 */
export function canRead(actor: Actor, ticket: Ticket, scope: UnitScope): boolean {
  const role = parseRole(actor.role);
  if (!role) return false;
  if (!isUnitRole(role)) return true;
  return unitStanding(actor, ticket, scope) !== 'none';
}
