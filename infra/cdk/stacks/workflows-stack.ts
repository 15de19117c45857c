import { join } from 'node:path';
import {
  CustomResource,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { INDEX_OBJECT_KEY } from '../../../functions/adapters/knowledge-search/index-store.ts';
import { SWEEP_DAYS, SWEEP_RECENT_DAYS } from '../../../functions/app/timers.ts';
import {
  ASSESSMENT_STATE_MACHINES,
  CALENDAR_STATE_MACHINES,
  CALLBACK_RETRY_FIRING,
  type CalendarStateMachineName,
  EVENT_SOURCE,
  PIPE_FILTERS,
  type REPORT_SCHEDULES,
  RULES,
  type RuleDefinition,
  STATE_MACHINE_ENV,
  STATE_MACHINES,
  type StateMachineName,
} from '../../../workflows/rules.ts';
import { calendarDigest } from '../calendar-digest.ts';
import { type HotlineConfig, PROJECT_ROOT } from '../config.ts';
import { DeadLetterQueue } from '../constructs/dead-letter-queue.ts';
import { GatedRollout } from '../constructs/gated-rollout.ts';
import { type FunctionSettings, HotlineFunction, type TableAccess } from '../constructs/hotline-function.ts';

/** Task handlers besides the rules' targets. */
const CORE_TASKS = [
  'timer',
  'sweeper',
  'publish-events',
  'monthly-close',
  'knowledge-review',
  'recount-provisional',
  'recount-trigger',
  'scheduled-reports',
] as const;
export type TaskName = (typeof CORE_TASKS)[number] | RuleDefinition['target'];

interface TaskNeeds {
  description: string;
  timeout: Duration;
  /** Builds the shared runtime (functions/runtime/runtime.ts): the table and the hash key. */
  runtime?: TableAccess;
  /** Given the requester hash key's secret with the table (default true); false for tasks that hash no phone. */
  hashKey?: false;
  /** Starts, or stops, executions of the timer state machines (all of them). */
  timers?: 'start' | 'stop';
  /** Invoked asynchronously (a rule or the schedule): the edge its dead-letter queue serves. */
  asyncEdge?: string;
  /** Writes the knowledge-base search index (its one object of the index bucket), segmenting Chinese. */
  knowledgeIndex?: boolean;
  memorySize?: number;
  reservedConcurrency?: number;
}

/**
 * The memory of the tasks each ticket event or timer invokes (and the sweeper): a few DynamoDB or
 * Step Functions calls each, some 80 MB resident at their peak (bench:init's rss_mb), waiting on the
 * network rather than the CPU, and nobody waits on their cold start. Half the house default halves
 * what they cost by the GB-second (bench:lifecycle).
 */
export const EVENT_TASK_MEMORY_MB = 256;

/**
 * What each task handler needs. A new rule target in workflows/rules.ts without an entry here does
 * not compile.
 */
export const TASKS = {
  timer: {
    description: 'hotline ticket-timer task: fires the due timer and plans the next',
    timeout: Duration.seconds(30),
    runtime: 'readWrite',
    memorySize: EVENT_TASK_MEMORY_MB,
  },
  sweeper: {
    description: 'hotline: fires due timers whose execution was lost',
    timeout: Duration.minutes(2),
    runtime: 'readWrite',
    asyncEdge: 'sweeper function (async invocation from its schedule)',
    memorySize: EVENT_TASK_MEMORY_MB,
  },
  'publish-events': {
    description: 'hotline: Pipe enrichment, stream records of the table to bus entries',
    timeout: Duration.seconds(30),
    memorySize: EVENT_TASK_MEMORY_MB,
  },
  'monthly-close': {
    description: 'hotline: the monthly close steps (freeze scores, rank, sanctions, bulletin)',
    timeout: Duration.minutes(5),
    runtime: 'readWrite',
  },
  'knowledge-review': {
    description: 'hotline: flags published knowledge entries past their review-by date (AH:29)',
    timeout: Duration.minutes(2),
    runtime: 'readWrite',
    asyncEdge: 'knowledge-review function (async invocation from its daily schedule)',
  },
  'recount-provisional': {
    description: 'hotline: recounts a page of the open tickets whose deadlines were provisional',
    timeout: Duration.minutes(2),
    runtime: 'readWrite',
    hashKey: false,
  },
  'recount-trigger': {
    description: 'hotline: starts the provisional recount when a deployment brings new year schedules',
    timeout: Duration.seconds(30),
    asyncEdge: 'recount-trigger function (async invocation from CloudFormation)',
  },
  'scheduled-reports': {
    description: 'hotline: the weekly analysis report (Mondays) and the daily sweep for sudden clusters',
    timeout: Duration.minutes(5),
    runtime: 'readWrite',
    asyncEdge: 'scheduled-reports function (async invocation from its weekly and daily schedules)',
  },
  'start-timers': {
    description: 'hotline: starts the ticket-timer execution of the clocks an event starts',
    timeout: Duration.seconds(30),
    runtime: 'read',
    timers: 'start',
    asyncEdge: 'start-timers function (async invocation from its bus rule)',
    memorySize: EVENT_TASK_MEMORY_MB,
  },
  'stop-timers': {
    description: 'hotline: stops the executions whose clocks have all ended',
    timeout: Duration.seconds(30),
    runtime: 'read',
    timers: 'stop',
    asyncEdge: 'stop-timers function (async invocation from its bus rule)',
    memorySize: EVENT_TASK_MEMORY_MB,
  },
  'project-assessment': {
    description: "hotline: adds a ticket event to its unit's monthly indicator aggregates, once",
    timeout: Duration.seconds(30),
    runtime: 'readWrite',
    asyncEdge: 'project-assessment function (async invocation from its bus rule)',
    memorySize: EVENT_TASK_MEMORY_MB,
  },
  'count-reports': {
    description: 'hotline: counts a registration in the repeat and same-matter tallies, once (AH:20(六))',
    timeout: Duration.seconds(30),
    runtime: 'readWrite',
    asyncEdge: 'count-reports function (async invocation from its bus rule)',
    memorySize: EVENT_TASK_MEMORY_MB,
  },
  'merge-group': {
    description:
      'hotline: a merge group (并单) follows its events: duplicates recorded, the main result passed on',
    timeout: Duration.seconds(30),
    runtime: 'readWrite',
    asyncEdge: 'merge-group function (async invocation from its bus rule)',
    memorySize: EVENT_TASK_MEMORY_MB,
  },
  'build-knowledge-index': {
    description: 'hotline: rebuilds the knowledge-base search index from the published entries and stores it',
    // bench:kb: 46–62 s of segmentation for 50,000 entries on a shared 2-core machine, about 440 MB of heap.
    timeout: Duration.minutes(10),
    memorySize: 2048,
    // One build at a time: a burst of publishes waits in the asynchronous queue, and each change
    // that a later build already covers is dropped at once (functions/app/knowledge/build-index.ts).
    reservedConcurrency: 1,
    runtime: 'read',
    hashKey: false,
    knowledgeIndex: true,
    asyncEdge: 'build-knowledge-index function (async invocation from its bus rule)',
  },
} as const satisfies Record<TaskName, TaskNeeds>;

/** The event bus of a deployment (`anhui-prod` → `hotline-anhui-prod`). */
export const busName = (name: string) => `hotline-${name}`;

/** The handler file of a task. */
export const taskEntry = (name: TaskName) => `functions/tasks/${name}.ts`;

/** The provisional recount's state machine of a deployment, named so that the CLI finds it. */
export const recountStateMachineName = (name: string) => `hotline-${name}-provisional-recount`;

/** The sweeper finds due timers that never fired; it runs this often over the last days (SWEEP_RECENT_DAYS). */
export const SWEEPER_RATE = Duration.minutes(5);
/** And once a day over a month (SWEEP_DAYS): 00:50 Asia/Shanghai, 16:50 UTC. */
export const SWEEPER_DAILY_SCHEDULE = 'cron(50 16 * * ? *)';

/**
 * The monthly close's schedule as an EventBridge rule: 00:00 Asia/Shanghai on the 1st
 * (MONTHLY_CLOSE_SCHEDULE) is 16:00 UTC on the last day of the month before (China keeps no summer
 * time). A rule rather than EventBridge Scheduler, which is not in every region the hotline serves.
 */
export const MONTHLY_CLOSE_RULE_SCHEDULE = 'cron(0 16 L * ? *)';

/** The knowledge review runs once a day, at 01:00 Asia/Shanghai (17:00 UTC). */
export const KNOWLEDGE_REVIEW_SCHEDULE = 'cron(0 17 * * ? *)';

/**
 * The report schedules (REPORT_SCHEDULES of workflows/rules.ts) as EventBridge rules in UTC: the
 * weekly analysis at 01:00 Asia/Shanghai on Mondays (17:00 UTC on Sundays), the cluster sweep at
 * 00:30 Asia/Shanghai every day (16:30 UTC the day before).
 */
export const REPORT_RULE_SCHEDULES = {
  weeklyReport: 'cron(0 17 ? * SUN *)',
  clusterSweep: 'cron(30 16 * * ? *)',
} as const satisfies Record<keyof typeof REPORT_SCHEDULES, string>;

/**
 * @example
 * ```ts
 * const workflows = new WorkflowsStack(app, 'Hotline-anhui-prod-Workflows', {
 *   env, config, settings, table: data.table, requesterHashKey: data.requesterHashKey, key: data.key,
 * });
 * ```
 */
export interface WorkflowsStackProps extends StackProps {
  settings: FunctionSettings;
  table: dynamodb.ITable;
  requesterHashKey: secretsmanager.ISecret;
  /** Encrypts the state machine logs. */
  key: kms.IKey;
  /** Part of the bus name, e.g. `anhui-prod`. */
  name: string;
  /** How a release moves each task's `live` alias (config `functionRollout`). */
  rollout: HotlineConfig['functionRollout'];
  /** Where the monthly close keeps its bulletins (`REPORT_BUCKET`): the data stack's export names. */
  reportBucketExports: { arn: string; name: string };
  /** Where the index builder stores the knowledge index (`KNOWLEDGE_INDEX_BUCKET`): export names. */
  knowledgeIndexBucketExports: { arn: string; name: string };
  logRetention: logs.RetentionDays;
}

/**
 * Events and clocks: the table's stream → Pipe (event items only, enriched by publish-events) →
 * the custom bus (archived for replay) → the rules of workflows/rules.ts → start-timers → one
 * ticket-timer execution per clock; and the sweeper every five minutes; the monthly close and the
 * knowledge review on their schedules; the provisional recount on a deployment that brings new year
 * schedules. Every asynchronous edge has a dead-letter queue (`deadLetterQueues`), which the
 * observability stack alarms on.
 */
export class WorkflowsStack extends Stack {
  readonly bus: events.EventBus;
  readonly archive: events.Archive;
  readonly pipe: pipes.CfnPipe;
  readonly functions: Record<TaskName, HotlineFunction>;
  /**
   * The state machines the stack runs on events and deployments: the timers' (STATE_MACHINES) and the
   * calendar's (CALENDAR_STATE_MACHINES); the observability stack alarms on each. The monthly close
   * is apart (`monthlyClose`).
   */
  readonly stateMachines: Record<StateMachineName | CalendarStateMachineName, sfn.StateMachine>;
  readonly rules: Record<string, events.Rule> = {};
  /** The sweeper's runs: every few minutes over the last days, daily over a month. */
  readonly sweeperSchedules: { recent: events.Rule; daily: events.Rule };
  /** The monthly close (workflows/monthly-close.asl.json) and the rule that starts it on the 1st. */
  readonly monthlyClose: sfn.StateMachine;
  readonly monthlyCloseSchedule: events.Rule;
  readonly knowledgeReviewSchedule: events.Rule;
  /**
   * The provisional recount (workflows/provisional-recount.asl.json) and the custom resource that
   * starts it when a deployment brings year schedules it did not have.
   */
  readonly provisionalRecount: sfn.StateMachine;
  readonly recountTrigger: CustomResource;
  /** The weekly report and the daily cluster sweep (functions/tasks/scheduled-reports.ts). */
  readonly reportSchedules: Record<keyof typeof REPORT_SCHEDULES, events.Rule>;
  readonly deadLetterQueues: DeadLetterQueue[] = [];
  /** Alarm-gated releases of the task functions. */
  readonly rollout: GatedRollout;

  constructor(scope: Construct, id: string, props: WorkflowsStackProps) {
    super(scope, id, props);
    const { settings } = props;

    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: busName(props.name),
      description: 'Ticket events from the table stream (source hotline.tickets, detail-type = event type)',
    });
    this.archive = this.bus.archive('Archive', {
      archiveName: `hotline-${props.name}-tickets`,
      description: 'Every ticket event, for replay after an incident',
      eventPattern: { source: [EVENT_SOURCE] },
      retention: Duration.days(365),
    });
    // A year of complaint content: under the deployment key, like the table it comes from. Set on the
    // resource so that the key policy (data stack, `allowEventArchive`) names the bus by its name
    // instead of a reference into this stack.
    (this.archive.node.defaultChild as events.CfnArchive).kmsKeyIdentifier = props.key.keyArn;

    const functions = {} as Record<TaskName, HotlineFunction>;
    for (const [name, needs] of Object.entries(TASKS) as [TaskName, TaskNeeds][]) {
      const fn = new HotlineFunction(this, `Task-${name}`, {
        name: `task-${name}`,
        entry: taskEntry(name),
        settings,
        timeout: needs.timeout,
        description: needs.description,
        ...(needs.asyncEdge && { asyncInvocation: { edge: needs.asyncEdge } }),
        ...(needs.memorySize && { memorySize: needs.memorySize }),
        ...(needs.reservedConcurrency && { reservedConcurrency: needs.reservedConcurrency }),
        ...(needs.knowledgeIndex && { segmenter: true }),
      });
      if (needs.runtime) fn.bindTable(props.table, needs.runtime);
      if (needs.runtime && needs.hashKey !== false) fn.bindSecret(props.requesterHashKey);
      if (fn.asyncDeadLetterQueue) this.deadLetterQueues.push(fn.asyncDeadLetterQueue);
      functions[name] = fn;
    }
    this.functions = functions;
    this.rollout = new GatedRollout(this, 'Rollout', { rollout: props.rollout });
    for (const fn of Object.values(functions)) this.rollout.gate(fn);

    // What the `${…}` placeholders of the ASL files stand for: the functions their Task states call.
    const substitutionValues: Record<string, HotlineFunction> = { TimerFunctionArn: functions.timer };
    const machines = {} as Record<StateMachineName, sfn.StateMachine>;
    for (const name of Object.keys(STATE_MACHINES) as StateMachineName[]) {
      const { file } = STATE_MACHINES[name];
      const values = Object.fromEntries(
        STATE_MACHINES[name].substitutions.map((placeholder) => {
          const fn = substitutionValues[placeholder];
          if (!fn) throw new Error(`no value for \${${placeholder}} of workflows/${file}`);
          return [placeholder, fn];
        }),
      );
      machines[name] = this.stateMachine(name, file, props, values);
    }
    for (const [name, needs] of Object.entries(TASKS) as [TaskName, TaskNeeds][]) {
      if (!needs.timers) continue;
      for (const machine of Object.keys(machines) as StateMachineName[]) {
        functions[name].bindStateMachine(machines[machine], needs.timers, STATE_MACHINE_ENV[machine]);
      }
    }

    for (const rule of RULES) this.rules[rule.name] = this.rule(rule);
    this.rules[CALLBACK_RETRY_FIRING.name] = this.callbackRetryFiring(
      machines[CALLBACK_RETRY_FIRING.machine],
      functions.timer,
    );

    const sweeper = functions.sweeper;
    const scheduleDlq = this.deadLetterQueue(
      'SweeperScheduleDlq',
      'sweeper schedule → sweeper function',
    ).redrivesTo(sweeper);
    const sweep = (id: string, schedule: events.Schedule, lookBackDays: number, maxEventAge: Duration) =>
      new events.Rule(this, id, {
        description: `Runs the sweeper over ${lookBackDays + 1} days: due timers that never fired are fired and counted`,
        schedule,
        targets: [
          new targets.LambdaFunction(sweeper.live, {
            event: events.RuleTargetInput.fromObject({ lookBackDays }),
            deadLetterQueue: scheduleDlq.queue,
            retryAttempts: 2,
            // A missed run is covered by the next one.
            maxEventAge,
          }),
        ],
      });
    this.sweeperSchedules = {
      recent: sweep('SweeperSchedule', events.Schedule.rate(SWEEPER_RATE), SWEEP_RECENT_DAYS, SWEEPER_RATE),
      daily: sweep(
        'SweeperDailySchedule',
        events.Schedule.expression(SWEEPER_DAILY_SCHEDULE),
        SWEEP_DAYS,
        Duration.hours(1),
      ),
    };

    const reportBucket = s3.Bucket.fromBucketAttributes(this, 'ReportBucket', {
      bucketArn: Fn.importValue(props.reportBucketExports.arn),
      bucketName: Fn.importValue(props.reportBucketExports.name),
      encryptionKey: props.key,
    });
    functions['monthly-close'].bindBucket(reportBucket, 'readWrite');
    const indexBucket = s3.Bucket.fromBucketAttributes(this, 'KnowledgeIndexBucket', {
      bucketArn: Fn.importValue(props.knowledgeIndexBucketExports.arn),
      bucketName: Fn.importValue(props.knowledgeIndexBucketExports.name),
      encryptionKey: props.key,
    });
    for (const [name, needs] of Object.entries(TASKS) as [TaskName, TaskNeeds][]) {
      if (needs.knowledgeIndex) {
        functions[name].bindBucket(indexBucket, 'readWrite', 'KNOWLEDGE_INDEX_BUCKET', INDEX_OBJECT_KEY);
      }
    }
    const close = ASSESSMENT_STATE_MACHINES.monthlyClose;
    this.monthlyClose = this.stateMachine('monthlyClose', close.file, props, {
      CloseFunctionArn: functions['monthly-close'],
    });
    const closeDlq = this.deadLetterQueue(
      'MonthlyCloseScheduleDlq',
      'monthly close schedule → monthlyClose state machine',
    ).startsStateMachine();
    this.monthlyCloseSchedule = new events.Rule(this, 'MonthlyCloseSchedule', {
      description: 'Starts the monthly close at 00:00 Asia/Shanghai on the 1st; it closes the month before',
      schedule: events.Schedule.expression(MONTHLY_CLOSE_RULE_SCHEDULE),
      targets: [
        // The whole scheduled event is the input: the close reads its `time`.
        new targets.SfnStateMachine(this.monthlyClose, {
          deadLetterQueue: closeDlq.queue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });

    const review = functions['knowledge-review'];
    const reviewDlq = this.deadLetterQueue(
      'KnowledgeReviewScheduleDlq',
      'knowledge review schedule → knowledge-review function',
    ).redrivesTo(review);
    this.knowledgeReviewSchedule = new events.Rule(this, 'KnowledgeReviewSchedule', {
      description: 'Flags published knowledge entries past their review-by date, daily',
      schedule: events.Schedule.expression(KNOWLEDGE_REVIEW_SCHEDULE),
      targets: [
        new targets.LambdaFunction(review.live, {
          deadLetterQueue: reviewDlq.queue,
          retryAttempts: 2,
          // The next day's run covers a missed one.
          maxEventAge: Duration.hours(12),
        }),
      ],
    });

    this.provisionalRecount = this.stateMachine(
      'provisionalRecount',
      CALENDAR_STATE_MACHINES.provisionalRecount.file,
      props,
      { RecountFunctionArn: functions['recount-provisional'] },
      recountStateMachineName(props.name),
    );
    this.stateMachines = { ...machines, provisionalRecount: this.provisionalRecount };
    this.recountTrigger = this.recountOnNewSchedules(props);
    this.reportSchedules = this.reportJobs(functions['scheduled-reports'], reportBucket);

    this.pipe = this.eventPipe(props);
  }

  /**
   * Starts the provisional recount on the first deployment and on each one whose year schedules
   * differ (the official years bundled, or an operator file's content): the custom resource's
   * properties carry their digest, so CloudFormation updates it, and calls the trigger, only then.
   * It runs after every task's live alias has moved to this release, so the recount and the timers it
   * plans run with the new calendar. The trigger always answers success: the recount is never a
   * reason to roll a deployment back.
   */
  private recountOnNewSchedules(props: WorkflowsStackProps): CustomResource {
    const trigger = this.functions['recount-trigger'];
    trigger.bindStateMachine(this.provisionalRecount, 'start', 'RECOUNT_STATE_MACHINE_ARN');
    const { digest, operatorYears } = calendarDigest(props.settings.calendarFiles);
    const resource = new CustomResource(this, 'ProvisionalRecountTrigger', {
      serviceToken: trigger.live.functionArn,
      resourceType: 'Custom::ProvisionalRecount',
      properties: { CalendarDigest: digest, OperatorYears: operatorYears },
    });
    for (const fn of Object.values(this.functions)) resource.node.addDependency(fn.live);
    resource.node.addDependency(this.provisionalRecount);
    return resource;
  }

  /**
   * The weekly analysis report and the daily cluster sweep: one rule each, invoking the
   * scheduled-reports task with the job and the scheduled time. Each run is safe to repeat.
   */
  private reportJobs(
    fn: HotlineFunction,
    reportBucket: s3.IBucket,
  ): Record<keyof typeof REPORT_SCHEDULES, events.Rule> {
    fn.bindBucket(reportBucket, 'readWrite');
    const dlq = this.deadLetterQueue(
      'ReportSchedulesDlq',
      'weekly report and cluster sweep schedules → scheduled-reports function',
    ).redrivesTo(fn);
    const rule = (job: keyof typeof REPORT_SCHEDULES, id: string, description: string) =>
      new events.Rule(this, id, {
        description,
        schedule: events.Schedule.expression(REPORT_RULE_SCHEDULES[job]),
        targets: [
          new targets.LambdaFunction(fn.live, {
            event: events.RuleTargetInput.fromObject({ job, time: events.EventField.time }),
            deadLetterQueue: dlq.queue,
            retryAttempts: 2,
            // The next run covers the days a missed sweep would have looked at only in part; a
            // missed weekly report is generated by API.
            maxEventAge: Duration.hours(12),
          }),
        ],
      });
    return {
      weeklyReport: rule(
        'weeklyReport',
        'WeeklyReportSchedule',
        'Generates the weekly analysis report of the week just ended, at 01:00 Asia/Shanghai on Mondays',
      ),
      clusterSweep: rule(
        'clusterSweep',
        'ClusterSweepSchedule',
        'Looks for sudden clusters (突发性/苗头性) of the day before and supervises their tickets, at 00:30 Asia/Shanghai daily',
      ),
    };
  }

  private deadLetterQueue(id: string, edge: string): DeadLetterQueue {
    const dlq = new DeadLetterQueue(this, id, { edge });
    this.deadLetterQueues.push(dlq);
    return dlq;
  }

  /**
   * A state machine from its ASL file in workflows/, each `${…}` placeholder substituted with the
   * live alias of the function its Task states call.
   */
  private stateMachine(
    key: string,
    file: string,
    props: WorkflowsStackProps,
    functionsByPlaceholder: Record<string, HotlineFunction>,
    stateMachineName?: string,
  ): sfn.StateMachine {
    const substitutions = Object.fromEntries(
      Object.entries(functionsByPlaceholder).map(([placeholder, fn]) => [placeholder, fn.live.functionArn]),
    );
    const invokes = [...new Set(Object.values(functionsByPlaceholder))];
    // No fixed name: the group is retained, and a retained name would make the next deployment of
    // this stack (a retry after a failed first one, a redeploy after teardown) fail "already exists".
    const logGroup = new logs.LogGroup(this, `${key}Logs`, {
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(this, `${key}Role`, {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description: `Runs the ${key} state machine`,
    });
    // The ASL names the functions by ARN (Lambda task states without the optimized integration).
    if (invokes.length > 0) {
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: invokes.map((f) => f.live.functionArn),
        }),
      );
    }
    const machine = new sfn.StateMachine(this, key, {
      stateMachineType: sfn.StateMachineType.STANDARD,
      ...(stateMachineName && { stateMachineName }),
      definitionBody: sfn.DefinitionBody.fromFile(join(PROJECT_ROOT, 'workflows', file)),
      ...(invokes.length > 0 && { definitionSubstitutions: substitutions }),
      role,
      tracingEnabled: props.settings.tracing,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    if (!props.settings.tracing) {
      Validations.of(machine).acknowledge({
        id: 'AwsSolutions-SF2',
        reason: `X-Ray tracing is off for this deployment (config "tracing"; off by default in the China regions, where Lambda has no X-Ray integration, so a trace would stop at the first task). Every execution is logged (level ALL) to an encrypted log group instead.`,
      });
    }
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'AWS requires Resource "*" for two statements CDK adds to a state machine role: the CloudWatch Logs delivery actions of logging (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) and, where the deployment traces, X-Ray (xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets); none supports resource-level permissions. Invoking Lambda names each function ARN.',
    });
    return machine;
  }

  private rule(definition: RuleDefinition): events.Rule {
    return new events.Rule(this, `Rule-${definition.name}`, {
      eventBus: this.bus,
      description: definition.description,
      eventPattern: toEventPattern(definition.eventPattern),
      targets: [
        this.ruleTarget(
          definition.name,
          `bus rule ${definition.name} → ${definition.target}`,
          this.functions[definition.target],
        ),
      ],
    });
  }

  /** A rule's function target: retried for a day, then kept in a dead-letter queue of its own. */
  private ruleTarget(name: string, edge: string, fn: HotlineFunction): targets.LambdaFunction {
    const dlq = this.deadLetterQueue(`${name}Dlq`, edge).redrivesTo(fn);
    return new targets.LambdaFunction(fn.live, {
      deadLetterQueue: dlq.queue,
      retryAttempts: 8,
      maxEventAge: Duration.hours(24),
    });
  }

  /**
   * The account's default bus (where Step Functions announces executions' ends) → the timer task,
   * for each callback-retry execution that waited out its gap (CALLBACK_RETRY_FIRING in rules.ts).
   */
  private callbackRetryFiring(machine: sfn.StateMachine, timer: HotlineFunction): events.Rule {
    const firing = CALLBACK_RETRY_FIRING;
    return new events.Rule(this, `Rule-${firing.name}`, {
      description: firing.description,
      eventPattern: {
        source: [firing.source],
        detailType: [firing.detailType],
        detail: { status: [firing.status], stateMachineArn: [machine.stateMachineArn] },
      },
      targets: [this.ruleTarget(firing.name, `${firing.machine} execution end → timer`, timer)],
    });
  }

  /** Table stream → event items only → publish-events (enrichment) → the bus. */
  private eventPipe(props: WorkflowsStackProps): pipes.CfnPipe {
    const enrichment = this.functions['publish-events'];
    const dlq = this.deadLetterQueue('PipeDlq', 'table stream → Pipe → bus').holdsStreamPointers();
    const streamArn = props.table.tableStreamArn;
    if (!streamArn) throw new Error('the table has no stream');
    const role = new iam.Role(this, 'PipeRole', {
      assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'Reads the table stream, calls the enrichment function and puts events on the bus',
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        resources: [streamArn],
      }),
    );
    role.addToPolicy(new iam.PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] }));
    if (props.table.encryptionKey) {
      role.addToPolicy(
        new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [props.table.encryptionKey.keyArn] }),
      );
    }
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [enrichment.live.functionArn],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [this.bus.eventBusArn] }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [dlq.queue.queueArn] }),
    );
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams has no resource type, so AWS requires Resource "*" (EventBridge Pipes lists it among the permissions of a DynamoDB stream source). Reading records names the table stream ARN.',
    });

    const pipe = new pipes.CfnPipe(this, 'EventPipe', {
      description: 'Ticket events from the table stream to the bus',
      roleArn: role.roleArn,
      desiredState: 'RUNNING',
      source: streamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          // Events written before the pipe exists (first deployment) are still delivered; start-timers is idempotent.
          startingPosition: 'TRIM_HORIZON',
          batchSize: 10,
          maximumBatchingWindowInSeconds: 1,
          maximumRetryAttempts: 10,
          maximumRecordAgeInSeconds: 86_400,
          onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
          deadLetterConfig: { arn: dlq.queue.queueArn },
        },
        filterCriteria: { filters: PIPE_FILTERS.map((f) => ({ pattern: JSON.stringify(f) })) },
      },
      enrichment: enrichment.live.functionArn,
      target: this.bus.eventBusArn,
      // The enrichment returns `{ detailType, detail }` entries: the rules match the detail-type.
      targetParameters: {
        eventBridgeEventBusParameters: { source: EVENT_SOURCE, detailType: '$.detailType' },
        inputTemplate: '<$.detail>',
      },
    });
    pipe.node.addDependency(role);
    return pipe;
  }
}

/** The CDK form of an event pattern written as EventBridge JSON (`detail-type` → `detailType`). */
export function toEventPattern(pattern: Record<string, unknown>): events.EventPattern {
  const names: Record<string, keyof events.EventPattern> = {
    source: 'source',
    'detail-type': 'detailType',
    detail: 'detail',
    account: 'account',
    region: 'region',
    resources: 'resources',
    time: 'time',
    id: 'id',
    version: 'version',
  };
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pattern)) {
    const name = names[key];
    if (!name) throw new Error(`event pattern field "${key}" is not one EventBridge matches on`);
    result[name] = value;
  }
  return result as events.EventPattern;
}
