export * from './limits.ts';
export { PRESETS, presetPolicy, UnknownPolicyError } from './presets/index.ts';
export * from './schema.ts';
export {
  describeDuration,
  type PolicyIssue,
  PolicyValidationError,
  parsePolicy,
  validatePolicy,
} from './validate.ts';
