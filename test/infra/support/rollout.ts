import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import type { HotlineFunction } from '../../../infra/cdk/constructs/hotline-function.ts';

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdatePolicy?: Record<string, unknown>;
};

/**
 * Asserts that `fn` is released behind its `live` alias: a kept version, an alias CodeDeploy moves as
 * `deploymentConfig` says, rolled back by a gate alarm (on the alias's own errors unless `gateMetric`
 * names another metric).
 */
export function expectGatedRelease(
  template: Template,
  fn: HotlineFunction,
  deploymentConfig: string,
  gateMetric?: { Namespace: string; MetricName: string },
): void {
  const all = template.toJSON().Resources as Record<string, Resource>;
  const stack = Stack.of(fn);
  const id = (c: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(c.node.defaultChild as CfnElement);
  const fnId = id(fn);
  const get = (logicalId: string): Resource => {
    const r = all[logicalId];
    if (!r) throw new Error(`${fn.name}: no resource ${logicalId}`);
    return r;
  };

  const alias = get(id(fn.live));
  expect(alias.Properties.Name, fn.name).toBe('live');
  const [versionId] = (alias.Properties.FunctionVersion as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
  const version = get(versionId);
  expect(version.Type).toBe('AWS::Lambda::Version');
  expect(version.Properties.FunctionName).toEqual({ Ref: fnId });
  expect(version.DeletionPolicy, `${fn.name}: the version before a release stays for a rollback`).toBe(
    'Retain',
  );

  const update = alias.UpdatePolicy?.CodeDeployLambdaAliasUpdate as { DeploymentGroupName: { Ref: string } };
  expect(update, `${fn.name}: CodeDeploy moves the alias`).toBeDefined();
  const group = get(update.DeploymentGroupName.Ref);
  expect(group.Properties).toMatchObject({
    DeploymentConfigName: deploymentConfig,
    AutoRollbackConfiguration: {
      Enabled: true,
      Events: expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']),
    },
    AlarmConfiguration: { Enabled: true },
  });
  const alarms = (group.Properties.AlarmConfiguration as { Alarms: { Name: { Ref: string } }[] }).Alarms;
  expect(alarms, fn.name).toHaveLength(1);
  const alarm = get(alarms[0]?.Name.Ref as string);
  expect(alarm.Properties.AlarmActions, `${fn.name}: a gate mails no one`).toBeUndefined();
  expect(alarm.Properties.Threshold).toBe(1);
  if (gateMetric) {
    expect(alarm.Properties).toMatchObject(gateMetric);
    return;
  }
  const metrics = alarm.Properties.Metrics as { MetricStat: { Metric: Record<string, unknown> } }[];
  expect(metrics[0]?.MetricStat.Metric).toEqual({
    Namespace: 'AWS/Lambda',
    MetricName: 'Errors',
    Dimensions: [
      { Name: 'FunctionName', Value: { Ref: fnId } },
      { Name: 'Resource', Value: { 'Fn::Join': ['', [{ Ref: fnId }, ':live']] } },
    ],
  });
}
