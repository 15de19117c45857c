import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetPolicy } from '../../../functions/domain/policy/index.ts';
import { loadPolicy } from '../../../functions/runtime/policy-source/bundled.ts';

/** The policy source of the Lambda bundles: the file synthesis validated, recognised by its digest. */
function bundledFile(policy: unknown): { file: string; sha256: string } {
  const text = `${JSON.stringify(policy)}\n`;
  const file = join(mkdtempSync(join(tmpdir(), 'hotline-policy-')), 'policy.json');
  writeFileSync(file, text);
  return { file, sha256: createHash('sha256').update(text.trim()).digest('hex') };
}

describe('Function: loadPolicy (Lambda bundles)', () => {
  it('takes the bundled file whose digest is POLICY_SHA256 as it is', () => {
    const policy = presetPolicy('anhui-2021');
    const { file, sha256 } = bundledFile(policy);
    expect(loadPolicy({ id: 'anhui-2021', file, sha256 })).toEqual(policy);
  });

  it('refuses a file with another digest, of another deployment, or none at all', () => {
    const { file, sha256 } = bundledFile(presetPolicy('anhui-2021'));
    expect(() => loadPolicy({ id: 'anhui-2021', file, sha256: '0'.repeat(64) })).toThrow(
      /is not the policy this deployment validated/,
    );
    expect(() => loadPolicy({ id: 'pingdingshan-2022', file, sha256 })).toThrow(
      /holds policy anhui-2021, not POLICY_ID pingdingshan-2022/,
    );
    expect(() => loadPolicy({ id: 'anhui-2021', file: undefined, sha256 })).toThrow(
      /POLICY_FILE is required/,
    );
  });
});
