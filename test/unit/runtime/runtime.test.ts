import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { presetPolicy } from '../../../functions/domain/policy/index.ts';
import { createRuntime } from '../../../functions/runtime/runtime.ts';

const BASE = { TABLE_NAME: 'hotline', POLICY_ID: 'anhui-2021', AWS_REGION: 'us-east-1' };
const secrets = mockClient(SecretsManagerClient);

function policyFile(policy: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'hotline-policy-')), 'policy.json');
  writeFileSync(file, JSON.stringify(policy));
  return file;
}

describe('Function: createRuntime', () => {
  beforeEach(() => secrets.reset());

  it('fails at load when a required setting is missing', () => {
    expect(() => createRuntime({ POLICY_ID: 'anhui-2021', REQUESTER_HASH_KEY: 'k' })).toThrow(/TABLE_NAME/);
  });

  it("loads without the requester hash key's secret, which only the functions that hash a phone are given", async () => {
    const rt = createRuntime({ ...BASE });
    await expect(rt.requesterHashKey()).rejects.toThrow(/REQUESTER_HASH_KEY_SECRET_ARN is not set/);
  });

  it('uses the effective policy a deployment bundles when it overrides the preset', () => {
    // Prepare: Anhui with a 2-working-day contact window
    const policy = structuredClone(presetPolicy('anhui-2021'));
    policy.contact = { within: { workingDays: 2 }, basis: 'local override' };
    // Act
    const rt = createRuntime({ ...BASE, REQUESTER_HASH_KEY: 'k', POLICY_FILE: policyFile(policy) });
    // Assess
    expect(rt.policy.contact?.within).toEqual({ workingDays: 2 });
  });

  it('refuses a policy file of another deployment, or one that does not validate', () => {
    const other = presetPolicy('pingdingshan-2022');
    expect(() => createRuntime({ ...BASE, REQUESTER_HASH_KEY: 'k', POLICY_FILE: policyFile(other) })).toThrow(
      /holds policy pingdingshan-2022, not POLICY_ID anhui-2021/,
    );
    const broken = {
      ...presetPolicy('anhui-2021'),
      reminders: [{ before: { workingDays: 40 }, basis: 'x' }],
    };
    expect(() =>
      createRuntime({ ...BASE, REQUESTER_HASH_KEY: 'k', POLICY_FILE: policyFile(broken) }),
    ).toThrow(/reminders\.0\.before/);
  });

  it('takes a policy file whose digest synthesis gave (POLICY_SHA256) as it is, and validates any other', () => {
    // Prepare: a file that would not validate (a reminder longer than the rule allows)
    const broken = {
      ...presetPolicy('anhui-2021'),
      reminders: [{ before: { workingDays: 40 }, basis: 'x' }],
    };
    const file = policyFile(broken);
    const digest = createHash('sha256').update(readFileSync(file, 'utf8').trim()).digest('hex');
    // Act and assess: with its digest it is the policy synthesis validated; with another it is checked here
    const rt = createRuntime({ ...BASE, REQUESTER_HASH_KEY: 'k', POLICY_FILE: file, POLICY_SHA256: digest });
    expect(rt.policy.reminders).toEqual(broken.reminders);
    expect(() =>
      createRuntime({ ...BASE, REQUESTER_HASH_KEY: 'k', POLICY_FILE: file, POLICY_SHA256: '0'.repeat(64) }),
    ).toThrow(/reminders\.0\.before/);
  });

  it('reads the requester hash key from Secrets Manager once, on first use', async () => {
    // Prepare
    secrets
      .on(GetSecretValueCommand, { SecretId: 'arn:secret' })
      .resolves({ SecretString: 'from-the-secret' });
    const rt = createRuntime({ ...BASE, REQUESTER_HASH_KEY_SECRET_ARN: 'arn:secret' });
    expect(secrets.calls()).toHaveLength(0);
    // Act
    const [first, second] = await Promise.all([rt.requesterHashKey(), rt.requesterHashKey()]);
    // Assess
    expect([first, second, await rt.requesterHashKey()]).toEqual([
      'from-the-secret',
      'from-the-secret',
      'from-the-secret',
    ]);
    expect(secrets.calls()).toHaveLength(1);
  });

  it('asks Secrets Manager again after a failed read', async () => {
    secrets.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: 'k2' });
    const rt = createRuntime({ ...BASE, REQUESTER_HASH_KEY_SECRET_ARN: 'arn:secret' });
    await expect(rt.requesterHashKey()).rejects.toThrow('throttled');
    expect(await rt.requesterHashKey()).toBe('k2');
  });
});
