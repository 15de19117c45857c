import type { Policy } from '../schema.ts';
import { parsePolicy } from '../validate.ts';
import { anhui2021 } from './anhui-2021.ts';
import { changzhou2016 } from './changzhou-2016.ts';
import { jinzhou2023 } from './jinzhou-2023.ts';
import { pingdingshan2022 } from './pingdingshan-2022.ts';
import { tianning2013 } from './tianning-2013.ts';

/**
 * One preset per regulation, each validated the first time it is read: a function reads only its
 * own deployment's preset, and validating all five would cost its cold start some 20 ms.
 */
export const PRESETS: Readonly<Record<string, Policy>> = Object.freeze(
  Object.defineProperties(
    {},
    Object.fromEntries(
      [anhui2021, pingdingshan2022, changzhou2016, tianning2013, jinzhou2023].map((preset) => {
        let validated: Policy | undefined;
        const get = () => {
          validated ??= parsePolicy(preset);
          return validated;
        };
        return [preset.id, { enumerable: true, get }];
      }),
    ),
  ),
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
