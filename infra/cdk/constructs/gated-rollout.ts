import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { HotlineConfig } from '../config.ts';
import type { HotlineFunction } from './hotline-function.ts';

/** How CodeDeploy moves each `live` alias to a new version (config `functionRollout`). */
export const ROLLOUT_CONFIGS: Record<HotlineConfig['functionRollout'], codedeploy.ILambdaDeploymentConfig> = {
  canary: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
  linear: codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE,
  allAtOnce: codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE,
};

/**
 * @example
 * ```ts
 * const rollout = new GatedRollout(this, 'Rollout', { rollout: config.functionRollout });
 * rollout.gate(fn);
 * ```
 */
export interface GatedRolloutProps {
  rollout: HotlineConfig['functionRollout'];
}

/**
 * Alarm-gated releases of a stack's functions: one CodeDeploy application, and per function a
 * deployment group that moves its `live` alias to the new version as the config says, watching a
 * gate alarm (the alias's errors, one in a minute). An alarm while the alias moves, a failed or
 * stopped deployment, and CodeDeploy puts the alias back on the old version; CloudFormation then
 * rolls the stack update back.
 */
export class GatedRollout extends Construct {
  readonly application: codedeploy.LambdaApplication;
  readonly role: iam.Role;
  readonly groups: codedeploy.LambdaDeploymentGroup[] = [];
  private readonly config: codedeploy.ILambdaDeploymentConfig;

  constructor(scope: Construct, id: string, props: GatedRolloutProps) {
    super(scope, id);
    this.config = ROLLOUT_CONFIGS[props.rollout];
    this.application = new codedeploy.LambdaApplication(this, 'Application');
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('codedeploy.amazonaws.com'),
      description: "Moves the hotline functions' live aliases during a release",
    });
  }

  /**
   * Gates the releases of `fn`: on its alias's errors, or on `metric` for a function whose errors are
   * its answer (the staff token authorizer refuses a token by failing).
   */
  gate(fn: HotlineFunction, metric?: cloudwatch.IMetric): codedeploy.LambdaDeploymentGroup {
    const id = fn.node.id;
    const alarm = new cloudwatch.Alarm(this, `${id}Gate`, {
      alarmDescription: `Release gate of hotline ${fn.name}: CodeDeploy rolls the live alias back while this is in alarm. It mails no one (the observability stack's alarms do).`,
      metric:
        metric ??
        fn.live.metricErrors({ period: Duration.minutes(1), statistic: 'Sum', label: `${fn.name} errors` }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:GetAlias', 'lambda:UpdateAlias', 'lambda:GetProvisionedConcurrencyConfig'],
        resources: [fn.functionArn, fn.live.functionArn],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'], resources: [alarm.alarmArn] }),
    );
    const group = new codedeploy.LambdaDeploymentGroup(this, `${id}Deployment`, {
      application: this.application,
      alias: fn.live,
      deploymentConfig: this.config,
      alarms: [alarm],
      // CDK would attach AWS's AWSCodeDeployRoleForLambdaLimited to the group's role: the groups get
      // a view that takes no policy, and the role the same actions on this stack's aliases and gate
      // alarms only (above), and nothing for hooks, which no release uses.
      role: this.role.withoutPolicyUpdates(),
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });
    this.groups.push(group);
    return group;
  }
}
