import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTableInput, TABLE } from '../../functions/adapters/table.ts';
import { TTL_ATTRIBUTE } from '../../infra/cdk/stacks/data-stack.ts';
import { exampleConfig, only, resources, type Synthesized, synthesize } from './support/synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize(exampleConfig('changzhou'));
});

type Props = Record<string, unknown>;

function table(): { Properties: Props; DeletionPolicy?: unknown } {
  return only(s.templates.data, 'AWS::DynamoDB::Table')[1];
}

describe('Data stack', () => {
  it('declares the table of functions/adapters/table.ts: same keys, indexes and stream', () => {
    // Prepare
    const local = createTableInput('hotline');
    const byName = <T extends { AttributeName?: string; IndexName?: string }>(a: T[]) =>
      [...a].sort((x, y) =>
        String(x.AttributeName ?? x.IndexName).localeCompare(String(y.AttributeName ?? y.IndexName)),
      );

    // Act
    const p = table().Properties;

    // Assess
    expect(p.KeySchema).toEqual(local.KeySchema);
    expect(byName(p.AttributeDefinitions as never[])).toEqual(byName(local.AttributeDefinitions));
    expect(byName(p.GlobalSecondaryIndexes as never[])).toEqual(byName(local.GlobalSecondaryIndexes));
    expect(p.StreamSpecification).toEqual({ StreamViewType: TABLE.stream });
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('encrypts the table with the customer-managed key, which rotates', () => {
    const [keyId, key] = only(s.templates.data, 'AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(table().Properties.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
  });

  it('keeps point-in-time recovery, deletion protection and the TTL of idempotency records', () => {
    expect(table().Properties).toMatchObject({
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
  });

  it('retains the table, the key and the hash-key secret when the stack is deleted', () => {
    for (const type of ['AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::SecretsManager::Secret']) {
      const [entry] = resources(s.templates.data, type);
      expect(entry?.[1].DeletionPolicy, type).toBe('Retain');
    }
    expect(s.stacks.data.terminationProtection).toBe(true);
  });

  it('generates the requester hash key in Secrets Manager, encrypted with the deployment key', () => {
    s.templates.data.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
    });
  });

  it('lets CloudWatch Logs of this account and region, and alarms, use the key', () => {
    const [, key] = only(s.templates.data, 'AWS::KMS::Key');
    const statements = (key.Properties.KeyPolicy as { Statement: { Sid?: string; Principal: unknown }[] })
      .Statement;
    const logs = statements.find((st) => st.Sid === 'CloudWatchLogsOfThisAccount');
    expect(JSON.stringify(logs?.Principal)).toContain('logs.cn-northwest-1.');
    expect(statements.some((st) => st.Sid === 'CloudWatchAlarmsPublishToTheAlarmTopic')).toBe(true);
  });
});
