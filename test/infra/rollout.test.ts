import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { type HotlineConfig, PROJECT_ROOT } from '../../infra/cdk/config.ts';
import { GatedRollout } from '../../infra/cdk/constructs/gated-rollout.ts';
import { HotlineFunction } from '../../infra/cdk/constructs/hotline-function.ts';
import { expectGatedRelease } from './support/rollout.ts';
import { testConfig } from './support/synth.ts';

/** One function released as `rollout` says, in a stack of its own (templates only, no bundling). */
function released(rollout: HotlineConfig['functionRollout']): { template: Template; fn: HotlineFunction } {
  const context = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context;
  const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Release', { env: { region: 'cn-north-1' } });
  const fn = new HotlineFunction(stack, 'Api-intake', {
    name: 'api-intake',
    entry: 'functions/api/intake.ts',
    settings: {
      policyId: 'anhui-2021',
      policyFingerprint: { version: 1, sha256: '0'.repeat(64) },
      policyFile: '/dev/null',
      calendarFiles: [],
      logRetention: logs.RetentionDays.ONE_YEAR,
      key: new kms.Key(stack, 'Key'),
      tracing: false,
      sourceMapStackTraces: false,
    },
  });
  new GatedRollout(stack, 'Rollout', { rollout }).gate(fn);
  return { template: Template.fromStack(stack), fn };
}

describe('Releases (config functionRollout)', () => {
  it.each([
    ['canary', 'CodeDeployDefault.LambdaCanary10Percent5Minutes'],
    ['linear', 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute'],
    ['allAtOnce', 'CodeDeployDefault.LambdaAllAtOnce'],
  ] as const)('%s moves the live alias with %s, gated by its error alarm', (rollout, deploymentConfig) => {
    // Act
    const { template, fn } = released(rollout);

    // Assess
    expectGatedRelease(template, fn, deploymentConfig);
  });

  it('defaults to the canary and refuses a way of release it does not know', () => {
    expect(testConfig('anhui', {}).functionRollout).toBe('canary');
    expect(() => testConfig('anhui', { functionRollout: 'blueGreen' as never })).toThrow(/functionRollout/);
  });
});
