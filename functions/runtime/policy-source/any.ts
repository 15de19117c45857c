import { type Policy, parsePolicy, presetPolicy } from '../../domain/policy/index.ts';
import { type PolicySettings, readBundledPolicy } from './bundled.ts';

/**
 * The policy wherever the code runs but in a Lambda bundle (`#policy-source`'s default): the
 * effective policy a deployment bundled (POLICY_FILE), else the preset named by POLICY_ID. A file
 * without the digest synthesis gave it (POLICY_SHA256) is validated here.
 */
export function loadPolicy(settings: PolicySettings): Policy {
  if (!settings.file) return presetPolicy(settings.id);
  return readBundledPolicy(settings, (text) => parsePolicy(JSON.parse(text)));
}
