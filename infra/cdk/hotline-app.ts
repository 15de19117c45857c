import { Annotations, type App, Aws, Duration, type Environment, Tags, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { bundleFile } from './bundling/lean-bundles.ts';
import type { HotlineConfig } from './config.ts';
import { ConsoleHostingStack, type ConsoleSignIn } from './console-hosting.ts';
import type { FunctionSettings } from './constructs/hotline-function.ts';
import { canonicalJson, policyFingerprint } from './policy.ts';
import { ApiStack, STAFF_PROVIDER_FAILURES_METRIC } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { METRICS_NAMESPACE, ObservabilityStack } from './stacks/observability-stack.ts';
import { WorkflowsStack } from './stacks/workflows-stack.ts';

export interface HotlineStacks {
  data: DataStack;
  api: ApiStack;
  workflows: WorkflowsStack;
  observability: ObservabilityStack;
  /** The web console: bucket, CloudFront, the API under the same origin (console-hosting.ts). */
  console: ConsoleHostingStack;
  /** Why a stack was left out, if one was. */
  skipped: string[];
}

export interface BuildOptions {
  /** Run the cdk-nag AwsSolutions checks when the app synthesizes (default true). */
  nag?: boolean;
  /** Another handler file for the staff token authorizer (tests). */
  staffAuthorizerEntry?: string;
}

/**
 * The whole deployment of one config: data, API, workflows and observability stacks, named
 * `Hotline-<deployment>-<stage>-<Concern>` and deployed in that order.
 *
 * @example
 * ```ts
 * const app = new App();
 * buildHotline(app, loadConfig('infra/config/anhui.json'));
 * ```
 */
export function buildHotline(app: App, config: HotlineConfig, options: BuildOptions = {}): HotlineStacks {
  const name = `${config.deployment}-${config.stage}`;
  const env: Environment = { region: config.region, ...(config.account && { account: config.account }) };
  const stackId = (concern: string) => `Hotline-${name}-${concern}`;
  const description = (what: string) => `12345 hotline ${config.deployment} (${config.stage}): ${what}`;

  const data = new DataStack(app, stackId('Data'), {
    env,
    config,
    description: description('table, key, secrets'),
    terminationProtection: true,
  });
  const settings: FunctionSettings = {
    policyId: config.policy.preset,
    policyFingerprint: policyFingerprint(config.effectivePolicy),
    policyFile: writePolicyFile(config),
    calendarFiles: config.calendarFiles,
    logRetention: config.logRetentionDays as logs.RetentionDays,
    key: data.key,
    tracing: config.tracing,
    sourceMapStackTraces: config.sourceMapStackTraces,
  };

  const api = new ApiStack(app, stackId('Api'), {
    env,
    config,
    settings,
    table: data.table,
    requesterHashKey: data.requesterHashKey,
    key: data.key,
    reportBucketExports: data.reportBucketExports,
    knowledgeIndexBucketExports: data.knowledgeIndexBucketExports,
    ...(options.staffAuthorizerEntry && { staffAuthorizerEntry: options.staffAuthorizerEntry }),
    description: description('REST API, staff sign-in, channel keys, WAF'),
  });
  api.addStackDependency(data);

  const skipped: string[] = [...api.notes];
  const workflows = new WorkflowsStack(app, stackId('Workflows'), {
    env,
    name,
    rollout: config.functionRollout,
    reportBucketExports: data.reportBucketExports,
    knowledgeIndexBucketExports: data.knowledgeIndexBucketExports,
    settings,
    table: data.table,
    requesterHashKey: data.requesterHashKey,
    key: data.key,
    logRetention: settings.logRetention,
    description: description('event pipe, bus, rules, ticket timers, sweeper'),
  });
  workflows.addStackDependency(data);

  const observability = new ObservabilityStack(app, stackId('Observability'), {
    env,
    name,
    alarmEmail: config.alarmEmail,
    key: data.key,
    api: {
      restApi: api.restApi,
      // Not the staff token authorizer: every refused token (an expired one, say) is an "error" by
      // API Gateway's convention, so an error alarm on it would page on ordinary sign-outs.
      functions: Object.values(api.functions),
      webAclName: api.webAclName,
      ...(api.authorizerFunction && {
        staffProviderFailures: new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: STAFF_PROVIDER_FAILURES_METRIC,
          statistic: 'Sum',
          period: Duration.minutes(5),
        }),
      }),
    },
    workflows: {
      functions: Object.values(workflows.functions),
      stateMachines: [...Object.values(workflows.stateMachines), workflows.monthlyClose],
      deadLetterQueues: workflows.deadLetterQueues,
      pipe: workflows.pipe,
    },
    description: description('dashboard, alarms, alarm topic'),
  });
  observability.addStackDependency(api);
  observability.addStackDependency(workflows);
  for (const note of skipped) Annotations.of(observability).addWarningV2('hotline:stackSkipped', note);

  const consoleHosting = new ConsoleHostingStack(app, stackId('Console'), {
    env,
    restApi: api.restApi,
    ...(config.customDomain && {
      apiDomain: { domainName: config.customDomain.domainName, basePath: config.customDomain.basePath },
    }),
    ...(config.consoleDomain && { domain: config.consoleDomain }),
    signIn: consoleSignIn(config, api),
    description: description('web console: private bucket, CloudFront, API under the same origin'),
  });
  consoleHosting.addStackDependency(api);
  if (config.region.startsWith('cn-') && !config.consoleDomain)
    Annotations.of(consoleHosting).addWarningV2(
      'hotline:consoleWithoutDomain',
      `CloudFront in ${config.region} serves only on an ICP-filed domain: without consoleDomain the console is deployed but cannot be opened (infra/cdk/README.md, step 2)`,
    );
  if (config.customDomain) {
    // Releases before the console went through the custom domain imported the API's id and stage
    // (execute-api origin). CloudFormation refuses to delete an export still imported, and the Api
    // stack updates before the Console stack: kept, so that upgrading such a deployment works.
    api.exportValue(api.restApi.restApiId);
    api.exportValue(api.restApi.deploymentStage.stageName);
  }

  // Not every region's CloudFormation takes tags on dashboards yet (cfn-lint's schema has none).
  const tagOptions = { excludeResourceTypes: ['AWS::CloudWatch::Dashboard'] };
  Tags.of(app).add('project', 'hotline-12345', tagOptions);
  Tags.of(app).add('deployment', config.deployment, tagOptions);
  Tags.of(app).add('stage', config.stage, tagOptions);
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { data, api, workflows, observability, console: consoleHosting, skipped };
}

/**
 * The effective policy as a file for the bundles (`policy.json`), validated here: its text is the
 * canonical JSON whose digest the functions get as POLICY_SHA256, so they can load it without
 * validating it again. Named by its content, so that bundling sees a new file when it changes.
 */
function writePolicyFile(config: HotlineConfig): string {
  return bundleFile('policy.json', `${canonicalJson(config.effectivePolicy)}\n`);
}

/** How staff sign in to the console: the staff user pool's hosted sign-in, or the province's provider. */
function consoleSignIn(config: HotlineConfig, api: ApiStack): ConsoleSignIn {
  const auth = config.staffAuth;
  if (auth.type === 'oidc')
    return {
      type: 'oidc',
      issuer: auth.issuer,
      clientId: auth.audience,
      roleClaim: auth.roleClaim,
      unitClaim: auth.unitClaim,
    };
  if (!api.userPool) throw new Error('staffAuth cognito without a user pool');
  return {
    type: 'cognito',
    userPool: api.userPool,
    domainPrefix:
      config.cognito.domainPrefix ??
      `hotline-${config.deployment}-${config.stage}-${config.account ?? Aws.ACCOUNT_ID}`,
  };
}
