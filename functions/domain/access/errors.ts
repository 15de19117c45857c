/**
 * The actor may not do this, whatever the ticket's state. `reason` names why (`role.unknown`,
 * `role.notAllowed`, `unit.missing`, `unit.outOfScope`, `unit.coUnitReadOnly`,
 * `unit.targetOutOfScope`) and `basis` the article, where one applies.
 */
export class ForbiddenError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly basis?: string,
  ) {
    super(message);
    this.name = 'ForbiddenError';
  }
}
