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

/** Throws a RuleViolationError unless `condition` holds. */
export function ensure(condition: unknown, rule: string, message: string, basis?: string): asserts condition {
  if (!condition) throw new RuleViolationError(rule, message, basis);
}
