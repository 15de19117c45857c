import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { INDEX_OBJECT_KEY } from '../../functions/adapters/knowledge-search/index-store.ts';
import { monthToClose } from '../../functions/app/monthly-close.ts';
import { dayBefore } from '../../functions/app/reports/scheduled.ts';
import { SWEEP_DAYS, SWEEP_RECENT_DAYS } from '../../functions/app/timers.ts';
import { COUNTED_EVENT_TYPES } from '../../functions/domain/assessment/index.ts';
import { toShanghaiIso } from '../../functions/domain/calendar/index.ts';
import { PUBLISHED_SET_EVENTS } from '../../functions/domain/knowledge/index.ts';
import { periodHolding } from '../../functions/domain/reports/index.ts';
import type { TicketEvent } from '../../functions/domain/ticket/index.ts';
import { toBusEntries } from '../../functions/tasks/publish-events.ts';
import { calendarDigest } from '../../infra/cdk/calendar-digest.ts';
import { PROJECT_ROOT } from '../../infra/cdk/config.ts';
import {
  EVENT_TASK_MEMORY_MB,
  KNOWLEDGE_REVIEW_SCHEDULE,
  MONTHLY_CLOSE_RULE_SCHEDULE,
  REPORT_RULE_SCHEDULES,
  recountStateMachineName,
  SWEEPER_DAILY_SCHEDULE,
  SWEEPER_RATE,
  TASKS,
  type TaskName,
} from '../../infra/cdk/stacks/workflows-stack.ts';
import { matchesPattern } from '../../infra/local/event-bus.ts';
import {
  ASSESSMENT_STATE_MACHINES,
  CALENDAR_STATE_MACHINES,
  CLOCK_EVENT_TYPES,
  EVENT_SOURCE,
  MERGE_GROUP_EVENT_TYPES,
  PIPE_FILTERS,
  READ_EVENT_TYPES,
  REPORT_SCHEDULES,
  RULES,
  STATE_MACHINES,
} from '../../workflows/rules.ts';
import { expectGatedRelease } from './support/rollout.ts';
import { exampleConfig, only, resources, type Synthesized, synthesize } from './support/synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize(exampleConfig('pingdingshan'));
});

type Props = Record<string, unknown>;
const props = (r: { Properties?: Props }) => r.Properties ?? {};
const text = (v: unknown) => JSON.stringify(v);

/** The logical id of a construct's CloudFormation resource in its stack. */
function logicalId(construct: { node: { defaultChild?: unknown } }): string {
  if (!s.stacks.workflows) throw new Error('no workflows stack');
  return s.stacks.workflows.getLogicalId(construct.node.defaultChild as CfnElement);
}

function workflows() {
  const t = s.templates.workflows;
  if (!t) throw new Error(`workflows stack skipped: ${s.stacks.skipped.join('; ')}`);
  return t;
}

// The rules name events the domain emits (checked by the compiler).
const _clockEventsAreDomainEvents: readonly TicketEvent['type'][] = CLOCK_EVENT_TYPES;
const _mergeEventsAreDomainEvents: readonly TicketEvent['type'][] = MERGE_GROUP_EVENT_TYPES;

describe('Workflows stack', () => {
  it('has one function per task handler: arm64, nodejs24.x, no X-Ray in a China region', () => {
    const functions = resources(workflows(), 'AWS::Lambda::Function');
    expect(functions).toHaveLength(Object.keys(TASKS).length);
    for (const [, fn] of functions) {
      expect(props(fn)).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
      expect(props(fn).TracingConfig).toBeUndefined();
    }
  });

  it('routes the bus with exactly the rule patterns of workflows/rules.ts, with retries and a DLQ', () => {
    for (const rule of RULES) {
      // Prepare
      const target = s.stacks.workflows?.functions[rule.target];
      if (!target) throw new Error(`no function ${rule.target}`);

      // Act
      const found = resources(workflows(), 'AWS::Events::Rule').filter(
        ([, r]) => text(props(r).EventPattern) === text(rule.eventPattern),
      );

      // Assess
      expect(found, rule.name).toHaveLength(1);
      const [[, cfnRule]] = found as [[string, { Properties: Props }]];
      expect(text(cfnRule.Properties.EventBusName)).toContain(logicalId(s.stacks.workflows?.bus as never));
      expect(cfnRule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { Ref: logicalId(target.live) },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/Dlq/), 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86_400 },
        }),
      ]);
    }
  });

  it('defines each state machine from its ASL file, every placeholder substituted', () => {
    for (const [key, machine] of Object.entries(STATE_MACHINES)) {
      // Prepare
      const asl = readFileSync(join(PROJECT_ROOT, 'workflows', machine.file), 'utf8');
      const cfn = resources(workflows(), 'AWS::StepFunctions::StateMachine').find(([id]) =>
        id.startsWith(key),
      );
      if (!cfn) throw new Error(`no state machine ${key}`);
      const p = props(cfn[1]);
      const location = p.DefinitionS3Location as { Key: string };
      // A machine whose ASL names no function has none (CloudFormation refuses an empty map).
      const substitutions = (p.DefinitionSubstitutions ?? {}) as Record<string, unknown>;

      // Act
      const staged = readFileSync(join(s.outdir, `asset.${location.Key}`), 'utf8');
      const substituted = JSON.parse(
        staged.replace(/\$\{(\w+)\}/g, (_, name: string) =>
          text(`SUBSTITUTED:${text(substitutions[name])}`).slice(1, -1),
        ),
      ) as { States: Record<string, { Type: string; Resource?: string }> };

      // Assess
      expect(staged).toBe(asl);
      expect(Object.keys(substitutions).sort()).toEqual([...machine.substitutions].sort());
      expect(text(substituted)).not.toContain('undefined');
      const timer = s.stacks.workflows?.functions.timer;
      if (!timer) throw new Error('no timer function');
      for (const state of Object.values(substituted.States).filter((st) => st.Type === 'Task')) {
        expect(state.Resource).toBe(`SUBSTITUTED:${text({ Ref: logicalId(timer.live) })}`);
      }
    }
  });

  it("fires the callback retry's timer from its execution's end: a rule of the default bus, with a DLQ", () => {
    // Prepare
    const [retryId] =
      resources(workflows(), 'AWS::StepFunctions::StateMachine').find(([id]) =>
        id.startsWith('callbackRetry'),
      ) ?? [];
    const timer = s.stacks.workflows?.functions.timer;
    if (!retryId || !timer) throw new Error('no callback-retry machine or timer function');

    // Act
    const [, rule] =
      resources(workflows(), 'AWS::Events::Rule').find(([, r]) =>
        text(props(r).EventPattern).includes('aws.states'),
      ) ?? [];

    // Assess: the default bus (no bus named), SUCCEEDED ends of that machine only, to the timer's alias
    const p = props(rule ?? {});
    expect(p.EventBusName).toBeUndefined();
    expect(p.EventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['SUCCEEDED'], stateMachineArn: [{ Ref: retryId }] },
    });
    const [target] = p.Targets as { Arn: unknown; DeadLetterConfig?: unknown; RetryPolicy?: unknown }[];
    expect(target?.Arn).toEqual({ Ref: logicalId(timer.live) });
    expect(target?.DeadLetterConfig).toBeDefined();
    expect(target?.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 8 });
  });

  it('gives the tasks of events and timers, and the sweeper, 256 MB; the other tasks the house 512 MB', () => {
    const memory = Object.fromEntries(
      Object.entries(s.stacks.workflows?.functions ?? {}).map(([name, fn]) => {
        const [, cfn] =
          resources(workflows(), 'AWS::Lambda::Function').find(([id]) => id === logicalId(fn)) ?? [];
        return [name, props(cfn ?? {}).MemorySize];
      }),
    );
    for (const name of [
      'timer',
      'sweeper',
      'publish-events',
      'start-timers',
      'stop-timers',
      'project-assessment',
      'count-reports',
      'merge-group',
    ])
      expect(memory[name], name).toBe(EVENT_TASK_MEMORY_MB);
    expect(memory['monthly-close']).toBe(512);
    expect(memory['build-knowledge-index']).toBe(2048);
  });

  it('runs the state machines as STANDARD, logging ALL to an encrypted log group, without X-Ray in China', () => {
    for (const [, machine] of resources(workflows(), 'AWS::StepFunctions::StateMachine')) {
      expect(props(machine)).toMatchObject({
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: false },
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
      });
    }
    // Retained without a fixed name: a redeploy after teardown creates a new group beside it.
    for (const [id, machine] of resources(workflows(), 'AWS::StepFunctions::StateMachine')) {
      const destination = text(props(machine).LoggingConfiguration);
      const [[, group]] = resources(workflows(), 'AWS::Logs::LogGroup').filter(([g]) =>
        destination.includes(g),
      ) as [[string, { DeletionPolicy?: string; Properties: Record<string, unknown> }]];
      expect(group.Properties.LogGroupName, id).toBeUndefined();
      expect(group.Properties.KmsKeyId, id).toBeDefined();
      expect(group.DeletionPolicy, id).toBe('Retain');
    }
  });

  it('pipes the table stream through the enrichment to the bus, with a DLQ', () => {
    const [, pipe] = only(workflows(), 'AWS::Pipes::Pipe');
    const p = pipe.Properties;
    expect(text(p.Source)).toContain('StreamArn');
    expect(p.Enrichment).toEqual({
      Ref: logicalId(s.stacks.workflows?.functions['publish-events'].live as never),
    });
    expect(p.Target).toEqual({ 'Fn::GetAtt': [logicalId(s.stacks.workflows?.bus as never), 'Arn'] });
    expect(p.TargetParameters).toEqual({
      EventBridgeEventBusParameters: { Source: EVENT_SOURCE, DetailType: '$.detailType' },
      InputTemplate: '<$.detail>',
    });
    expect(p.SourceParameters).toMatchObject({
      DynamoDBStreamParameters: {
        StartingPosition: 'TRIM_HORIZON',
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^PipeDlq/), 'Arn'] } },
        OnPartialBatchItemFailure: 'AUTOMATIC_BISECT',
      },
      FilterCriteria: { Filters: PIPE_FILTERS.map((f) => ({ Pattern: text(f) })) },
    });
  });

  it('archives every ticket event on the bus for replay', () => {
    workflows().hasResourceProperties('AWS::Events::Archive', {
      EventPattern: { source: [EVENT_SOURCE] },
      RetentionDays: 365,
    });
  });

  it(`runs the sweeper every ${SWEEPER_RATE.toMinutes()} minutes over the last days and daily over a month, with retries and a DLQ`, () => {
    const sweeper = s.stacks.workflows?.functions.sweeper;
    if (!sweeper) throw new Error('no sweeper');
    for (const [schedule, lookBackDays] of [
      ['rate(5 minutes)', SWEEP_RECENT_DAYS],
      [SWEEPER_DAILY_SCHEDULE, SWEEP_DAYS],
    ] as const) {
      workflows().hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: schedule,
        Targets: [
          Match.objectLike({
            Arn: { Ref: logicalId(sweeper.live) },
            Input: JSON.stringify({ lookBackDays }),
            DeadLetterConfig: Match.anyValue(),
            RetryPolicy: Match.anyValue(),
          }),
        ],
      });
    }
  });

  it('gives every asynchronously invoked task its own DLQ, retries and maximum event age', () => {
    const asyncTasks = (Object.entries(TASKS) as [TaskName, { asyncEdge?: string }][]).filter(
      ([, t]) => t.asyncEdge,
    );
    for (const [name] of asyncTasks) {
      const fn = s.stacks.workflows?.functions[name];
      if (!fn) throw new Error(`no function ${name}`);
      const [, cfn] =
        resources(workflows(), 'AWS::Lambda::Function').find(([id]) => id === logicalId(fn)) ?? [];
      expect(props(cfn ?? {}).DeadLetterConfig, name).toEqual({ TargetArn: expect.anything() });
      // On the function and on the live alias that the rule or schedule invokes.
      const aliasName = { 'Fn::Select': [7, { 'Fn::Split': [':', { Ref: logicalId(fn.live) }] }] };
      for (const qualifier of ['$LATEST', aliasName]) {
        workflows().hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          FunctionName: { Ref: logicalId(fn) },
          Qualifier: qualifier,
          MaximumRetryAttempts: 2,
          MaximumEventAgeInSeconds: 21_600,
        });
      }
    }
  });
});

describe('The monthly close and the knowledge review', () => {
  it('deploys workflows/monthly-close.asl.json unchanged, its tasks on the live alias of monthly-close', () => {
    // Prepare
    const close = s.stacks.workflows?.functions['monthly-close'];
    const machine = s.stacks.workflows?.monthlyClose;
    if (!close || !machine) throw new Error('no monthly close');
    const [, cfn] = resources(workflows(), 'AWS::StepFunctions::StateMachine').find(
      ([id]) => id === logicalId(machine),
    ) ?? [undefined, undefined];
    if (!cfn) throw new Error('monthly close not in the template');
    const p = props(cfn);

    // Act
    const staged = readFileSync(
      join(s.outdir, `asset.${(p.DefinitionS3Location as { Key: string }).Key}`),
      'utf8',
    );

    // Assess
    expect(staged).toBe(
      readFileSync(join(PROJECT_ROOT, 'workflows', ASSESSMENT_STATE_MACHINES.monthlyClose.file), 'utf8'),
    );
    expect(p.DefinitionSubstitutions).toEqual({ CloseFunctionArn: { Ref: logicalId(close.live) } });
    expect(p).toMatchObject({ StateMachineType: 'STANDARD', LoggingConfiguration: { Level: 'ALL' } });
  });

  it('starts the close at 00:00 Asia/Shanghai on every 1st, for the month before, with retries and a DLQ', () => {
    // Prepare: the rule fires at 16:00 UTC on the last day of each month (cron's L)
    const lastDays = ['2026-01-31', '2026-02-28', '2028-02-29', '2026-04-30', '2026-12-31'];
    const machine = s.stacks.workflows?.monthlyClose;
    if (!machine) throw new Error('no monthly close');

    // Act
    const starts = lastDays.map((day) => new Date(`${day}T16:00:00Z`).toISOString());

    // Assess
    expect(MONTHLY_CLOSE_RULE_SCHEDULE).toBe('cron(0 16 L * ? *)');
    expect(starts.map((t) => toShanghaiIso(new Date(t)).slice(0, 16))).toEqual([
      '2026-02-01T00:00',
      '2026-03-01T00:00',
      '2028-03-01T00:00',
      '2026-05-01T00:00',
      '2027-01-01T00:00',
    ]);
    expect(starts.map(monthToClose)).toEqual(['2026-01', '2026-02', '2028-02', '2026-04', '2026-12']);
    workflows().hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: MONTHLY_CLOSE_RULE_SCHEDULE,
      Targets: [
        Match.objectLike({
          Arn: { Ref: logicalId(machine) },
          RoleArn: Match.anyValue(),
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MonthlyCloseScheduleDlq'), 'Arn'] },
          },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86_400 },
        }),
      ],
    });
  });

  it('lets the monthly close write reports to the report bucket (REPORT_BUCKET)', () => {
    // Prepare
    const close = s.stacks.workflows?.functions['monthly-close'];
    if (!close) throw new Error('no monthly close');

    // Act
    const [, fn] =
      resources(workflows(), 'AWS::Lambda::Function').find(([id]) => id === logicalId(close)) ?? [];
    const policies = resources(workflows(), 'AWS::IAM::Policy').filter(([, pol]) =>
      text(props(pol).Roles).includes(text({ Ref: logicalId(close.role as never) })),
    );

    // Assess
    expect(text(props(fn ?? {}).Environment)).toContain(
      '"REPORT_BUCKET":{"Fn::ImportValue":"Hotline-pingdingshan-prod-Data-ReportBucketName"}',
    );
    expect(text(policies)).toContain('"s3:PutObject"');
  });

  it('builds the knowledge index one invocation at a time, writing only the index object (KNOWLEDGE_INDEX_BUCKET)', () => {
    // Prepare
    const builder = s.stacks.workflows?.functions['build-knowledge-index'];
    if (!builder) throw new Error('no index builder');

    // Act
    const [, fn] =
      resources(workflows(), 'AWS::Lambda::Function').find(([id]) => id === logicalId(builder)) ?? [];
    const policies = resources(workflows(), 'AWS::IAM::Policy').filter(([, pol]) =>
      text(props(pol).Roles).includes(text({ Ref: logicalId(builder.role as never) })),
    );
    const statements = policies.flatMap(
      ([, pol]) =>
        (props(pol).PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
    );
    const s3Statements = statements.filter((st) => text(st.Action).includes('s3:'));

    // Assess
    expect(props(fn ?? {})).toMatchObject({ ReservedConcurrentExecutions: 1, MemorySize: 2048 });
    expect(text(props(fn ?? {}).Environment)).toContain(
      '"KNOWLEDGE_INDEX_BUCKET":{"Fn::ImportValue":"Hotline-pingdingshan-prod-Data-KnowledgeIndexBucketName"}',
    );
    expect(s3Statements).toEqual([
      expect.objectContaining({
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: {
          'Fn::Join': [
            '',
            [
              { 'Fn::ImportValue': 'Hotline-pingdingshan-prod-Data-KnowledgeIndexBucketArn' },
              `/${INDEX_OBJECT_KEY}`,
            ],
          ],
        },
      }),
      expect.objectContaining({
        Action: 's3:ListBucket',
        Resource: { 'Fn::ImportValue': 'Hotline-pingdingshan-prod-Data-KnowledgeIndexBucketArn' },
      }),
    ]);
    // It reads the table and hashes no phone number: no write, no secret.
    expect(text(statements)).not.toContain('dynamodb:PutItem');
    expect(text(statements)).not.toContain('secretsmanager:');
    // Its rule: the events that change what is published, and nothing else.
    workflows().hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: [EVENT_SOURCE],
        'detail-type': [...PUBLISHED_SET_EVENTS],
        detail: { entryId: [{ exists: true }] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: logicalId(builder.live) } })],
    });
  });

  it('runs the knowledge review daily on its live alias, with retries and a DLQ', () => {
    const review = s.stacks.workflows?.functions['knowledge-review'];
    if (!review) throw new Error('no knowledge review');
    workflows().hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: KNOWLEDGE_REVIEW_SCHEDULE,
      Targets: [
        Match.objectLike({
          Arn: { Ref: logicalId(review.live) },
          DeadLetterConfig: Match.anyValue(),
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 43_200 },
        }),
      ],
    });
  });

  it('runs the weekly report on Mondays 01:00 and the cluster sweep daily at 00:30 Asia/Shanghai, with the job and time', () => {
    // Prepare: the UTC rules' firing times, as Shanghai times, and the day each job then looks at
    const task = s.stacks.workflows?.functions['scheduled-reports'];
    if (!task) throw new Error('no scheduled-reports task');
    const sundays = ['2026-11-08', '2026-12-27', '2027-01-03'].map((d) => `${d}T17:00:00.000Z`);
    const days = ['2026-11-08', '2026-12-31'].map((d) => `${d}T16:30:00.000Z`);

    // Act
    const weekly = sundays.map((t) => [shanghai(t), periodHolding('weekly', dayBefore(t)).id]);
    const sweeps = days.map((t) => [shanghai(t), dayBefore(t)]);

    // Assess
    expect(REPORT_SCHEDULES.weeklyReport).toEqual({
      expression: 'cron(0 1 ? * MON *)',
      timeZone: 'Asia/Shanghai',
    });
    expect(REPORT_SCHEDULES.clusterSweep).toEqual({
      expression: 'cron(30 0 * * ? *)',
      timeZone: 'Asia/Shanghai',
    });
    expect(weekly).toEqual([
      ['2026-11-09T01:00 Mon', '2026-W45'],
      ['2026-12-28T01:00 Mon', '2026-W52'],
      ['2027-01-04T01:00 Mon', '2026-W53'],
    ]);
    expect(sweeps).toEqual([
      ['2026-11-09T00:30 Mon', '2026-11-08'],
      ['2027-01-01T00:30 Fri', '2026-12-31'],
    ]);
    for (const job of ['weeklyReport', 'clusterSweep'] as const) {
      workflows().hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: REPORT_RULE_SCHEDULES[job],
        Targets: [
          Match.objectLike({
            Arn: { Ref: logicalId(task.live) },
            InputTransformer: {
              InputPathsMap: { time: '$.time' },
              InputTemplate: `{"job":"${job}","time":<time>}`,
            },
            DeadLetterConfig: {
              Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReportSchedulesDlq'), 'Arn'] },
            },
            RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 43_200 },
          }),
        ],
      });
    }
    // …and the weekly report is stored in the report bucket (REPORT_BUCKET)
    const [, fn] =
      resources(workflows(), 'AWS::Lambda::Function').find(([id]) => id === logicalId(task)) ?? [];
    expect(text(props(fn ?? {}).Environment)).toContain(
      '"REPORT_BUCKET":{"Fn::ImportValue":"Hotline-pingdingshan-prod-Data-ReportBucketName"}',
    );
  });
});

describe('The provisional recount', () => {
  /** The policies attached to a function's role, as text. */
  const policiesOf = (fn: { role?: unknown }) =>
    text(
      resources(workflows(), 'AWS::IAM::Policy').filter(([, pol]) =>
        text(props(pol).Roles).includes(text({ Ref: logicalId(fn.role as never) })),
      ),
    );

  it('deploys workflows/provisional-recount.asl.json unchanged, named for the CLI, its task on the live alias of recount-provisional', () => {
    // Prepare
    const recount = s.stacks.workflows?.functions['recount-provisional'];
    const machine = s.stacks.workflows?.provisionalRecount;
    if (!recount || !machine) throw new Error('no provisional recount');
    const [, cfn] = resources(workflows(), 'AWS::StepFunctions::StateMachine').find(
      ([id]) => id === logicalId(machine),
    ) ?? [undefined, undefined];
    if (!cfn) throw new Error('provisional recount not in the template');
    const p = props(cfn);

    // Act
    const staged = readFileSync(
      join(s.outdir, `asset.${(p.DefinitionS3Location as { Key: string }).Key}`),
      'utf8',
    );

    // Assess
    expect(staged).toBe(
      readFileSync(join(PROJECT_ROOT, 'workflows', CALENDAR_STATE_MACHINES.provisionalRecount.file), 'utf8'),
    );
    expect(p.DefinitionSubstitutions).toEqual({ RecountFunctionArn: { Ref: logicalId(recount.live) } });
    expect(p).toMatchObject({
      StateMachineName: recountStateMachineName('pingdingshan-prod'),
      StateMachineType: 'STANDARD',
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
    });
  });

  it('is started by a custom resource on the trigger, carrying the schedules digest, after every task is released', () => {
    // Prepare
    const trigger = s.stacks.workflows?.functions['recount-trigger'];
    const resource = s.stacks.workflows?.recountTrigger;
    if (!trigger || !resource) throw new Error('no recount trigger');
    const all = workflows().toJSON().Resources as Record<string, { Type: string; DependsOn?: string[] }>;

    // Act
    const [[id, cfn]] = resources(workflows(), 'Custom::ProvisionalRecount') as [
      [string, { Properties: Props; DependsOn?: string[] }],
    ];

    // Assess
    expect(cfn.Properties).toEqual({
      ServiceToken: { Ref: logicalId(trigger.live) },
      CalendarDigest: calendarDigest(s.config.calendarFiles).digest,
      OperatorYears: [],
    });
    const aliases = Object.values(s.stacks.workflows?.functions ?? {}).map((fn) => logicalId(fn.live));
    expect(all[id]?.DependsOn).toEqual(
      expect.arrayContaining([...aliases, logicalId(s.stacks.workflows?.provisionalRecount as never)]),
    );
  });

  it('grants the trigger starting this one state machine, and the recount the table but not the hash key', () => {
    // Prepare
    const trigger = s.stacks.workflows?.functions['recount-trigger'];
    const recount = s.stacks.workflows?.functions['recount-provisional'];
    if (!trigger || !recount) throw new Error('no recount functions');

    // Act
    const triggerPolicies = policiesOf(trigger);
    const recountPolicies = policiesOf(recount);

    // Assess
    expect(triggerPolicies).toContain(
      text({
        Action: 'states:StartExecution',
        Effect: 'Allow',
        Resource: { Ref: logicalId(s.stacks.workflows?.provisionalRecount as never) },
      }),
    );
    expect(triggerPolicies).not.toMatch(/dynamodb:|secretsmanager:|StopExecution/);
    expect(recountPolicies).toContain('"dynamodb:UpdateItem"');
    expect(recountPolicies).not.toContain('secretsmanager:GetSecretValue');
    expect(recountPolicies).not.toContain('states:');
  });

  it('changes its digest, and so starts again, only when a year schedule comes or changes', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'hotline-digest-'));
    const file = join(dir, '2027.json');
    const schedule = { year: 2027, holidays: ['2027-01-01'], workdays: [] as string[] };
    writeFileSync(file, JSON.stringify(schedule));

    // Act
    const none = calendarDigest([]);
    const one = calendarDigest([file]);
    const same = calendarDigest([file]);
    writeFileSync(file, JSON.stringify({ ...schedule, workdays: ['2027-01-09'] }));
    const changed = calendarDigest([file]);

    // Assess
    expect(one.operatorYears).toEqual(['2027']);
    expect(same.digest).toBe(one.digest);
    expect(new Set([none.digest, one.digest, changed.digest]).size).toBe(3);
  });
});

/** An instant as `YYYY-MM-DDTHH:mm Ddd` in Asia/Shanghai. */
function shanghai(instant: string): string {
  const local = toShanghaiIso(new Date(instant));
  const day = new Date(`${local.slice(0, 10)}T00:00:00Z`).getUTCDay();
  return `${local.slice(0, 16)} ${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][day]}`;
}

describe('Releases of the task functions', () => {
  it('run each task behind its live alias on a kept version, moved by CodeDeploy and rolled back by its error alarm', () => {
    // Prepare
    const functions = Object.values(s.stacks.workflows?.functions ?? {});

    // Assess: the config leaves functionRollout at its default, canary
    expect(functions).toHaveLength(Object.keys(TASKS).length);
    for (const fn of functions) {
      expectGatedRelease(workflows(), fn, 'CodeDeployDefault.LambdaCanary10Percent5Minutes');
    }
  });

  it('lets the rules, the schedules, the Pipe and the state machines invoke no function but by its live alias', () => {
    // Prepare
    const aliases = new Set(
      Object.values(s.stacks.workflows?.functions ?? {}).map((fn) => logicalId(fn.live)),
    );
    const functions = new Set(Object.values(s.stacks.workflows?.functions ?? {}).map((fn) => logicalId(fn)));

    const machines = new Set(resources(workflows(), 'AWS::StepFunctions::StateMachine').map(([id]) => id));

    // Act: every function reference in the rule targets (but the state machine the monthly close
    // schedule starts), the Pipe and the state machine definitions
    const invoked = [
      ...resources(workflows(), 'AWS::Events::Rule').flatMap(([, r]) =>
        (props(r).Targets as { Arn: { Ref?: string } }[])
          .map((t) => t.Arn)
          .filter((arn) => !machines.has(arn.Ref ?? '')),
      ),
      props(only(workflows(), 'AWS::Pipes::Pipe')[1]).Enrichment,
      ...resources(workflows(), 'AWS::StepFunctions::StateMachine').flatMap(([, m]) =>
        Object.values((props(m).DefinitionSubstitutions ?? {}) as Record<string, unknown>),
      ),
    ];

    // Assess
    for (const arn of invoked) {
      const ref = (arn as { Ref?: string }).Ref;
      expect(ref && aliases.has(ref), text(arn)).toBe(true);
    }
    expect(text(invoked)).not.toMatch(new RegExp([...functions].map((f) => `"${f}"`).join('|')));
  });
});

describe('Events end to end: stream record → Pipe filter → enrichment → rule', () => {
  const eventItem = (type: string, clocks: unknown[] = [], endedClocks: string[] = []): DynamoDBRecord => ({
    eventName: 'INSERT',
    dynamodb: {
      NewImage: {
        pk: { S: 'TICKET#t1' },
        sk: { S: 'EVENT#000004' },
        entity: { S: 'event' },
        event: {
          M: {
            type: { S: type },
            at: { S: '2026-03-02T09:00:00+08:00' },
            clocks: {
              L: clocks.map((c) => ({
                M: Object.fromEntries(Object.entries(c as object).map(([k, v]) => [k, { S: String(v) }])),
              })),
            },
          },
        },
        ...(endedClocks.length > 0 ? { endedClocks: { L: endedClocks.map((id) => ({ S: id })) } } : {}),
      },
    },
  });
  /** A change of a ticket's state item (its encoding is the repository's business, not the Pipe's). */
  const ticketChange: DynamoDBRecord = {
    eventName: 'MODIFY',
    dynamodb: {
      NewImage: { pk: { S: 'TICKET#t1' }, sk: { S: 'STATE' }, entity: { S: 'ticket' }, version: { N: '4' } },
    },
  };
  const passesFilter = (record: DynamoDBRecord) =>
    PIPE_FILTERS.some((f) => matchesPattern(f, record as never));
  const busEvent = (entry: { detailType: string; detail: unknown }) => ({
    source: EVENT_SOURCE,
    'detail-type': entry.detailType,
    detail: entry.detail,
  });
  const rulesFor = (event: object) =>
    RULES.filter((r) => matchesPattern(r.eventPattern, event as never)).map((r) => r.target);

  it('a dispatch event item passes the filter and starts timers', () => {
    // Prepare
    const record = eventItem('TicketDispatched', [{ id: 'handling-v2', kind: 'handling' }]);

    // Act
    const entries = toBusEntries([record]);

    // Assess
    expect(passesFilter(record)).toBe(true);
    expect(entries).toHaveLength(1);
    expect(rulesFor(busEvent(entries[0] as never))).toEqual(['start-timers', 'project-assessment']);
  });

  it('every event type that counts toward an indicator reaches project-assessment', () => {
    for (const type of COUNTED_EVENT_TYPES) {
      const [entry] = toBusEntries([eventItem(type)]);
      expect(rulesFor(busEvent(entry as never)), type).toContain('project-assessment');
    }
    const [timer] = toBusEntries([eventItem('TimerFired')]);
    expect(rulesFor(busEvent(timer as never))).not.toContain('project-assessment');
  });

  it('AH:20(六) each registration reaches count-reports, and nothing else does', () => {
    // Act
    const [registered] = toBusEntries([eventItem('TicketRegistered')]);
    const [dispatched] = toBusEntries([eventItem('TicketDispatched')]);

    // Assess
    expect(rulesFor(busEvent(registered as never))).toContain('count-reports');
    expect(rulesFor(busEvent(dispatched as never))).not.toContain('count-reports');
  });

  it('并单: merges, unmerges and a completed main ticket reach merge-group', () => {
    for (const type of MERGE_GROUP_EVENT_TYPES) {
      const [entry] = toBusEntries([eventItem(type)]);
      expect(rulesFor(busEvent(entry as never)), type).toContain('merge-group');
    }
    const [dispatched] = toBusEntries([eventItem('TicketDispatched')]);
    expect(rulesFor(busEvent(dispatched as never))).not.toContain('merge-group');
  });

  it('a knowledge version published or an entry retired reaches the index builder, and nothing else of the knowledge base passes', () => {
    // Prepare
    const knowledgeItem = (type: string): DynamoDBRecord => ({
      eventName: 'INSERT',
      dynamodb: {
        NewImage: {
          pk: { S: 'KB#e-1' },
          sk: { S: 'EVENT#000004' },
          entity: { S: 'knowledgeEvent' },
          entryId: { S: 'e-1' },
          seq: { N: '4' },
          type: { S: type },
          writtenAt: { S: '2026-12-14T01:00:00.123Z' },
          body: { S: JSON.stringify({ type, answer: '规范答复口径' }) },
        },
      },
    });

    for (const type of PUBLISHED_SET_EVENTS) {
      // Act
      const record = knowledgeItem(type);
      const entries = toBusEntries([record]);

      // Assess: the entry and the time it was written, not its content
      expect(passesFilter(record), type).toBe(true);
      expect(entries).toEqual([
        {
          detailType: type,
          detail: { entryId: 'e-1', seq: 4, type, writtenAt: '2026-12-14T01:00:00.123Z' },
        },
      ]);
      expect(rulesFor(busEvent(entries[0] as never))).toEqual(['build-knowledge-index']);
    }
    expect(passesFilter(knowledgeItem('EntryDrafted'))).toBe(false);
    expect(passesFilter(knowledgeItem('CorrectionReported'))).toBe(false);
    const [dispatched] = toBusEntries([eventItem('TicketDispatched')]);
    expect(rulesFor(busEvent(dispatched as never))).not.toContain('build-knowledge-index');
  });

  it('every clock-starting event type reaches start-timers', () => {
    for (const type of CLOCK_EVENT_TYPES) {
      const [entry] = toBusEntries([eventItem(type)]);
      expect(rulesFor(busEvent(entry as never)), type).toContain('start-timers');
    }
  });

  it('an event item that records ended clocks names them on its own entry, which also stops timers', () => {
    // Prepare
    const record = eventItem('ReplyApproved', [{ id: 'callback-v4', kind: 'callback' }], ['handling-v2']);

    // Act
    const entries = toBusEntries([record]);

    // Assess: one entry, one event billed
    expect(passesFilter(record)).toBe(true);
    expect(entries.map((e) => e.detailType)).toEqual(['ReplyApproved']);
    expect(entries[0]?.detail).toMatchObject({
      ticketId: 't1',
      seq: 4,
      event: { type: 'ReplyApproved', clocks: [{ id: 'callback-v4', kind: 'callback' }] },
      endedClocks: { version: 4, clockIds: ['handling-v2'] },
    });
    expect(entries.map((e) => rulesFor(busEvent(e)))).toEqual([
      ['start-timers', 'stop-timers', 'project-assessment', 'merge-group'],
    ]);
    expect(rulesFor(busEvent(toBusEntries([eventItem('ReplyApproved')])[0] as never))).not.toContain(
      'stop-timers',
    );
  });

  it('passes on only the event types some rule reads, and any change that ended clocks', () => {
    // Every type a rule names passes; the history's other events stay in the table.
    for (const type of READ_EVENT_TYPES) expect(passesFilter(eventItem(type)), type).toBe(true);
    for (const type of ['RequesterInformed', 'CallbackDue', 'TimerFired', 'NoteAdded']) {
      expect(READ_EVENT_TYPES, type).not.toContain(type);
      expect(passesFilter(eventItem(type)), type).toBe(false);
    }
    // An unread type whose change ended clocks passes, for stop-timers.
    const ending = eventItem('TimerFired', [], ['callback-v7']);
    expect(passesFilter(ending)).toBe(true);
    expect(toBusEntries([ending]).map((e) => rulesFor(busEvent(e)))).toEqual([['stop-timers']]);
    // Every rule's ticket event types are among them.
    for (const rule of RULES.filter((r) => r.target !== 'build-knowledge-index')) {
      for (const type of (rule.eventPattern['detail-type'] as string[] | undefined) ?? [])
        expect(READ_EVENT_TYPES, `${rule.name}: ${type}`).toContain(type);
    }
  });

  it('the filter keeps out what the enrichment would drop: ticket states, personal data, new tickets, removals', () => {
    const pii: DynamoDBRecord = {
      eventName: 'INSERT',
      dynamodb: { NewImage: { pk: { S: 'TICKET#t1' }, sk: { S: 'PII' }, phone: { S: '13800000000' } } },
    };
    const newTicket: DynamoDBRecord = {
      eventName: 'INSERT',
      dynamodb: { NewImage: { pk: { S: 'TICKET#t1' }, sk: { S: 'STATE' }, entity: { S: 'ticket' } } },
    };
    const removal: DynamoDBRecord = {
      eventName: 'REMOVE',
      dynamodb: { OldImage: { entity: { S: 'event' } } },
    };
    for (const record of [ticketChange, pii, newTicket, removal]) {
      expect(passesFilter(record)).toBe(false);
      expect(toBusEntries([record])).toEqual([]);
    }
  });
});
