import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTableInput, TABLE } from '../../functions/adapters/table.ts';
import { TTL_ATTRIBUTE } from '../../infra/cdk/stacks/data-stack.ts';
import { exampleConfig, only, resources, type Synthesized, synthesize, testConfig } from './support/synth.ts';

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

  it('keeps reports in a bucket encrypted with the deployment key, versioned, private, TLS only and retained', () => {
    // Act
    const [id, bucket] = resources(s.templates.data, 'AWS::S3::Bucket').find(([bucketId]) =>
      bucketId.startsWith('Reports'),
    ) as [string, { Properties: Props; DeletionPolicy?: string }];

    // Assess
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties.BucketName, 'retained: no fixed name').toBeUndefined();
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] },
            },
            BucketKeyEnabled: true,
          },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    s.templates.data.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
    s.templates.data.hasOutput('ReportBucketName', { Value: { Ref: id } });
  });

  it('keeps the knowledge search index in its own bucket: the deployment key, versioned, private, TLS only, old versions gone within a day', () => {
    // Act
    const [id, bucket] = resources(s.templates.data, 'AWS::S3::Bucket').find(([bucketId]) =>
      bucketId.startsWith('KnowledgeIndex'),
    ) as [string, { Properties: Props; DeletionPolicy?: string }];

    // Assess
    expect(resources(s.templates.data, 'AWS::S3::Bucket')).toHaveLength(2);
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] },
            },
            BucketKeyEnabled: true,
          },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: expect.arrayContaining([
          expect.objectContaining({
            NoncurrentVersionExpiration: { NoncurrentDays: 1, NewerNoncurrentVersions: 5 },
            Status: 'Enabled',
          }),
        ]),
      },
    });
    s.templates.data.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
    s.templates.data.hasOutput('KnowledgeIndexBucketNameExport', {
      Value: { Ref: id },
      Export: { Name: 'Hotline-changzhou-prod-Data-KnowledgeIndexBucketName' },
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

describe('Coming back after teardown (config retainedData)', () => {
  const arn = (service: string, resource: string) =>
    `arn:aws-cn:${service}:cn-north-1:123456789012:${resource}`;
  const retainedData = {
    keyArn: arn('kms', 'key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    tableName: 'Hotline-changzhou-prod-Data-TableCD117FA1-1A2B3C4D5E6F',
    tableStreamArn: arn(
      'dynamodb',
      'table/Hotline-changzhou-prod-Data-TableCD117FA1-1A2B3C4D5E6F/stream/2026-01-01T00:00:00.000',
    ),
    requesterHashKeySecretArn: arn('secretsmanager', 'secret:RequesterHashKey-abcdef'),
    reportBucketName: 'hotline-changzhou-prod-data-reports1a2b3c-4d5e6f',
  };

  it('re-attaches the retained table, key, hash secret and report bucket instead of making new ones', () => {
    // Prepare
    const config = testConfig('changzhou', { region: 'cn-north-1', retainedData });

    // Act
    const back = synthesize(config);

    // Assess: nothing new that holds data (the knowledge index is derived: a new bucket, filled by
    // the next build); the alias again on the old key
    for (const type of ['AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::SecretsManager::Secret']) {
      back.templates.data.resourceCountIs(type, 0);
    }
    expect(resources(back.templates.data, 'AWS::S3::Bucket').map(([id]) => id)).toEqual([
      expect.stringMatching(/^KnowledgeIndex/),
    ]);
    back.templates.data.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/hotline/changzhou/prod',
      TargetKeyId: retainedData.keyArn,
    });
    back.templates.data.hasOutput('TableName', { Value: retainedData.tableName });
    const api = JSON.stringify(back.templates.api.toJSON());
    const workflows = JSON.stringify(back.templates.workflows?.toJSON());
    expect(api).toContain(retainedData.requesterHashKeySecretArn);
    expect(workflows).toContain(`"Source":"${retainedData.tableStreamArn}"`);
    expect(workflows).toContain(retainedData.keyArn);
  });

  it('refuses retained resources of another region, or a stream of another table', () => {
    expect(() =>
      testConfig('changzhou', {
        region: 'cn-northwest-1',
        retainedData: {
          ...retainedData,
          tableStreamArn: retainedData.tableStreamArn.replace('Table', 'Other'),
        },
      }),
    ).toThrow(
      /retainedData\.keyArn: not in cn-northwest-1[\s\S]*retainedData\.tableStreamArn: not a stream of table/,
    );
  });
});
