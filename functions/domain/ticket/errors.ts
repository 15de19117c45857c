/**
 * A command the rules refuse. `rule` names the rule (e.g. `extension.tooLate`) and `basis` the
 * article it comes from, so that the API, the logs and the tests all speak of the same rule.
 */
export class RuleViolationError extends Error {
  constructor(
    readonly rule: string,
    message: string,
    readonly basis?: string,
  ) {
    super(message);
    this.name = 'RuleViolationError';
  }
}

/**
 * A command whose field holds a value the deployment does not know (an unknown request type, unit or
 * priority): bad input, answered 400 naming `field`, not a refusal of the rules in the ticket's state.
 * It is a RuleViolationError too, so that callers that only know that class still see the rule.
 */
export class InvalidFieldError extends RuleViolationError {
  constructor(
    readonly field: string,
    rule: string,
    message: string,
    basis?: string,
  ) {
    super(rule, message, basis);
    this.name = 'InvalidFieldError';
  }
}

/** Throws an InvalidFieldError naming `field` unless `condition` holds. */
export function ensureField(
  condition: unknown,
  field: string,
  rule: string,
  message: string,
  basis?: string,
): asserts condition {
  if (!condition) throw new InvalidFieldError(field, rule, message, basis);
}

/** Throws a RuleViolationError unless `condition` holds. */
export function ensure(condition: unknown, rule: string, message: string, basis?: string): asserts condition {
  if (!condition) throw new RuleViolationError(rule, message, basis);
}
