import { createHash } from 'node:crypto';
import {
  type Policy,
  type PolicyIssue,
  PRESETS,
  validatePolicy,
} from '../../functions/domain/policy/index.ts';

/**
 * The policy a deployment runs: its preset with the config's overrides applied, validated at synth
 * time so that a contradiction fails `cdk synth` and never reaches a Lambda.
 */

export class PolicyOverrideError extends Error {
  constructor(readonly issues: PolicyIssue[]) {
    super(`invalid policy overrides:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'PolicyOverrideError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects merge field by field; arrays, values and null replace. */
export function mergeOverrides(base: unknown, overrides: unknown): unknown {
  if (!isObject(base) || !isObject(overrides)) return overrides;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    merged[key] = key in base ? mergeOverrides(base[key], value) : value;
  }
  return merged;
}

/**
 * The preset `presetId` with `overrides` applied. Without overrides it is the preset itself. With
 * any, `version` must be raised above the preset's (deadlines record the policy id and version that
 * made them) and `id` may not change (the functions look the preset up by id).
 *
 * @example
 * ```ts
 * effectivePolicy('anhui-2021', { version: 2, supervision: { repeatCount: 4 } });
 * ```
 */
export function effectivePolicy(presetId: string, overrides: Record<string, unknown> = {}): Policy {
  const preset = PRESETS[presetId];
  if (!preset) throw new PolicyOverrideError([{ path: 'preset', message: `unknown preset "${presetId}"` }]);
  if (Object.keys(overrides).length === 0) return preset;
  const issues: PolicyIssue[] = [];
  if ('id' in overrides && overrides.id !== preset.id) {
    issues.push({ path: 'id', message: `the policy id stays "${preset.id}"` });
  }
  if (typeof overrides.version !== 'number' || overrides.version <= preset.version) {
    issues.push({
      path: 'version',
      message: `overrides must raise the version above the preset's ${preset.version}`,
    });
  }
  if (issues.length > 0) throw new PolicyOverrideError(issues);
  const result = validatePolicy(mergeOverrides(preset, overrides));
  if (!result.ok) throw new PolicyOverrideError(result.issues);
  return result.policy;
}

/**
 * What ties a deployed policy to its content: id, version and the SHA-256 of its canonical JSON
 * (keys sorted). Two policies with the same id and version but another digest differ in a value
 * that the version does not say: `hotline deployment check` refuses that.
 */
export function policyFingerprint(policy: Policy): { id: string; version: number; sha256: string } {
  return {
    id: policy.id,
    version: policy.version,
    sha256: createHash('sha256').update(canonicalJson(policy)).digest('hex'),
  };
}

/** JSON with object keys sorted at every level, so that equal values give equal text. */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : isObject(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort(v[k])]),
          )
        : v;
  return JSON.stringify(sort(value));
}

/** Where a deployment keeps the policy it runs (SSM parameter, written by the API stack). */
export const deployedPolicyParameter = (deployment: string, stage: string) =>
  `/hotline/${deployment}/${stage}/effective-policy`;
