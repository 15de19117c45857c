import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Policy } from '../../domain/policy/index.ts';

/** Where a function finds its policy: POLICY_ID, POLICY_FILE and POLICY_SHA256. */
export interface PolicySettings {
  id: string;
  file: string | undefined;
  sha256: string | undefined;
}

/**
 * The policy in a Lambda bundle (`#policy-source` under the `hotline-lambda` condition): the file
 * synthesis validated and bundled (POLICY_FILE), recognised by its digest (POLICY_SHA256) and taken
 * as it is. Neither the presets nor the policy schema are in the bundle: validating again would add
 * some 20 KB to every bundle and 10 ms to every cold start. A file with another digest is refused,
 * unless the caller can validate it.
 */
export function loadPolicy(settings: PolicySettings): Policy {
  return readBundledPolicy(settings, () => {
    throw new Error(
      `${settings.file} is not the policy this deployment validated (its digest is not POLICY_SHA256): deploy again`,
    );
  });
}

/** Reads the bundled file; `unvalidated` deals with a file whose digest is not POLICY_SHA256. */
export function readBundledPolicy(settings: PolicySettings, unvalidated: (text: string) => Policy): Policy {
  if (!settings.file) throw new Error('POLICY_FILE is required: every deployment bundles its policy');
  const text = readFileSync(settings.file, 'utf8');
  const digest = createHash('sha256').update(text.trim()).digest('hex');
  const policy = digest === settings.sha256 ? (JSON.parse(text) as Policy) : unvalidated(text);
  if (policy.id !== settings.id)
    throw new Error(`${settings.file} holds policy ${policy.id}, not POLICY_ID ${settings.id}`);
  return policy;
}
