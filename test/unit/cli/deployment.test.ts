import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { PRESETS } from '../../../functions/domain/policy/index.ts';
import { canonicalJson, deployedPolicyParameter, policyFingerprint } from '../../../infra/cdk/policy.ts';
import { policyChanges } from '../../../infra/cli/deployment-commands.ts';
import { jsonFile, run } from './run.ts';

const ssm = mockClient(SSMClient);
beforeEach(() => ssm.reset());

const anhui = PRESETS['anhui-2021'];
if (!anhui) throw new Error('no anhui preset');
/** The preset's version, and the next one (overrides must raise it). */
const v = anhui.version;
const next = v + 1;

/** The anhui example config with `overrides`, as a file. */
function configWith(overrides: Record<string, unknown>): string {
  return jsonFile('anhui.json', {
    deployment: 'anhui',
    region: 'cn-north-1',
    stage: 'prod',
    policy: { preset: 'anhui-2021', overrides },
    channels: [
      {
        id: 'web',
        name: 'Web portal',
        channels: ['web'],
        throttle: { rateLimit: 10, burstLimit: 20 },
        quota: { limit: 1000, period: 'DAY' },
      },
    ],
    staffAuth: { type: 'oidc', issuer: 'https://id.example.gov.cn', audience: 'desk' },
    alarmEmail: 'ops@example.gov.cn',
  });
}

const deployed = (policy: unknown) =>
  ssm
    .on(GetParameterCommand, { Name: deployedPolicyParameter('anhui', 'prod') })
    .resolves({ Parameter: { Value: canonicalJson(policy) } });

describe('hotline deployment check', () => {
  it('validates the config and prints its effective policy with version and digest, offline', async () => {
    // Act
    const r = await run(['deployment', 'check', '-c', 'config=infra/config/anhui.json', '--offline']);

    // Assess
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('config infra/config/anhui.json: valid');
    expect(r.stdout).toContain(`policy anhui-2021 v${v} sha256:${policyFingerprint(anhui).sha256}`);
    expect(r.stdout).toContain('"supervision"');
    expect(ssm.calls()).toHaveLength(0);
  });

  it('prints the config problems and fails for an invalid config', async () => {
    const r = await run([
      'deployment',
      'check',
      '-c',
      `config=${configWith({ version: v, supervision: { repeatCount: 9 } })}`,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/policy\.overrides\.version: overrides must raise the version/);
  });

  it('refuses a value changed under the version that is deployed, naming the change', async () => {
    // Prepare: deployed at the next version with repeatCount 4; the config keeps that version but says 5
    deployed({ ...anhui, version: next, supervision: { ...anhui.supervision, repeatCount: 4 } });

    // Act
    const r = await run([
      'deployment',
      'check',
      '-c',
      `config=${configWith({ version: next, supervision: { repeatCount: 5 } })}`,
    ]);

    // Assess
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`deployed: anhui-2021 v${next}`);
    expect(r.stdout).toContain('supervision.repeatCount: 4 → 5');
    expect(r.stdout).toContain(`refused: the policy changes under version ${next}`);
  });

  it('accepts a change that raises the version, and says so', async () => {
    deployed(anhui);
    const r = await run([
      'deployment',
      'check',
      '-c',
      `config=${configWith({ version: next, supervision: { repeatCount: 5 } })}`,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`version: ${v} → ${next}`);
    expect(r.stdout).toContain(`the policy changes from v${v} to v${next}`);
  });

  it('says when nothing is deployed yet, and when nothing changes', async () => {
    ssm.on(GetParameterCommand).rejectsOnce(new ParameterNotFound({ message: 'none', $metadata: {} }));
    const first = await run(['deployment', 'check', '-c', 'config=infra/config/anhui.json']);
    expect(first.stdout).toContain('deployed: nothing yet');

    deployed(anhui);
    const same = await run(['deployment', 'check', '-c', 'config=infra/config/anhui.json']);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('no change to the policy');
  });

  it('lists changed, added and removed values by path', () => {
    expect(
      policyChanges(
        { a: { b: 1, c: [{ x: 1, y: 2 }] }, d: 1 },
        { a: { b: 2, c: [{ y: 2, x: 1 }] }, e: true },
      ),
    ).toEqual(['a.b: 1 → 2', 'd: 1 → (absent)', 'e: (absent) → true']);
  });
});
