import { relative } from 'node:path';
import { ArnFormat, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { TABLE } from '../../../functions/adapters/table.ts';
import { bundleAliases, RUNTIME_SDK } from '../bundling/lean-bundles.ts';
import { PROJECT_ROOT } from '../config.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';

/** The alias every caller invokes: a release moves it to the new version, a rollback back. */
export const LIVE_ALIAS = 'live';

/** Where the Lambda runtime unpacks the bundle. */
const TASK_ROOT = '/var/task';

/** Lets ESM bundles load the CommonJS dependencies that still call `require`. */
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/**
 * What every function of a deployment shares: the policy it runs, the year schedules it carries, how
 * long its logs are kept and the key that encrypts them.
 */
export interface FunctionSettings {
  /** The policy preset id (`POLICY_ID`). */
  policyId: string;
  /** Version and digest of the effective policy (`POLICY_VERSION`, `POLICY_SHA256`): `cdk diff` shows a change. */
  policyFingerprint: { version: number; sha256: string };
  /**
   * The effective policy as a JSON file (its canonical JSON, digest POLICY_SHA256), bundled as
   * `policy.json` (`POLICY_FILE`).
   */
  policyFile: string;
  /** Operator year schedules to bundle under `calendar/` (`HOTLINE_CALENDAR_DIR`). */
  calendarFiles: readonly string[];
  logRetention: logs.RetentionDays;
  /** The deployment key: log groups and environment variables are encrypted with it. */
  key: kms.IKey;
  /** X-Ray active tracing; off, the tracer is left out of the bundle (a no-op stands in). */
  tracing: boolean;
  /** `--enable-source-maps` in NODE_OPTIONS (costs cold start time; the maps are bundled regardless). */
  sourceMapStackTraces: boolean;
}

/** A function's memory unless its stack says otherwise (the API's handlers keep it). */
export const DEFAULT_MEMORY_MB = 512;

/**
 * @example
 * ```ts
 * const fn = new HotlineFunction(this, 'Intake', {
 *   name: 'intake',
 *   entry: 'functions/api/intake.ts',
 *   settings,
 * });
 * fn.bindTable(table, 'readWrite');
 * ```
 */
export interface HotlineFunctionProps {
  /** Short name for logs, dashboards and alarms, e.g. `intake`. */
  name: string;
  /** The handler file relative to the project root; it exports `handler`. */
  entry: string;
  settings: FunctionSettings;
  description?: string;
  /** Default 10 seconds (API Gateway gives up after 29). */
  timeout?: Duration;
  /** Default 512 MB. */
  memorySize?: number;
  /**
   * The function is invoked asynchronously (an EventBridge rule or schedule): it gets its own
   * dead-letter queue, two retries and a six-hour maximum event age.
   */
  asyncInvocation?: { edge: string };
  /** At most this many instances at once (the knowledge index builder runs one build at a time). */
  reservedConcurrency?: number;
  /**
   * The handler may segment entries' Chinese text (the knowledge index's builder, and a search that
   * builds its own index while none is stored): jieba's WebAssembly package, which the segmenter
   * loads by `require` when it first segments an entry, goes into the bundle beside index.mjs
   * (about 4 MB).
   */
  segmenter?: boolean;
  /**
   * Files to bundle beside index.mjs, each named to the handler by an environment variable holding
   * its path in the bundle (e.g. the OpenAPI document, built at synth).
   */
  bundledFiles?: readonly BundledFile[];
}

export interface BundledFile {
  /** The file's name in the bundle. */
  name: string;
  /** Its absolute path at synth. */
  source: string;
  /** The environment variable that tells the handler where it is. */
  env: string;
}

/** The files of jieba-wasm that Node loads (its `node` export), copied for `segmenter`. */
const SEGMENTER_FILES = ['package.json', 'pkg/nodejs/jieba_rs_wasm.js', 'pkg/nodejs/jieba_rs_wasm_bg.wasm'];

export type TableAccess = 'read' | 'readWrite';

const TABLE_READ = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
const TABLE_WRITE = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];
/** DynamoDB uses the table key on the caller's behalf. Spelled out instead of `kms:ReEncrypt*` etc. */
const KEY_READ = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_WRITE = [
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];

/**
 * The one Lambda function construct: arm64, Node.js 24, ESM bundled locally by esbuild (never in
 * Docker) with source maps and the AWS SDK left to the runtime, X-Ray active tracing where the
 * deployment traces, Powertools settings, its own encrypted log group
 * with retention, and a role that starts with nothing but writing to that log group. The `bind…`
 * methods pass a resource to the handler (an environment variable) and grant exactly what it needs.
 */
export class HotlineFunction extends NodejsFunction {
  readonly name: string;
  /** The function's own log group (encrypted, with retention). */
  readonly functionLogGroup: logs.LogGroup;
  /** The dead-letter queue of asynchronous invocations, when the function has them. */
  readonly asyncDeadLetterQueue?: DeadLetterQueue;
  /**
   * The `live` alias on the version this release published: what API Gateway, rules, the Pipe and
   * state machines invoke. Versions are kept, so the alias can go back to the one before.
   */
  readonly live: lambda.Alias;

  constructor(scope: Construct, id: string, props: HotlineFunctionProps) {
    const { settings } = props;
    const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, {
      retention: settings.logRetention,
      encryptionKey: settings.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.name} function`,
    });
    logGroup.grantWrite(role);
    const asyncDeadLetterQueue = props.asyncInvocation
      ? new DeadLetterQueue(scope, `${id}AsyncDlq`, { edge: props.asyncInvocation.edge })
      : undefined;

    super(scope, id, {
      entry: props.entry.startsWith('/') ? props.entry : `${PROJECT_ROOT}/${props.entry}`,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}/package-lock.json`,
      description: props.description ?? `hotline ${props.name}`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? DEFAULT_MEMORY_MB,
      timeout: props.timeout ?? Duration.seconds(10),
      ...(props.reservedConcurrency !== undefined && {
        reservedConcurrentExecutions: props.reservedConcurrency,
      }),
      tracing: settings.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      role,
      logGroup,
      // Lambda's own START and REPORT lines (INFO) are not sent: some 350 bytes an invocation that
      // nobody reads (duration and errors are metrics). Set INFO to see memory used when tuning.
      loggingFormat: lambda.LoggingFormat.JSON,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      environmentEncryption: settings.key,
      environment: {
        ...functionEnvironment(settings),
        ...Object.fromEntries((props.bundledFiles ?? []).map((f) => [f.env, `${TASK_ROOT}/${f.name}`])),
      },
      // Each release publishes a version; the ones before are kept, so the alias can go back to them.
      currentVersionOptions: { removalPolicy: RemovalPolicy.RETAIN },
      ...(asyncDeadLetterQueue && {
        deadLetterQueueEnabled: true,
        deadLetterQueue: asyncDeadLetterQueue.queue,
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
      }),
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: CREATE_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The nodejs24.x runtime provides the AWS SDK (see bundling/lean-bundles.ts).
        bundleAwsSDK: false,
        externalModules: [...RUNTIME_SDK.externals],
        esbuildArgs: {
          '--alias': bundleAliases({ tracing: settings.tracing }),
          // A name the lean zod module lacks would be `undefined` at run time: fail the build instead.
          '--log-override': 'import-is-undefined=error',
          // Chinese text as UTF-8 (3 bytes a character), not \u escapes (6).
          '--charset': 'utf8',
          // `#policy-source` is the bundled policy file only (package.json `imports`).
          '--conditions': 'hotline-lambda',
        },
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) => [
            ...copyCommands(settings, inputDir, outputDir),
            ...(props.bundledFiles ?? []).map((f) => `cp "${f.source}" "${outputDir}/${f.name}"`),
            ...(props.segmenter ? segmenterCommands(inputDir, outputDir) : []),
          ],
        },
      },
    });
    this.name = props.name;
    this.functionLogGroup = logGroup;
    this.asyncDeadLetterQueue = asyncDeadLetterQueue?.redrivesTo();
    this.live = new lambda.Alias(this, 'Live', {
      aliasName: LIVE_ALIAS,
      version: this.currentVersion,
      description: `The released version of hotline ${props.name}`,
      // Asynchronous invocations of the alias have their own retry settings (the dead-letter queue
      // is part of the version's configuration).
      ...(asyncDeadLetterQueue && { retryAttempts: 2, maxEventAge: Duration.hours(6) }),
    });

    if (settings.tracing) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so AWS requires Resource "*". Every other statement of this role names its resources (checked by test/infra).',
      });
    }
  }

  /** Passes the table (`TABLE_NAME`) and grants item reads, plus writes for `readWrite`, and the key. */
  bindTable(table: dynamodb.ITable, access: TableAccess): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    const indexArns = TABLE.indexes.map((i) => `${table.tableArn}/index/${i.name}`);
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: access === 'readWrite' ? [...TABLE_READ, ...TABLE_WRITE] : TABLE_READ,
        resources: [table.tableArn],
      }),
    );
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: indexArns }));
    if (table.encryptionKey) {
      this.addToRolePolicy(
        new iam.PolicyStatement({
          actions: access === 'readWrite' ? [...KEY_READ, ...KEY_WRITE] : KEY_READ,
          resources: [table.encryptionKey.keyArn],
        }),
      );
    }
    return this;
  }

  /**
   * Passes a state machine (`envName`, default `TIMER_STATE_MACHINE_ARN`) and grants starting its
   * executions, or stopping them (any execution of this machine: their names follow from tickets and
   * clocks at run time).
   */
  bindStateMachine(
    stateMachine: sfn.StateMachine,
    access: 'start' | 'stop' | 'startAndStop' = 'start',
    envName = 'TIMER_STATE_MACHINE_ARN',
  ): this {
    this.addEnvironment(envName, stateMachine.stateMachineArn);
    if (access !== 'stop') {
      this.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['states:StartExecution'],
          resources: [stateMachine.stateMachineArn],
        }),
      );
    }
    if (access !== 'start') {
      const stack = Stack.of(this);
      const executions = stack.formatArn({
        service: 'states',
        resource: 'execution',
        resourceName: `${stateMachine.stateMachineName}:*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      this.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['states:StopExecution'], resources: [executions] }),
      );
      Validations.of(this.role as iam.Role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagRender(stack, executions)}]`,
        reason:
          'StopExecution takes an execution ARN, and executions are named by ticket and clock at run time: the grant covers the executions of this one state machine and nothing else.',
      });
    }
    return this;
  }

  /**
   * Passes a bucket (`envName`, default `REPORT_BUCKET`) and grants reading its objects, plus writing
   * them for `readWrite`, with the key that encrypts them; `objectKey` narrows the grant to one
   * object. Listing the bucket is granted too: without it S3 answers a missing object with 403, not 404.
   */
  bindBucket(
    bucket: s3.IBucket,
    access: 'read' | 'readWrite',
    envName = 'REPORT_BUCKET',
    objectKey?: string,
  ): this {
    this.addEnvironment(envName, bucket.bucketName);
    const objects = bucket.arnForObjects(objectKey ?? '*');
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: access === 'readWrite' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
        resources: [objects],
      }),
    );
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
    );
    if (bucket.encryptionKey) {
      this.addToRolePolicy(
        new iam.PolicyStatement({
          actions: access === 'readWrite' ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
          resources: [bucket.encryptionKey.keyArn],
        }),
      );
    }
    if (!objectKey) {
      Validations.of(this.role as iam.Role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagRender(Stack.of(this), objects)}]`,
        reason:
          'Report objects are named by period and kind at run time: the grant covers the objects of this one bucket and nothing else.',
      });
    }
    return this;
  }

  /** Passes the event bus (`EVENT_BUS_NAME`) and grants putting events on it. */
  bindBus(bus: events.IEventBus): this {
    this.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [bus.eventBusArn] }),
    );
    return this;
  }

  /**
   * Passes a secret by ARN (`envName`, default `REQUESTER_HASH_KEY_SECRET_ARN`) and grants reading
   * its value; the handler fetches it once per instance. The value never appears in the template.
   */
  bindSecret(secret: secretsmanager.ISecret, envName = 'REQUESTER_HASH_KEY_SECRET_ARN'): this {
    this.addEnvironment(envName, secret.secretArn);
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
    );
    if (secret.encryptionKey) {
      this.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [secret.encryptionKey.keyArn] }),
      );
    }
    return this;
  }
}

/** The environment every function starts with. */
function functionEnvironment(settings: FunctionSettings): Record<string, string> {
  return {
    ...(!settings.tracing && { POWERTOOLS_TRACE_ENABLED: 'false' }),
    POLICY_ID: settings.policyId,
    POLICY_VERSION: String(settings.policyFingerprint.version),
    POLICY_SHA256: settings.policyFingerprint.sha256,
    POLICY_FILE: `${TASK_ROOT}/policy.json`,
    HOTLINE_CALENDAR_DIR: `${TASK_ROOT}/calendar`,
    POWERTOOLS_SERVICE_NAME: 'hotline',
    POWERTOOLS_METRICS_NAMESPACE: 'Hotline',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    // Responses hold requesters' names and phone numbers for the roles that may see them: never in traces.
    POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
    POWERTOOLS_LOGGER_LOG_EVENT: 'false',
    ...(settings.sourceMapStackTraces && { NODE_OPTIONS: '--enable-source-maps' }),
  };
}

/** Shell commands that copy the year schedules (and the effective policy) into the bundle. */
function copyCommands(settings: FunctionSettings, inputDir: string, outputDir: string): string[] {
  const from = (file: string) => {
    const rel = relative(PROJECT_ROOT, file);
    return rel.startsWith('..') ? file : `${inputDir}/${rel}`;
  };
  const commands = [`mkdir -p "${outputDir}/calendar"`];
  for (const file of settings.calendarFiles) {
    commands.push(`cp "${from(file)}" "${outputDir}/calendar/"`);
  }
  commands.push(`cp "${from(settings.policyFile)}" "${outputDir}/policy.json"`);
  return commands;
}

/** Shell commands that copy jieba-wasm's Node files into the bundle's node_modules. */
function segmenterCommands(inputDir: string, outputDir: string): string[] {
  const target = `${outputDir}/node_modules/jieba-wasm`;
  return [
    `mkdir -p "${target}/pkg/nodejs"`,
    ...SEGMENTER_FILES.map((file) => `cp "${inputDir}/node_modules/jieba-wasm/${file}" "${target}/${file}"`),
  ];
}

/** The stack's region-qualified service principal, e.g. `logs.cn-north-1.amazonaws.com.cn`. */
export function regionalServicePrincipal(scope: Construct, service: string): iam.ServicePrincipal {
  const stack = Stack.of(scope);
  return new iam.ServicePrincipal(`${service}.${stack.region}.${stack.urlSuffix}`);
}

/**
 * How cdk-nag writes a resource in a finding id: intrinsic references become `<LogicalId.Attribute>`
 * or `<Pseudo::Parameter>`, so that an acknowledgment can name exactly the resource it accepts.
 */
export function nagRender(stack: Stack, value: string): string {
  const render = (v: unknown): string => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('Ref' in o) return `<${String(o.Ref)}>`;
      if ('Fn::GetAtt' in o) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
      if ('Fn::Join' in o) {
        const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
        return parts.map(render).join(sep);
      }
      // An import is written as the export's name.
      if ('Fn::ImportValue' in o) return render(o['Fn::ImportValue']);
    }
    return JSON.stringify(v);
  };
  return Token.isUnresolved(value) ? render(stack.resolve(value)) : value;
}
