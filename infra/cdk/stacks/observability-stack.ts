import { ArnFormat, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as pipes from 'aws-cdk-lib/aws-pipes';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { DeadLetterQueue } from '../constructs/dead-letter-queue.ts';
import type { HotlineFunction } from '../constructs/hotline-function.ts';
import { WeakReferences } from '../constructs/weak-reference.ts';

/** The namespace the functions publish their metrics in (Powertools, EMF). */
export const METRICS_NAMESPACE = 'Hotline';

/**
 * Business metrics counted from ticket events (functions/app/event-metrics.ts) and by the sweeper.
 * `Escalations` carries a `level` dimension, `Callbacks` an `outcome`, `Satisfaction` a `result`;
 * the totals here sum over whatever dimensions a metric carries.
 */
export const WORKFLOW_METRICS = [
  'Reminders',
  'Overdue',
  'Escalations',
  'Callbacks',
  'Satisfaction',
  'DeemedSatisfied',
  'TimersRepaired',
  'ProvisionalDeadlines',
] as const;

/**
 * What the assessment publishes (functions/app/assessment-metrics.ts): the projection counts
 * `AssessmentIndicator` by `indicator` as events arrive; the monthly close publishes each group's
 * `RankingTopScore` and `RankingBottomScore`, `Sanctions` by `measure`, the month's rates and the
 * units without their monthly analysis.
 */
export const ASSESSMENT_METRICS = [
  'AssessmentIndicator',
  'RankingTopScore',
  'RankingBottomScore',
  'Sanctions',
  'MonthOnTimeRate',
  'MonthSatisfactionRate',
  'MonthKnowledgeUpkeepRate',
  'UnitAnalysesMissed',
] as const;

/**
 * @example
 * ```ts
 * new ObservabilityStack(app, 'Hotline-anhui-prod-Observability', {
 *   env, name: 'anhui-prod', alarmEmail: 'ops@example.gov.cn', key: data.key,
 *   api: { restApi: api.restApi, functions: Object.values(api.functions), webAclName: 'hotline-anhui-prod' },
 *   workflows: { functions, stateMachines, deadLetterQueues, pipe },
 * });
 * ```
 */
export interface ObservabilityStackProps extends StackProps {
  /** Part of the dashboard and topic names, e.g. `anhui-prod`. */
  name: string;
  alarmEmail: string;
  /** Encrypts the alarm topic. */
  key: kms.IKey;
  api: {
    restApi: apigw.RestApi;
    functions: HotlineFunction[];
    webAclName: string;
    /** Staff tokens refused because the OIDC provider could not be read (OIDC deployments). */
    staffProviderFailures?: cloudwatch.IMetric;
  };
  workflows: {
    functions: HotlineFunction[];
    stateMachines: sfn.StateMachine[];
    deadLetterQueues: DeadLetterQueue[];
    pipe: pipes.CfnPipe;
  };
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * The hotline's health on one dashboard, and the alarms that need a person, all to one encrypted
 * SNS topic with the operator's email subscribed: API 5xx, any Lambda error, any failed, timed-out
 * or aborted execution, any message in a dead-letter queue, any Pipe failure, any provisional
 * deadline (a year whose holiday schedule was not loaded).
 */
export class ObservabilityStack extends Stack {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly alarmAction: actions.SnsAction;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    this.topic = new sns.Topic(this, 'Alarms', {
      displayName: `12345 hotline ${props.name} alarms`,
      masterKey: props.key,
      enforceSSL: true,
    });
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.alarmAction = new actions.SnsAction(this.topic);

    // What the other stacks pass, read through SSM, not exports: a release may remove any of it.
    const refs = new WeakReferences(this, props.name);
    const { api } = props;
    const functions = [...api.functions, ...props.workflows.functions].map((fn) =>
      Object.assign(
        lambda.Function.fromFunctionName(
          this,
          `Watched-${fn.node.id}`,
          refs.value(fn, 'FunctionName', fn.functionName),
        ),
        { name: fn.name },
      ),
    );
    const workflows = {
      stateMachines: props.workflows.stateMachines.map((m) =>
        Object.assign(
          sfn.StateMachine.fromStateMachineArn(
            this,
            `Watched-${m.node.id}`,
            refs.value(m, 'StateMachineArn', m.stateMachineArn),
          ),
          { name: m.node.id },
        ),
      ),
      deadLetterQueues: props.workflows.deadLetterQueues.map((d) => {
        // Only the name is read (the queue metrics' dimension); the ARN follows from it.
        const queueName = refs.value(d.queue, 'QueueName', d.queue.queueName);
        return {
          name: d.node.id,
          edge: d.edge,
          queue: sqs.Queue.fromQueueAttributes(this, `Watched-${d.node.id}`, {
            queueArn: this.formatArn({
              service: 'sqs',
              resource: queueName,
              arnFormat: ArnFormat.NO_RESOURCE_NAME,
            }),
            queueName,
          }),
        };
      }),
      pipeName: refs.value(props.workflows.pipe, 'PipeName', props.workflows.pipe.ref),
    };

    this.alarm('Api5xx', api.restApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }), {
      description: 'The API answered 5xx: a handler failed or timed out (see the function errors and logs).',
    });
    for (const fn of functions) {
      this.alarm(`Errors-${fn.name}`, fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }), {
        description: `The ${fn.name} function failed (see its log group).`,
      });
    }
    for (const machine of workflows.stateMachines) {
      const failures = new cloudwatch.MathExpression({
        expression: 'failed + timedOut + aborted',
        usingMetrics: {
          failed: machine.metricFailed({ statistic: 'Sum' }),
          timedOut: machine.metricTimedOut({ statistic: 'Sum' }),
          aborted: machine.metricAborted({ statistic: 'Sum' }),
        },
        period: FIVE_MINUTES,
        label: 'failed, timed out or aborted executions',
      });
      this.alarm(`ExecutionsFailed-${machine.name}`, failures, {
        description: `A ${machine.name} execution failed, timed out or was aborted: a ticket clock may have stopped. The sweeper repairs due timers; check the execution history.`,
      });
    }
    for (const dlq of workflows.deadLetterQueues) {
      this.alarm(
        `DeadLetters-${dlq.name}`,
        dlq.queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        {
          description: `A message reached the dead-letter queue of ${dlq.edge}: see "Dead letters" in infra/cdk/README.md.`,
          // A dead letter is a failure that every retry already met: the first one is worth a mail.
          datapoints: { of: 1, needed: 1 },
        },
      );
    }
    this.alarm('PipeFailures', pipeMetric(workflows.pipeName, 'ExecutionFailed'), {
      description: 'The event pipe failed to deliver ticket events to the bus (see its dead-letter queue).',
    });
    // Counted per day, one datapoint: while deadlines keep reaching an unloaded year (every December
    // until the State Council's notice is loaded) the alarm stays in ALARM and mails once, not every
    // five minutes; it returns to OK after a day without one.
    this.alarm('ProvisionalDeadlines', workflowMetricTotal('ProvisionalDeadlines', Duration.days(1)), {
      description:
        'A deadline reached a year with no official or operator holiday schedule: it is provisional. Load the year (npx hotline calendar load YEAR.json), add it to calendarYears and deploy.',
      datapoints: { of: 1, needed: 1 },
    });
    if (api.staffProviderFailures) {
      this.alarm('StaffTokenProvider', api.staffProviderFailures, {
        description:
          "The staff authorizer could not read the OIDC provider's signing keys: every staff request is refused (401). Check the provider (its discovery document and JWKS) and the network path to it.",
      });
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `hotline-${props.name}`,
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# 12345 hotline ${props.name}\nIntake, clocks and callbacks from the \`${METRICS_NAMESPACE}\` metrics; API, functions, workflows and queues below. Alarms go to the SNS topic.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph('Tickets received by channel and type', [
        search('{Hotline,channel,service,type} MetricName="TicketsReceived"', 'received', Duration.hours(1)),
      ]),
      graph('Overdue, reminders and escalations by level', [
        workflowMetricTotal('Overdue', Duration.hours(1)),
        workflowMetricTotal('Reminders', Duration.hours(1)),
        search(`Namespace="${METRICS_NAMESPACE}" MetricName="Escalations"`, 'escalations', Duration.hours(1)),
      ]),
      graph('Callbacks by outcome, satisfaction by result, deemed satisfied', [
        search(`Namespace="${METRICS_NAMESPACE}" MetricName="Callbacks"`, 'callbacks', Duration.hours(1)),
        search(
          `Namespace="${METRICS_NAMESPACE}" MetricName="Satisfaction"`,
          'satisfaction',
          Duration.hours(1),
        ),
        workflowMetricTotal('DeemedSatisfied', Duration.hours(1)),
      ]),
    );
    this.dashboard.addWidgets(...assessmentWidgets());
    this.dashboard.addWidgets(
      graph('Timers repaired by the sweeper, provisional deadlines', [
        workflowMetricTotal('TimersRepaired', Duration.hours(1)),
        workflowMetricTotal('ProvisionalDeadlines', Duration.hours(1)),
      ]),
      graph('API latency p50 / p99 (ms)', [
        api.restApi.metricLatency({ statistic: 'p50', period: FIVE_MINUTES, label: 'p50' }),
        api.restApi.metricLatency({ statistic: 'p99', period: FIVE_MINUTES, label: 'p99' }),
      ]),
      graph('API requests, 4xx and 5xx', [
        api.restApi.metricCount({ period: FIVE_MINUTES, statistic: 'Sum', label: 'requests' }),
        api.restApi.metricClientError({ period: FIVE_MINUTES, statistic: 'Sum', label: '4xx' }),
        api.restApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum', label: '5xx' }),
      ]),
    );
    this.dashboard.addWidgets(
      graph(
        'Lambda errors',
        functions.map((fn) => fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum', label: fn.name })),
      ),
      graph(
        'Lambda throttles',
        functions.map((fn) => fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum', label: fn.name })),
      ),
      graph('WAF blocked requests', [
        new cloudwatch.Metric({
          namespace: 'AWS/WAFV2',
          metricName: 'BlockedRequests',
          dimensionsMap: { WebACL: api.webAclName, Region: this.region, Rule: 'ALL' },
          period: FIVE_MINUTES,
          statistic: 'Sum',
          label: 'blocked',
        }),
      ]),
    );
    this.dashboard.addWidgets(
      graph(
        'Workflow executions failed / timed out / aborted',
        workflows.stateMachines.flatMap((m) => [
          m.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum', label: `${m.name} failed` }),
          m.metricTimedOut({ period: FIVE_MINUTES, statistic: 'Sum', label: `${m.name} timed out` }),
          m.metricAborted({ period: FIVE_MINUTES, statistic: 'Sum', label: `${m.name} aborted` }),
        ]),
      ),
      graph(
        'Dead-letter queue depth',
        workflows.deadLetterQueues.map((d) =>
          d.queue.metricApproximateNumberOfMessagesVisible({
            period: FIVE_MINUTES,
            statistic: 'Maximum',
            label: d.edge,
          }),
        ),
      ),
      graph('Event pipe', [
        pipeMetric(workflows.pipeName, 'ExecutionFailed'),
        pipeMetric(workflows.pipeName, 'EnrichmentStageFailed'),
        pipeMetric(workflows.pipeName, 'TargetStageFailed'),
        pipeMetric(workflows.pipeName, 'ExecutionThrottled'),
      ]),
    );
  }

  /**
   * An alarm worth a mail: by default it needs the condition in two of three five-minute periods
   * (one failed request that a retry absorbed pages no one). It mails when it goes into ALARM only,
   * never again on OK, so an incident is one mail. No data is not a problem.
   */
  private alarm(
    id: string,
    metric: cloudwatch.IMetric,
    options: { description: string; datapoints?: { of: number; needed: number }; threshold?: number },
  ): cloudwatch.Alarm {
    const datapoints = options.datapoints ?? { of: 3, needed: 2 };
    const alarm = new cloudwatch.Alarm(this, `Alarm-${id}`, {
      metric,
      threshold: options.threshold ?? 1,
      evaluationPeriods: datapoints.of,
      datapointsToAlarm: datapoints.needed,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: options.description,
    });
    alarm.addAlarmAction(this.alarmAction);
    this.alarms.push(alarm);
    return alarm;
  }
}

function graph(title: string, metrics: cloudwatch.IMetric[], start?: string): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left: metrics, width: 8, height: 6, ...(start && { start }) });
}

/** Powertools' `service` dimension on every metric the functions publish. */
const SERVICE = { service: 'hotline' };

/**
 * The assessment (JZ:四(四) real-time scoring; PDS:26 monthly ranking): the live rates as ratios of
 * the indicators the projection counts, by day; and what the last monthly closes published, over
 * the last 400 days (one point a month), so that the last ranking's extremes are always in view.
 */
function assessmentWidgets(): cloudwatch.IWidget[] {
  const day = Duration.days(1);
  const indicator = (name: string) =>
    new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: 'AssessmentIndicator',
      dimensionsMap: { ...SERVICE, indicator: name },
      period: day,
      statistic: 'Sum',
    });
  const rate = (label: string, expression: string, using: Record<string, string>) =>
    new cloudwatch.MathExpression({
      expression,
      usingMetrics: Object.fromEntries(Object.entries(using).map(([id, name]) => [id, indicator(name)])),
      label,
      period: day,
    });
  const closed = (metricName: string, label: string) =>
    new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: SERVICE,
      period: day,
      statistic: 'Maximum',
      label,
    });
  const bySearch = (metricName: string, dimension: string, statistic: string, label: string) =>
    new cloudwatch.MathExpression({
      expression: `SEARCH('{${METRICS_NAMESPACE},${dimension},service} MetricName="${metricName}"', '${statistic}', ${day.toSeconds()})`,
      usingMetrics: {},
      label,
      period: day,
    });
  const LAST_CLOSES = '-P400D';
  return [
    graph('Live rates from the projection (%, by day)', [
      rate('on time (按时办结率)', '100 * ot / fin', { ot: 'finishedOnTime', fin: 'finished' }),
      rate('satisfaction (满意率)', '100 * (sat + dee) / (sat + dee + dis)', {
        sat: 'satisfied',
        dee: 'deemedSatisfied',
        dis: 'dissatisfied',
      }),
      rate('contact in window', '100 * ciw / (ciw + cm)', { ciw: 'contactedInWindow', cm: 'contactMissed' }),
    ]),
    graph(
      'Last rankings: top and bottom score by group',
      [
        bySearch('RankingTopScore', 'group', 'Maximum', 'top'),
        bySearch('RankingBottomScore', 'group', 'Minimum', 'bottom'),
      ],
      LAST_CLOSES,
    ),
    new cloudwatch.GraphWidget({
      title: 'Monthly close: the month’s rates (%, left), sanctions and analyses missed (right)',
      left: [
        closed('MonthOnTimeRate', 'on time'),
        closed('MonthSatisfactionRate', 'satisfaction'),
        closed('MonthKnowledgeUpkeepRate', 'knowledge upkeep'),
      ],
      right: [
        bySearch('Sanctions', 'measure', 'Sum', 'sanctions'),
        closed('UnitAnalysesMissed', 'analyses missed (TN:6(八))'),
      ],
      width: 8,
      height: 6,
      start: LAST_CLOSES,
    }),
  ];
}

function search(query: string, label: string, period: Duration): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SEARCH('${query}', 'Sum', ${period.toSeconds()})`,
    usingMetrics: {},
    label,
    period,
  });
}

/**
 * The sum of a `Hotline` metric over whatever dimensions it carries (a CloudWatch Metrics Insights
 * query), so that an alarm does not depend on the dimension set the task chose.
 */
export function workflowMetricTotal(
  name: (typeof WORKFLOW_METRICS)[number],
  period: Duration = FIVE_MINUTES,
): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SELECT SUM(${name}) FROM "${METRICS_NAMESPACE}"`,
    usingMetrics: {},
    label: name,
    period,
  });
}

function pipeMetric(pipeName: string, metricName: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/EventBridge/Pipes',
    metricName,
    dimensionsMap: { PipeName: pipeName },
    period: FIVE_MINUTES,
    statistic: 'Sum',
    label: metricName,
  });
}
