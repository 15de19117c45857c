import type { Policy } from '../schema.ts';
import { parsePolicy } from '../validate.ts';
import { anhui2021 } from './anhui-2021.ts';
import { changzhou2016 } from './changzhou-2016.ts';
import { jinzhou2023 } from './jinzhou-2023.ts';
import { pingdingshan2022 } from './pingdingshan-2022.ts';
import { tianning2013 } from './tianning-2013.ts';

/** One preset per regulation, validated once when the module loads. */
export const PRESETS: Readonly<Record<string, Policy>> = Object.fromEntries(
  [anhui2021, pingdingshan2022, changzhou2016, tianning2013, jinzhou2023].map((p) => [p.id, parsePolicy(p)]),
);

export class UnknownPolicyError extends Error {
  constructor(readonly policyId: string) {
    super(`unknown policy "${policyId}"; known: ${Object.keys(PRESETS).join(', ')}`);
    this.name = 'UnknownPolicyError';
  }
}

export function presetPolicy(id: string): Policy {
  const policy = PRESETS[id];
  if (!policy) throw new UnknownPolicyError(id);
  return policy;
}
