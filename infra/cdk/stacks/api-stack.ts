import {
  CfnOutput,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { INDEX_OBJECT_KEY } from '../../../functions/adapters/knowledge-search/index-store.ts';
import { ROUTES, type Route } from '../../../functions/api/routes.ts';
import { ROLES } from '../../../functions/domain/access/roles.ts';
import { openApiDocumentFile } from '../bundling/lean-bundles.ts';
import type { HotlineConfig } from '../config.ts';
import { GatedRollout } from '../constructs/gated-rollout.ts';
import { type FunctionSettings, HotlineFunction, type TableAccess } from '../constructs/hotline-function.ts';
import { canonicalJson, deployedPolicyParameter, policyFingerprint } from '../policy.ts';
import { METRICS_NAMESPACE } from './observability-stack.ts';

/**
 * @example
 * ```ts
 * const api = new ApiStack(app, 'Hotline-anhui-prod-Api', {
 *   env, config, settings, table: data.table, requesterHashKey: data.requesterHashKey, key: data.key,
 * });
 * ```
 */
export interface ApiStackProps extends StackProps {
  config: HotlineConfig;
  settings: FunctionSettings;
  table: dynamodb.ITable;
  requesterHashKey: secretsmanager.ISecret;
  /** Encrypts the access logs. */
  key: kms.IKey;
  /** The staff token authorizer's handler file (default `STAFF_AUTHORIZER_ENTRY`); tests pass a stub. */
  staffAuthorizerEntry?: string;
  /** The report bucket, by the data stack's export names (`REPORT_BUCKET` of the reports handler). */
  reportBucketExports: { arn: string; name: string };
  /** The knowledge index bucket, by the data stack's export names (`KNOWLEDGE_INDEX_BUCKET` of the searches). */
  knowledgeIndexBucketExports: { arn: string; name: string };
}

interface HandlerNeeds {
  table?: TableAccess;
  secret?: boolean;
  knowledgeIndex?: boolean;
  /** The handler serves the OpenAPI document, built at synth and bundled (OPENAPI_FILE). */
  openApiDocument?: boolean;
}

/** Memory of the functions that hold the knowledge index (bench:kb: 661 MB peak resident loading 50,000 entries). */
export const KNOWLEDGE_SEARCH_MEMORY_MB = 1024;

/** What each handler file needs besides its own log group. Adding a handler to routes.ts without an entry here does not compile. */
const HANDLER_NEEDS = {
  intake: { table: 'readWrite' },
  // Wrong query codes are counted in the table (guess throttling).
  progress: { table: 'readWrite', secret: true },
  // Reading full personal data writes an audit record.
  tickets: { table: 'readWrite', secret: true },
  commands: { table: 'readWrite', secret: true },
  directory: { table: 'readWrite', secret: true },
  openapi: { openApiDocument: true },
  // The knowledge base: entries, their events and upkeep counts; search reads the index; self-service
  // counts its clients' requests and takes citizens' correction reports.
  // The searches load the index the builder stores (knowledgeIndex: read its one object, peak at
  // 337 MB resident loading 50,000 entries); they carry jieba only to build their own copy while
  // nothing is stored yet (queries are segmented against the index's words).
  knowledge: { table: 'readWrite' },
  search: { table: 'read', knowledgeIndex: true },
  selfservice: { table: 'readWrite', knowledgeIndex: true },
  // Reports read the aggregates and put cluster tickets under supervision (AH:20(六)); they are kept
  // in the report bucket (REPORT_BUCKET, bound below), locally where REPORT_DIR names.
  reports: { table: 'readWrite', secret: true },
  // Live scores; sanctions recorded by hand.
  assessment: { table: 'readWrite', secret: true },
  // The work queues read the queues index only.
  queues: { table: 'read' },
  // Each year's schedule source, from the operator schedules bundled with every function.
  calendar: {},
} as const satisfies Record<Route['handler'], HandlerNeeds>;

/** Staff tokens refused because the OIDC provider's signing keys could not be read (metric filter). */
export const STAFF_PROVIDER_FAILURES_METRIC = 'StaffTokenProviderFailures';

/** The Lambda authorizer of staff ID tokens when staff sign in with an OIDC provider. */
export const STAFF_AUTHORIZER_ENTRY = 'functions/api/staff-authorizer.ts';

interface StaffAuthorization {
  authorizer?: apigw.IAuthorizer;
  authorizationType: apigw.AuthorizationType;
  userPool?: cognito.UserPool;
  userPoolClient?: cognito.UserPoolClient;
  authorizerFunction?: HotlineFunction;
}

/** Staff roles that people hold (the `system` role is the workflows'). */
export const STAFF_ROLES = ROLES.filter((r) => r !== 'system');

/** The problem `type` base the handlers use (functions/http/problem.ts). */
const PROBLEM_TYPE = 'https://hotline.example/problems/';

/** Gateway refusals, answered as application/problem+json like the handlers' own. */
const GATEWAY_PROBLEMS: {
  type: apigw.ResponseType;
  status?: string;
  title: string;
  rule: string;
  detail?: string;
}[] = [
  {
    type: apigw.ResponseType.BAD_REQUEST_PARAMETERS,
    status: '400',
    title: 'Bad Request',
    rule: 'request.invalid',
  },
  { type: apigw.ResponseType.BAD_REQUEST_BODY, status: '400', title: 'Bad Request', rule: 'request.invalid' },
  { type: apigw.ResponseType.UNAUTHORIZED, status: '401', title: 'Unauthorized', rule: 'auth.required' },
  { type: apigw.ResponseType.ACCESS_DENIED, status: '403', title: 'Forbidden', rule: 'auth.forbidden' },
  // A missing or unknown API key: the channel is not authenticated, 401 as the OpenAPI document says.
  {
    type: apigw.ResponseType.INVALID_API_KEY,
    status: '401',
    title: 'Unauthorized',
    rule: 'auth.invalidApiKey',
  },
  { type: apigw.ResponseType.WAF_FILTERED, status: '403', title: 'Forbidden', rule: 'request.blocked' },
  // A REST API answers an unknown path or method this way.
  {
    type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
    status: '404',
    title: 'Not Found',
    rule: 'resource.notFound',
    detail: 'no such resource or method',
  },
  {
    type: apigw.ResponseType.REQUEST_TOO_LARGE,
    status: '413',
    title: 'Content Too Large',
    rule: 'request.tooLarge',
  },
  {
    type: apigw.ResponseType.UNSUPPORTED_MEDIA_TYPE,
    status: '415',
    title: 'Unsupported Media Type',
    rule: 'request.mediaType',
  },
  {
    type: apigw.ResponseType.THROTTLED,
    status: '429',
    title: 'Too Many Requests',
    rule: 'request.throttled',
  },
  {
    type: apigw.ResponseType.QUOTA_EXCEEDED,
    status: '429',
    title: 'Too Many Requests',
    rule: 'request.quotaExceeded',
  },
  { type: apigw.ResponseType.DEFAULT_4XX, title: 'Request refused', rule: 'request.refused' },
  {
    type: apigw.ResponseType.DEFAULT_5XX,
    title: 'Service unavailable',
    rule: 'server.error',
    detail: 'the service could not answer; try again later',
  },
];

/**
 * What every app client of the staff user pool shares (the staff desk's, the console's): a public
 * client, revocable tokens of an hour, the role and unit readable in the ID token, and never
 * writable by staff: only administrators change them (AdminUpdateUserAttributes).
 */
export function staffClientOptions() {
  return {
    generateSecret: false,
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
    idTokenValidity: Duration.hours(1),
    accessTokenValidity: Duration.hours(1),
    refreshTokenValidity: Duration.hours(12),
    readAttributes: new cognito.ClientAttributes()
      .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
      .withCustomAttributes('role', 'unitId'),
    writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
  };
}

/**
 * The REST API: one Lambda per handler file of functions/api, the resource tree of
 * functions/api/routes.ts, channels by API key (a usage plan each), staff by Cognito, WAF, access
 * logs, request validation, CORS for the configured origins, and problem+json refusals.
 */
export class ApiStack extends Stack {
  readonly restApi: apigw.RestApi;
  /** The staff user pool and its app client (`staffAuth.type` cognito). */
  readonly userPool?: cognito.UserPool;
  readonly userPoolClient?: cognito.UserPoolClient;
  /** The function that verifies the provider's ID tokens (`staffAuth.type` oidc). */
  readonly authorizerFunction?: HotlineFunction;
  /** One function per handler file, by handler name. */
  readonly functions: Record<Route['handler'], HotlineFunction>;
  /** Alarm-gated releases of the handlers and the staff token authorizer. */
  readonly rollout: GatedRollout;
  /** Why part of the API is not what the config asks for yet, if it is not. */
  readonly notes: string[] = [];
  readonly webAcl: wafv2.CfnWebACL;
  /** The web ACL's name (its CloudWatch metrics dimension). */
  readonly webAclName: string;
  readonly accessLogGroup: logs.LogGroup;
  /** API Gateway's execution log group of the stage (errors only), with retention and the key. */
  readonly executionLogGroup: logs.LogGroup;
  /** The API key of each configured channel, by channel id. */
  readonly channelKeys: Record<string, apigw.IApiKey> = {};
  /** The API's own domain name, when the config has one. */
  readonly customDomain?: apigw.DomainName;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, settings } = props;

    const staff = this.staffAuthorizer(
      config,
      settings,
      props.staffAuthorizerEntry ?? STAFF_AUTHORIZER_ENTRY,
    );
    this.userPool = staff.userPool;
    this.userPoolClient = staff.userPoolClient;
    this.authorizerFunction = staff.authorizerFunction;

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: settings.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const loggingAccount = this.apiGatewayLoggingAccount();

    this.restApi = new apigw.RestApi(this, 'Api', {
      restApiName: `hotline-${config.deployment}-${config.stage}`,
      description: `12345 hotline ${config.deployment} (${config.stage})`,
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // With a custom domain every request goes through it (the name the ICP filing covers).
      disableExecuteApiEndpoint: config.customDomain !== undefined,
      cloudWatchRole: false,
      apiKeySourceType: apigw.ApiKeySourceType.HEADER,
      deployOptions: {
        stageName: config.stage,
        tracingEnabled: config.tracing,
        metricsEnabled: true,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        // Bodies carry names and phone numbers: never in execution logs.
        dataTraceEnabled: false,
        throttlingRateLimit: config.api.throttle.rateLimit,
        throttlingBurstLimit: config.api.throttle.burstLimit,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: accessLogFormat(config.staffAuth.type),
      },
      ...(config.webOrigins.length > 0 && {
        defaultCorsPreflightOptions: {
          allowOrigins: config.webOrigins,
          allowMethods: ['GET', 'POST', 'PUT', 'OPTIONS'],
          allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Api-Key'],
          maxAge: Duration.hours(1),
        },
      }),
    });
    // The stage writes access logs: the account's logging role must be set first.
    this.restApi.deploymentStage.node.addDependency(loggingAccount);
    // API Gateway would create the execution log group itself, unencrypted and kept forever: create
    // it first, under its own name (which holds the API's id, so a new API gets a new group).
    this.executionLogGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.restApi.restApiId}/${config.stage}`,
      retention: settings.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.restApi.deploymentStage.node.addDependency(this.executionLogGroup);
    const validator = this.restApi.addRequestValidator('Validator', {
      validateRequestParameters: true,
      validateRequestBody: true,
    });
    const jsonObject = this.restApi.addModel('JsonObject', {
      contentType: 'application/json',
      modelName: 'JsonObject',
      description: 'A JSON object; the handler checks its fields and answers 400 naming each failing one',
      schema: { schema: apigw.JsonSchemaVersion.DRAFT4, type: apigw.JsonSchemaType.OBJECT },
    });
    this.gatewayResponses(config);

    this.functions = this.handlerFunctions(config, settings, props);
    this.functions.reports.bindBucket(
      s3.Bucket.fromBucketAttributes(this, 'ReportBucket', {
        bucketArn: Fn.importValue(props.reportBucketExports.arn),
        bucketName: Fn.importValue(props.reportBucketExports.name),
        encryptionKey: props.key,
      }),
      'readWrite',
    );
    this.rollout = new GatedRollout(this, 'Rollout', { rollout: config.functionRollout });
    for (const fn of Object.values(this.functions)) this.rollout.gate(fn);
    if (this.authorizerFunction) {
      this.rollout.gate(
        this.authorizerFunction,
        new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: STAFF_PROVIDER_FAILURES_METRIC,
          statistic: 'Sum',
          period: Duration.minutes(1),
        }),
      );
    }
    for (const route of ROUTES) this.addRoute(route, staff, validator, jsonObject);
    this.methodsNotAllowed();
    this.suppressPreflightFindings();

    this.channelUsagePlans(config);
    this.webAclName = `hotline-${config.deployment}-${config.stage}`;
    this.webAcl = this.firewall(config);

    this.customDomain = this.domainName(config);
    this.recordPolicy(config);
    new CfnOutput(this, 'ApiUrl', {
      value: config.customDomain
        ? `https://${config.customDomain.domainName}/${config.customDomain.basePath ? `${config.customDomain.basePath}/` : ''}`
        : this.restApi.url,
      description: 'Base URL of the REST API',
    });
    if (this.userPool && this.userPoolClient) {
      new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId, description: 'Staff user pool' });
      new CfnOutput(this, 'UserPoolClientId', {
        value: this.userPoolClient.userPoolClientId,
        description: 'App client of the staff desk (SRP sign-in; send the ID token as Authorization)',
      });
    }
  }

  /**
   * The policy this deployment runs, where `hotline deployment check` finds it (an SSM parameter)
   * and where `cdk deploy` shows it (outputs); its digest is in every function's environment too, so
   * that `cdk diff` shows a changed value even when the version is the same.
   */
  private recordPolicy(config: HotlineConfig): void {
    const fingerprint = policyFingerprint(config.effectivePolicy);
    new ssm.StringParameter(this, 'EffectivePolicy', {
      parameterName: deployedPolicyParameter(config.deployment, config.stage),
      description: `The policy ${fingerprint.id} v${fingerprint.version} this deployment runs (canonical JSON)`,
      stringValue: canonicalJson(config.effectivePolicy),
      tier: ssm.ParameterTier.INTELLIGENT_TIERING,
    });
    new CfnOutput(this, 'PolicyVersion', {
      value: `${fingerprint.id} v${fingerprint.version}`,
      description: 'The policy and version this deployment runs',
    });
    new CfnOutput(this, 'PolicySha256', {
      value: fingerprint.sha256,
      description: 'SHA-256 of the effective policy (canonical JSON)',
    });
  }

  /**
   * The config's custom domain (regional, TLS 1.2, the certificate from ACM in this region) mapped to
   * the stage; DNS is the operator's: a CNAME to the `CustomDomainTarget` output.
   */
  private domainName(config: HotlineConfig): apigw.DomainName | undefined {
    const custom = config.customDomain;
    if (!custom) return undefined;
    const domain = new apigw.DomainName(this, 'CustomDomain', {
      domainName: custom.domainName,
      certificate: acm.Certificate.fromCertificateArn(this, 'CustomDomainCertificate', custom.certificateArn),
      endpointType: apigw.EndpointType.REGIONAL,
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
    });
    domain.addBasePathMapping(this.restApi, {
      stage: this.restApi.deploymentStage,
      ...(custom.basePath && { basePath: custom.basePath }),
    });
    new CfnOutput(this, 'CustomDomainTarget', {
      value: domain.domainNameAliasDomainName,
      description: `Point a CNAME for ${custom.domainName} at this name (the domain needs its ICP filing in the China regions)`,
    });
    return domain;
  }

  /**
   * The authorizer of the staff routes: Cognito, or the staff-authorizer function for an OIDC
   * provider.
   */
  private staffAuthorizer(
    config: HotlineConfig,
    settings: FunctionSettings,
    entry: string,
  ): StaffAuthorization {
    const auth = config.staffAuth;
    if (auth.type === 'cognito') {
      const pool = this.staffPool(config);
      const client = pool.addClient('StaffDesk', { authFlows: { userSrp: true }, ...staffClientOptions() });
      const authorizer = new apigw.CognitoUserPoolsAuthorizer(this, 'StaffAuthorizer', {
        cognitoUserPools: [pool],
        identitySource: apigw.IdentitySource.header('Authorization'),
        resultsCacheTtl: Duration.minutes(5),
      });
      return {
        authorizer,
        authorizationType: apigw.AuthorizationType.COGNITO,
        userPool: pool,
        userPoolClient: client,
      };
    }
    const fn = new HotlineFunction(this, 'StaffTokenAuthorizer', {
      name: 'staff-authorizer',
      entry,
      settings,
      timeout: Duration.seconds(5),
      description: `hotline: verifies staff ID tokens of ${auth.issuer}`,
    });
    fn.addEnvironment('STAFF_TOKEN_ISSUER', auth.issuer);
    fn.addEnvironment('STAFF_TOKEN_AUDIENCE', auth.audience);
    if (auth.jwksUri) fn.addEnvironment('STAFF_TOKEN_JWKS_URI', auth.jwksUri);
    fn.addEnvironment('STAFF_ROLE_CLAIM', auth.roleClaim);
    fn.addEnvironment('STAFF_UNIT_CLAIM', auth.unitClaim);
    // The authorizer logs at ERROR only when it cannot read the provider's keys (discovery or JWKS
    // down): every staff request is then refused. Counted here, alarmed on by the observability stack.
    new logs.MetricFilter(this, 'StaffTokenProviderFailures', {
      logGroup: fn.functionLogGroup,
      filterPattern: logs.FilterPattern.all(
        logs.FilterPattern.stringValue('$.level', '=', 'ERROR'),
        logs.FilterPattern.stringValue('$.message', '=', 'staff token refused'),
      ),
      metricNamespace: METRICS_NAMESPACE,
      metricName: STAFF_PROVIDER_FAILURES_METRIC,
      metricValue: '1',
    });
    const authorizer = new apigw.TokenAuthorizer(this, 'StaffAuthorizer', {
      handler: fn.live,
      identitySource: apigw.IdentitySource.header('Authorization'),
      validationRegex: '^Bearer [-0-9A-Za-z_.~+/]+=*$',
      resultsCacheTtl: Duration.minutes(5),
    });
    return { authorizer, authorizationType: apigw.AuthorizationType.CUSTOM, authorizerFunction: fn };
  }

  private staffPool(config: HotlineConfig): cognito.UserPool {
    const plus = config.cognito.threatProtection;
    const pool = new cognito.UserPool(this, 'StaffPool', {
      userPoolName: `hotline-${config.deployment}-${config.stage}-staff`,
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: {
        role: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
        unitId: new cognito.StringAttribute({ minLen: 0, maxLen: 64, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: plus ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      ...(plus && { standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION }),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (!plus) {
      Validations.of(pool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection needs the Plus feature plan, billed per active user and not offered in every region (the China regions among them). Staff accounts are created by administrators only, sign in with SRP and a required TOTP second factor under a 12-character password policy. Set cognito.threatProtection: true in the deployment config where the plan is available.',
      });
    }
    // No Cognito groups: the role is `custom:role` alone, the one claim the handlers read, so that a
    // group and the attribute can never disagree.
    return pool;
  }

  /**
   * API Gateway writes execution and access logs with one role per account and region (the
   * `AWS::ApiGateway::Account` setting). Inline policy instead of the AWS-managed one.
   */
  private apiGatewayLoggingAccount(): apigw.CfnAccount {
    const role = new iam.Role(this, 'ApiGatewayLoggingRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'API Gateway writes execution and access logs of the REST APIs in this account and region',
    });
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:DescribeLogGroups',
          'logs:DescribeLogStreams',
          'logs:PutLogEvents',
          'logs:GetLogEvents',
          'logs:FilterLogEvents',
        ],
        resources: [`arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*`],
      }),
    );
    const account = new apigw.CfnAccount(this, 'ApiGatewayAccount', { cloudWatchRoleArn: role.roleArn });
    account.applyRemovalPolicy(RemovalPolicy.RETAIN);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${this.partition}:logs:${this.region}:${Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account}:log-group:*]`,
      reason:
        'The account-level API Gateway logging role writes the execution logs API Gateway names itself (API-Gateway-Execution-Logs_<api id>/<stage>, created on first use) and the access log groups of every REST API in this account and region; its log groups are not known in advance. Limited to this account, region and log groups.',
    });
    return account;
  }

  private gatewayResponses(config: HotlineConfig): void {
    // A gateway response cannot choose among several origins. Its body is a refusal with a request
    // id and no data, so any origin may read it; the handlers' answers, which hold data, carry CORS
    // headers for the configured origins only (functions/shared/cors.ts).
    const cors: Record<string, string> =
      config.webOrigins.length > 0 ? { 'Access-Control-Allow-Origin': "'*'" } : {};
    for (const p of GATEWAY_PROBLEMS) {
      const detail = p.detail ? JSON.stringify(p.detail) : '$context.error.messageString';
      const status = p.status ? `,"status":${p.status}` : '';
      this.restApi.addGatewayResponse(`Problem-${p.type.responseType}`, {
        type: p.type,
        ...(p.status && { statusCode: p.status }),
        responseHeaders: { 'Content-Type': "'application/problem+json'", ...cors },
        templates: {
          'application/json': `{"type":"${PROBLEM_TYPE}${p.rule}","title":"${p.title}"${status},"detail":${detail},"rule":"${p.rule}","requestId":"$context.requestId"}`,
        },
      });
    }
  }

  private handlerFunctions(
    config: HotlineConfig,
    settings: FunctionSettings,
    props: ApiStackProps,
  ): Record<Route['handler'], HotlineFunction> {
    const entries = Object.entries(HANDLER_NEEDS) as [Route['handler'], HandlerNeeds][];
    const functions = {} as Record<Route['handler'], HotlineFunction>;
    const indexBucket = s3.Bucket.fromBucketAttributes(this, 'KnowledgeIndexBucket', {
      bucketArn: Fn.importValue(props.knowledgeIndexBucketExports.arn),
      bucketName: Fn.importValue(props.knowledgeIndexBucketExports.name),
      encryptionKey: props.key,
    });
    for (const [handler, needs] of entries) {
      const fn = new HotlineFunction(this, `Api-${handler}`, {
        name: `api-${handler}`,
        entry: `functions/api/${handler}.ts`,
        settings,
        ...(needs.knowledgeIndex && { segmenter: true, memorySize: KNOWLEDGE_SEARCH_MEMORY_MB }),
        ...(needs.openApiDocument && {
          bundledFiles: [{ name: 'openapi.json', source: openApiDocumentFile(), env: 'OPENAPI_FILE' }],
        }),
        description: `hotline API: ${ROUTES.filter((r) => r.handler === handler)
          .map((r) => `${r.method} ${r.path}`)
          .join(', ')}`.slice(0, 256),
      });
      fn.addEnvironment('CORS_ALLOWED_ORIGINS', config.webOrigins.join(','));
      if (needs.table) fn.bindTable(props.table, needs.table);
      if (needs.secret) fn.bindSecret(props.requesterHashKey);
      if (needs.knowledgeIndex) {
        fn.bindBucket(indexBucket, 'read', 'KNOWLEDGE_INDEX_BUCKET', INDEX_OBJECT_KEY);
      }
      functions[handler] = fn;
    }
    return functions;
  }

  private addRoute(
    route: Route,
    staff: StaffAuthorization,
    validator: apigw.IRequestValidator,
    jsonObject: apigw.IModel,
  ): void {
    const resource = this.restApi.root.resourceForPath(route.path);
    const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
    const bodyModel = route.handler === 'intake' || route.method === 'PUT';
    const method = resource.addMethod(
      route.method,
      new apigw.LambdaIntegration(this.functions[route.handler].live, { allowTestInvoke: false }),
      {
        requestValidator: validator,
        requestParameters: Object.fromEntries(pathParameters.map((p) => [`method.request.path.${p}`, true])),
        ...(bodyModel && { requestModels: { 'application/json': jsonObject } }),
        ...(route.auth === 'staff' && {
          ...(staff.authorizer && { authorizer: staff.authorizer }),
          authorizationType: staff.authorizationType,
        }),
        ...(route.auth === 'channelKey' && { apiKeyRequired: true }),
      },
    );
    if (route.auth === 'staff' && staff.authorizationType !== apigw.AuthorizationType.COGNITO) {
      Validations.of(method).acknowledge({
        id: 'AwsSolutions-COG4',
        reason: `Cognito user pools are not offered in ${this.region}: staff present ID tokens of the province's OpenID Connect provider, which the staff-authorizer function verifies (issuer, audience, signature, expiry) before API Gateway calls the handler.`,
      });
    } else if (route.auth === 'channelKey') {
      const reason = `${route.method} ${route.path} is called by channel systems (portals, apps, platforms), not by staff: each presents its own API key, checked by API Gateway and throttled by that key's usage plan; the handler maps the key id to the channel entry in the directory.`;
      Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason });
      Validations.of(method).acknowledge({ id: 'AwsSolutions-COG4', reason });
    } else if (route.auth === 'none') {
      const reason =
        route.handler === 'progress'
          ? `${route.method} ${route.path} is the public progress look-up: a requester has only the ticket number and the query code, no account. Wrong codes are counted per ticket number (429 after ten an hour), WAF limits look-ups per IP, and the answer holds no personal data.`
          : `${route.method} ${route.path} serves the public OpenAPI document of this API, which holds no data.`;
      Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason });
      Validations.of(method).acknowledge({ id: 'AwsSolutions-COG4', reason });
    }
  }

  /**
   * A method a path does not have answers 405 naming the ones it has (RFC 9110 §15.5.6), as the
   * local server does: an ANY method per path, answered by API Gateway itself (mock integration).
   * API Gateway prefers a path's own methods and its CORS preflight over ANY.
   */
  private methodsNotAllowed(): void {
    const methodsByPath = new Map<string, string[]>();
    for (const route of ROUTES)
      methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), route.method]);
    for (const [path, methods] of methodsByPath) {
      const allow = [...new Set(methods)].join(', ');
      const body = JSON.stringify({
        type: 'https://hotline.example/problems/request.methodNotAllowed',
        title: 'Method Not Allowed',
        status: 405,
        detail: `$context.httpMethod is not allowed on ${path}; allowed: ${allow}`,
        rule: 'request.methodNotAllowed',
      });
      const headers = {
        'method.response.header.Allow': `'${allow}'`,
        'method.response.header.Content-Type': "'application/problem+json'",
      };
      const method = this.restApi.root.resourceForPath(path).addMethod(
        'ANY',
        new apigw.MockIntegration({
          requestTemplates: { 'application/json': '{"statusCode": 405}' },
          // Whatever the request's content type, the one (default) answer is the 405.
          passthroughBehavior: apigw.PassthroughBehavior.WHEN_NO_TEMPLATES,
          integrationResponses: [
            {
              statusCode: '405',
              responseParameters: headers,
              responseTemplates: { 'application/json': body },
            },
          ],
        }),
        {
          methodResponses: [
            {
              statusCode: '405',
              responseParameters: Object.fromEntries(Object.keys(headers).map((h) => [h, true])),
            },
          ],
        },
      );
      const reason = `ANY ${path} only answers 405 for the methods the path does not have (mock integration, no backend, no data); the path's own methods keep their authorization.`;
      Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason });
      Validations.of(method).acknowledge({ id: 'AwsSolutions-COG4', reason });
    }
  }

  /** CORS preflight (OPTIONS) requests carry no credentials by definition. */
  private suppressPreflightFindings(): void {
    const visit = (resource: apigw.IResource) => {
      const options = resource.node.tryFindChild('OPTIONS');
      if (options) {
        const reason =
          'CORS preflight (OPTIONS) requests carry no credentials by the Fetch standard; API Gateway answers them itself (mock integration) for the configured origins only.';
        Validations.of(options).acknowledge({ id: 'AwsSolutions-APIG4', reason });
        Validations.of(options).acknowledge({ id: 'AwsSolutions-COG4', reason });
      }
      for (const child of resource.node.children) {
        if (child instanceof apigw.Resource) visit(child);
      }
    };
    visit(this.restApi.root);
  }

  private channelUsagePlans(config: HotlineConfig): void {
    for (const channel of config.channels) {
      const key = this.restApi.addApiKey(`Key-${channel.id}`, {
        apiKeyName: `hotline-${config.deployment}-${config.stage}-${channel.id}`,
        description: `${channel.name} (${channel.channels.join(', ')})`,
      });
      const plan = this.restApi.addUsagePlan(`Plan-${channel.id}`, {
        name: `hotline-${config.deployment}-${config.stage}-${channel.id}`,
        description: `Throttle and quota of ${channel.name}`,
        throttle: { rateLimit: channel.throttle.rateLimit, burstLimit: channel.throttle.burstLimit },
        quota: { limit: channel.quota.limit, period: apigw.Period[channel.quota.period] },
        apiStages: [{ api: this.restApi, stage: this.restApi.deploymentStage }],
      });
      plan.addApiKey(key);
      this.channelKeys[channel.id] = key;
      new CfnOutput(this, `ChannelKeyId-${channel.id}`, {
        value: key.keyId,
        description: `API key id of ${channel.name}: record it as a channel entry of the directory`,
      });
    }
  }

  private firewall(config: HotlineConfig): wafv2.CfnWebACL {
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      metricName: name,
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
    });
    const managed = (
      name: string,
      priority: number,
      countOnly: string[] = [],
    ): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ...(countOnly.length > 0 && {
            ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })),
          }),
        },
      },
      visibilityConfig: visibility(name),
    });
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: this.webAclName,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      description: `12345 hotline ${config.deployment} ${config.stage} - rate limits and AWS managed rules`,
      visibilityConfig: visibility('hotline-web-acl'),
      rules: [
        ...rateRules(config.waf).map((rule, priority) => ({
          name: rule.name,
          priority,
          action: { block: {} },
          statement: { rateBasedStatement: { evaluationWindowSec: 300, ...rule.statement } },
          visibilityConfig: visibility(rule.name),
        })),
        // Bodies may reach 64 KB (the handlers' limit); the common set would block any above 8 KB.
        managed('AWSManagedRulesCommonRuleSet', RATE_RULES, ['SizeRestrictions_BODY']),
        managed('AWSManagedRulesKnownBadInputsRuleSet', RATE_RULES + 1),
      ],
    });
    const association = new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.restApi.deploymentStage.stageArn,
      webAclArn: webAcl.attrArn,
    });
    association.node.addDependency(this.restApi.deploymentStage);
    return webAcl;
  }
}

/** How many rate-based rules `rateRules` makes (the managed rule groups follow them). */
const RATE_RULES = 5;

const hasHeader = (name: string): wafv2.CfnWebACL.StatementProperty => ({
  sizeConstraintStatement: {
    fieldToMatch: { singleHeader: { Name: name } },
    comparisonOperator: 'GT',
    size: 0,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});
const CREDENTIALED: wafv2.CfnWebACL.StatementProperty = {
  orStatement: { statements: [hasHeader('x-api-key'), hasHeader('authorization')] },
};
const byHeader = (name: string): wafv2.CfnWebACL.RateBasedStatementCustomKeyProperty => ({
  header: { name, textTransformations: [{ priority: 0, type: 'NONE' }] },
});

/**
 * The WAF rate limits by kind of caller (see the config's `api.waf`): the public by IP, progress
 * look-ups by IP, channels by their API key, staff by their token, and any request with a key or
 * token by IP (a bound on forged credentials). A channel's server or the centre's office is never
 * held to the public's per-IP limit.
 */
export function rateRules(
  waf: HotlineConfig['waf'],
): { name: string; statement: Omit<wafv2.CfnWebACL.RateBasedStatementProperty, 'evaluationWindowSec'> }[] {
  return [
    {
      name: 'PublicPerIp',
      statement: {
        limit: waf.publicPerIp,
        aggregateKeyType: 'IP',
        scopeDownStatement: { notStatement: { statement: CREDENTIALED } },
      },
    },
    {
      name: 'ProgressLookupsPerIp',
      statement: {
        limit: waf.progressPerIp,
        aggregateKeyType: 'IP',
        scopeDownStatement: {
          byteMatchStatement: {
            searchString: '/v1/progress/',
            fieldToMatch: { uriPath: {} },
            textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
            positionalConstraint: 'CONTAINS',
          },
        },
      },
    },
    {
      name: 'ChannelPerKey',
      statement: {
        limit: waf.channelPerKey,
        aggregateKeyType: 'CUSTOM_KEYS',
        customKeys: [byHeader('x-api-key')],
      },
    },
    {
      name: 'StaffPerToken',
      statement: {
        limit: waf.staffPerToken,
        aggregateKeyType: 'CUSTOM_KEYS',
        customKeys: [byHeader('authorization')],
      },
    },
    {
      name: 'CredentialedPerIp',
      statement: { limit: waf.credentialedPerIp, aggregateKeyType: 'IP', scopeDownStatement: CREDENTIALED },
    },
  ];
}

/** Access log fields: who called what and how it went, never a body or a phone number. */
function accessLogFormat(staffAuth: HotlineConfig['staffAuth']['type']): apigw.AccessLogFormat {
  const f = apigw.AccessLogField;
  return apigw.AccessLogFormat.custom(
    JSON.stringify({
      requestId: f.contextRequestId(),
      extendedRequestId: f.contextExtendedRequestId(),
      requestTime: f.contextRequestTime(),
      httpMethod: f.contextHttpMethod(),
      resourcePath: f.contextResourcePath(),
      status: f.contextStatus(),
      responseLength: f.contextResponseLength(),
      responseLatency: f.contextResponseLatency(),
      integrationLatency: f.contextIntegrationLatency(),
      sourceIp: f.contextIdentitySourceIp(),
      apiKeyId: f.contextIdentityApiKeyId(),
      // Cognito puts the token's claims under `claims`; the token authorizer returns a flat context.
      staffSub: staffAuth === 'cognito' ? f.contextAuthorizerClaims('sub') : f.contextAuthorizer('sub'),
      staffPrincipal: f.contextAuthorizerPrincipalId(),
      wafResponseCode: f.contextWafResponseCode(),
      errorType: f.contextErrorResponseType(),
      errorMessage: f.contextErrorMessage(),
    }),
  );
}
