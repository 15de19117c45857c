import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
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
  readonly key: kms.Key;
  readonly table: dynamodb.Table;
  readonly requesterHashKey: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.key = new kms.Key(this, 'Key', {
      alias: `alias/hotline/${config.deployment}/${config.stage}`,
      description: `Hotline ${config.deployment} ${config.stage}: table, secrets, logs, alarm topic`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts the deployment's log groups (functions, API access logs, workflows).
    this.key.addToResourcePolicy(
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
    this.key.addToResourcePolicy(
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
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeArchiveOfTheHotlineBus',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncrypt*'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:EncryptionContext:aws:events:event-bus:arn': bus } },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeDescribesTheKey',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    const attributes = new Set<string>();
    const attribute = (name: string): dynamodb.Attribute => {
      attributes.add(name);
      return { name, type: dynamodb.AttributeType.STRING };
    };
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: attribute(TABLE.partitionKey),
      sortKey: attribute(TABLE.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      stream: dynamodb.StreamViewType[TABLE.stream],
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE.indexes) {
      // Each index copies only what its readers need (see functions/adapters/table.ts).
      const include = (index as { include?: readonly string[] }).include;
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        ...(include
          ? { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...include] }
          : { projectionType: dynamodb.ProjectionType.KEYS_ONLY }),
      });
    }

    this.requesterHashKey = new secretsmanager.Secret(this, 'RequesterHashKey', {
      description: `Hotline ${config.deployment} ${config.stage}: key of the keyed hash of requesters' phone numbers`,
      encryptionKey: this.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: 'The hotline table (hotline directory import --table NAME)',
    });

    Validations.of(this.requesterHashKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The requester index stores a keyed hash of each phone number; a new key would orphan every stored hash and break repeat detection (RULES: repeats by requester). The key is generated by Secrets Manager, encrypted with the deployment key and read only by the functions that hash numbers.',
    });
  }
}
