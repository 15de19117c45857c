import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { TABLE } from '../../../functions/adapters/table.ts';
import type { HotlineConfig } from '../config.ts';
import { regionalServicePrincipal } from '../constructs/hotline-function.ts';
import { busName } from './workflows-stack.ts';

/**
 * @example
 * ```ts
 * const data = new DataStack(app, 'Hotline-anhui-prod-Data', { env, config });
 * ```
 */
export interface DataStackProps extends StackProps {
  config: HotlineConfig;
}

/** The deployment key's alias, e.g. `alias/hotline/anhui/prod`. */
const keyAlias = (config: HotlineConfig) => `alias/hotline/${config.deployment}/${config.stage}`;

/** TTL attribute of idempotency records and attempt counters (Powertools' default name). */
export const TTL_ATTRIBUTE = 'expiration';

/**
 * What the hotline keeps: the deployment key, the single table (built from
 * functions/adapters/table.ts, so it has the same keys and indexes as DynamoDB Local) and the
 * secret behind the keyed hash of requesters' phone numbers. Everything here is retained when the
 * stack is deleted.
 */
export class DataStack extends Stack {
  /** Encrypts the table and its stream, the secret, every log group, the alarm topic and the function environments. */
  readonly key: kms.IKey;
  readonly table: dynamodb.ITable;
  readonly requesterHashKey: secretsmanager.ISecret;
  /** Reports and bulletins as files (JSON, CSV, HTML): encrypted with the key, versioned, retained. */
  readonly reportBucket: s3.IBucket;
  /** The names the report bucket's ARN and name are exported under (`Hotline-…-Data-ReportBucketArn`). */
  readonly reportBucketExports: { arn: string; name: string };
  /**
   * The knowledge base's search index (KNOWLEDGE_INDEX_BUCKET): written by the index builder,
   * read by the search functions. Encrypted with the key, versioned, old versions expire.
   */
  readonly knowledgeIndexBucket: s3.IBucket;
  /** The names the index bucket's ARN and name are exported under. */
  readonly knowledgeIndexBucketExports: { arn: string; name: string };

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;

    const retained = config.retainedData;
    this.key = retained ? kms.Key.fromKeyArn(this, 'Key', retained.keyArn) : this.newKey(config);
    this.table = retained
      ? dynamodb.Table.fromTableAttributes(this, 'Table', {
          tableName: retained.tableName,
          tableStreamArn: retained.tableStreamArn,
          encryptionKey: this.key,
        })
      : this.newTable(this.key);
    this.requesterHashKey = retained
      ? secretsmanager.Secret.fromSecretCompleteArn(
          this,
          'RequesterHashKey',
          retained.requesterHashKeySecretArn,
        )
      : this.newSecret(config, this.key);
    this.reportBucket = retained?.reportBucketName
      ? s3.Bucket.fromBucketAttributes(this, 'Reports', {
          bucketName: retained.reportBucketName,
          encryptionKey: this.key,
        })
      : this.newReportBucket(this.key);
    if (retained) {
      // The alias went with the destroyed stack; the retained key keeps its key policy.
      new kms.Alias(this, 'KeyAlias', { aliasName: keyAlias(config), targetKey: this.key });
    }
    // Exported under names of ours, so that a grant in another stack can name the import (cdk-nag).
    this.reportBucketExports = { arn: `${id}-ReportBucketArn`, name: `${id}-ReportBucketName` };
    new CfnOutput(this, 'ReportBucketArnExport', {
      value: this.reportBucket.bucketArn,
      exportName: this.reportBucketExports.arn,
    });
    new CfnOutput(this, 'ReportBucketNameExport', {
      value: this.reportBucket.bucketName,
      exportName: this.reportBucketExports.name,
    });
    new CfnOutput(this, 'ReportBucketName', {
      value: this.reportBucket.bucketName,
      description: 'Reports and bulletins (REPORT_BUCKET of the functions that write or read them)',
    });
    // Derived data, rebuilt from the table on the next publish: a re-attached data stack
    // (retainedData) gets a new one, and searchers build from the table until it is written.
    this.knowledgeIndexBucket = this.newKnowledgeIndexBucket(this.key);
    this.knowledgeIndexBucketExports = {
      arn: `${id}-KnowledgeIndexBucketArn`,
      name: `${id}-KnowledgeIndexBucketName`,
    };
    new CfnOutput(this, 'KnowledgeIndexBucketArnExport', {
      value: this.knowledgeIndexBucket.bucketArn,
      exportName: this.knowledgeIndexBucketExports.arn,
    });
    new CfnOutput(this, 'KnowledgeIndexBucketNameExport', {
      value: this.knowledgeIndexBucket.bucketName,
      exportName: this.knowledgeIndexBucketExports.name,
    });
    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: 'The hotline table (hotline directory import --table NAME)',
    });
  }

  private newKey(config: HotlineConfig): kms.Key {
    const key = new kms.Key(this, 'Key', {
      alias: keyAlias(config),
      description: `Hotline ${config.deployment} ${config.stage}: table, secrets, logs, alarm topic`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts the deployment's log groups (functions, API access logs, workflows).
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsOfThisAccount',
        principals: [regionalServicePrincipal(this, 'logs')],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*`,
          },
        },
      }),
    );
    // CloudWatch alarms publish to the encrypted alarm topic.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheAlarmTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    // EventBridge encrypts the ticket event archive of the deployment's bus with this key.
    const bus = `arn:${this.partition}:events:${this.region}:${this.account}:event-bus/${busName(`${config.deployment}-${config.stage}`)}`;
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeArchiveOfTheHotlineBus',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncrypt*'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:EncryptionContext:aws:events:event-bus:arn': bus } },
      }),
    );
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeDescribesTheKey',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    return key;
  }

  private newTable(key: kms.IKey): dynamodb.Table {
    const attributes = new Set<string>();
    const attribute = (name: string): dynamodb.Attribute => {
      attributes.add(name);
      return { name, type: dynamodb.AttributeType.STRING };
    };
    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: attribute(TABLE.partitionKey),
      sortKey: attribute(TABLE.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      stream: dynamodb.StreamViewType[TABLE.stream],
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE.indexes) {
      // Each index copies only what its readers need (see functions/adapters/table.ts).
      const include = (index as { include?: readonly string[] }).include;
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        ...(include
          ? { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...include] }
          : { projectionType: dynamodb.ProjectionType.KEYS_ONLY }),
      });
    }

    return table;
  }

  private newSecret(config: HotlineConfig, key: kms.IKey): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'RequesterHashKey', {
      description: `Hotline ${config.deployment} ${config.stage}: key of the keyed hash of requesters' phone numbers`,
      encryptionKey: key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The requester index stores a keyed hash of each phone number; a new key would orphan every stored hash and break repeat detection (RULES: repeats by requester). The key is generated by Secrets Manager, encrypted with the deployment key and read only by the functions that hash numbers.',
    });
    return secret;
  }

  /**
   * Its own bucket rather than a prefix of the report bucket: the index is rewritten on every
   * publish (tens of MB at 50,000 entries), so old versions must expire within a day, which
   * reports must not; and the grants stay apart (the report writers cannot touch the index).
   */
  private newKnowledgeIndexBucket(key: kms.IKey): s3.Bucket {
    return this.privateBucket(
      'KnowledgeIndex',
      key,
      [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // A bad index can be put back from one of the last five for a day; older ones are gone.
        { noncurrentVersionExpiration: Duration.days(1), noncurrentVersionsToRetain: 5 },
      ],
      'Holds one object, the search index of the published knowledge-base entries (no personal data), written by the index builder and read by the search functions, whose roles name that object; S3 server access logs would need a second bucket that cannot use the deployment key.',
    );
  }

  private newReportBucket(key: kms.IKey): s3.Bucket {
    return this.privateBucket(
      'Reports',
      key,
      [{ abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      'Only the hotline functions write reports here (their roles name this bucket) and staff read them through the API, whose access log records each request with the staff member; S3 server access logs would need a second bucket that cannot use the deployment key. Enable CloudTrail S3 data events for this bucket where the province audits object reads.',
    );
  }

  /**
   * A private, versioned bucket under the deployment key, TLS only, retained. No fixed name: a
   * redeploy after teardown creates a new one beside the kept one. `whyNoAccessLogs` answers cdk-nag.
   */
  private privateBucket(
    id: string,
    key: kms.IKey,
    lifecycleRules: s3.LifecycleRule[],
    whyNoAccessLogs: string,
  ): s3.Bucket {
    const bucket = new s3.Bucket(this, id, {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules,
    });
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: whyNoAccessLogs });
    return bucket;
  }
}
