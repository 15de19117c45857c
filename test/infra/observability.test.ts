import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeMetricsOf, projectionMetricsOf } from '../../functions/app/assessment-metrics.ts';
import { bulletinOf, scoreMonth } from '../../functions/domain/assessment/index.ts';
import { presetPolicy } from '../../functions/domain/policy/index.ts';
import { WeakReferences } from '../../infra/cdk/constructs/weak-reference.ts';
import {
  ASSESSMENT_METRICS,
  METRICS_NAMESPACE,
  WORKFLOW_METRICS,
} from '../../infra/cdk/stacks/observability-stack.ts';
import { exampleConfig, only, resources, type Synthesized, synthesize } from './support/synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize(exampleConfig('tianning'));
});

const text = (v: unknown) => JSON.stringify(v);

function alarms(): { id: string; json: string; props: Record<string, unknown> }[] {
  return resources(s.templates.observability, 'AWS::CloudWatch::Alarm').map(([id, r]) => ({
    id,
    json: text(r.Properties),
    props: r.Properties ?? {},
  }));
}

/**
 * The alarms that watch a resource of another stack, found by the SSM parameter that carries its
 * attribute (written by `stack`, read by the observability stack when it deploys).
 */
function alarmsOn(stack: 'Api' | 'Workflows', logicalId: string, attribute: string) {
  const name = WeakReferences.parameterName('tianning-prod', logicalId, attribute);
  const producer = stack === 'Api' ? s.templates.api : s.templates.workflows;
  producer?.hasResourceProperties('AWS::SSM::Parameter', { Name: name });
  const parameters = (s.templates.observability.toJSON().Parameters ?? {}) as Record<
    string,
    { Default?: string }
  >;
  const [read] = Object.entries(parameters).find(([, p]) => p.Default === name) ?? [];
  if (!read) throw new Error(`the observability stack does not read ${name}`);
  return alarms().filter((a) => a.json.includes(`{"Ref":"${read}"}`));
}

function workflows() {
  const t = s.templates.workflows;
  if (!t || !s.stacks.workflows) throw new Error(`workflows stack skipped: ${s.stacks.skipped.join('; ')}`);
  return { template: t, stack: s.stacks.workflows };
}

describe('Observability stack', () => {
  it('sends alarms to a KMS-encrypted topic with the operator email subscribed', () => {
    s.templates.observability.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: s.config.alarmEmail,
    });
    const [topicId] = only(s.templates.observability, 'AWS::SNS::Topic');
    for (const alarm of alarms()) {
      expect(alarm.props.AlarmActions, alarm.id).toEqual([{ Ref: topicId }]);
      expect(alarm.props.TreatMissingData, alarm.id).toBe('notBreaching');
      expect(alarm.props.AlarmDescription, alarm.id).toBeTruthy();
    }
  });

  it('mails once per incident: no OK action, and two datapoints of three unless a single one is enough', () => {
    for (const alarm of alarms()) {
      expect(alarm.props.OKActions, alarm.id).toBeUndefined();
      const single = alarm.id.includes('DeadLetters') || alarm.id.includes('ProvisionalDeadlines');
      expect([alarm.props.DatapointsToAlarm, alarm.props.EvaluationPeriods], alarm.id).toEqual(
        single ? [1, 1] : [2, 3],
      );
    }
  });

  it("counts provisional deadlines per day, so that a December without next year's schedule is one mail", () => {
    const [provisional] = alarms().filter((a) => a.json.includes('SUM(ProvisionalDeadlines)'));
    expect(provisional?.json).toContain('"Period":86400');
  });

  it('alarms when the OIDC provider cannot be read (every staff token refused)', () => {
    // Prepare: the metric filter on the staff authorizer's log group (api stack)
    const [, filter] = only(s.templates.api, 'AWS::Logs::MetricFilter');
    const authorizer = s.stacks.api.authorizerFunction;
    if (!authorizer) throw new Error('tianning has no staff authorizer');

    // Assess
    expect(filter.Properties.FilterPattern).toBe(
      '{ ($.level = "ERROR") && ($.message = "staff token refused") }',
    );
    expect(text(filter.Properties.LogGroupName)).toContain(
      s.stacks.api.getLogicalId(authorizer.functionLogGroup.node.defaultChild as CfnElement),
    );
    expect(filter.Properties.MetricTransformations).toEqual([
      expect.objectContaining({
        MetricNamespace: METRICS_NAMESPACE,
        MetricName: 'StaffTokenProviderFailures',
      }),
    ]);
    expect(
      alarms().filter(
        (a) => a.props.MetricName === 'StaffTokenProviderFailures' && a.props.Namespace === METRICS_NAMESPACE,
      ),
    ).toHaveLength(1);
  });

  it('alarms on every dead-letter queue (every asynchronous edge has one)', () => {
    const { template } = workflows();
    const queues = resources(template, 'AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThan(0);
    for (const [id] of queues) {
      const watching = alarmsOn('Workflows', id, 'QueueName');
      expect(watching.length, id).toBe(1);
      expect(watching[0]?.json).toContain('ApproximateNumberOfMessagesVisible');
      expect(watching[0]?.props.Threshold).toBe(1);
    }
  });

  it('tags every dead-letter queue with what its messages are and where hotline dlq redrive sends them', () => {
    const { template } = workflows();
    const tags = (q: { Properties: Record<string, unknown> }) =>
      Object.fromEntries(
        (q.Properties.Tags as { Key: string; Value: unknown }[]).map((t) => [t.Key, t.Value]),
      );
    const queues = resources(template, 'AWS::SQS::Queue');
    const kinds = queues.map(([, q]) => tags(q)['hotline:redrive-kind']);
    expect(kinds.filter((k) => k === 'stream-pointer')).toHaveLength(1);
    // The monthly close schedule's DLQ holds events for a state machine, started again by hand.
    expect(kinds.filter((k) => k === 'state-machine-start')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'lambda-event')).toHaveLength(queues.length - 2);
    for (const [id, q] of queues) {
      if (tags(q)['hotline:redrive-kind'] !== 'lambda-event') continue;
      // A rule's or the schedule's DLQ names its target function; a function's own DLQ is found
      // by that function's DeadLetterConfig.
      const target = tags(q)['hotline:redrive-target'];
      if (id.includes('AsyncDlq')) expect(target, id).toBeUndefined();
      else expect(text(target), id).toMatch(/^\{"Ref":"Task/);
    }
  });

  it('gives every asynchronous edge a dead-letter queue: rule targets, async functions, the Pipe', () => {
    const { template } = workflows();
    for (const [id, rule] of resources(template, 'AWS::Events::Rule')) {
      for (const target of rule.Properties.Targets as Record<string, unknown>[]) {
        expect(target.DeadLetterConfig, id).toBeDefined();
        expect(target.RetryPolicy, id).toBeDefined();
      }
    }
    const invokedByEvents = resources(template, 'AWS::Lambda::Permission')
      .filter(([, p]) => p.Properties.Principal === 'events.amazonaws.com')
      .map(([, p]) => text(p.Properties.FunctionName));
    expect(invokedByEvents.length).toBeGreaterThan(0);
    for (const [id, fn] of resources(template, 'AWS::Lambda::Function')) {
      if (invokedByEvents.some((name) => name.includes(`"${id}"`))) {
        expect(fn.Properties.DeadLetterConfig, id).toBeDefined();
      }
    }
    const [, pipe] = only(template, 'AWS::Pipes::Pipe');
    expect(text(pipe.Properties)).toContain('DeadLetterConfig');
  });

  it('imports nothing from the API and workflows stacks, so that a release may remove a function, queue or state machine', () => {
    // Act
    const observability = text(s.templates.observability.toJSON());
    const imports = [...observability.matchAll(/"Fn::ImportValue":"([^"]+)"/g)].map((m) => m[1]);

    // Assess: only the deployment key, which the data stack keeps for good
    expect(imports.length).toBeGreaterThan(0);
    for (const name of imports) expect(name).toMatch(/^Hotline-tianning-prod-Data:/);
  });

  it('alarms on errors of every function', () => {
    const { stack } = workflows();
    const functions = [
      ...Object.values(s.stacks.api.functions).map(
        (f) => ['Api', s.stacks.api.getLogicalId(f.node.defaultChild as CfnElement)] as const,
      ),
      ...Object.values(stack.functions).map(
        (f) => ['Workflows', stack.getLogicalId(f.node.defaultChild as CfnElement)] as const,
      ),
    ];
    for (const [where, id] of functions) {
      const watching = alarmsOn(where, id, 'FunctionName').filter((a) =>
        a.json.includes('"MetricName":"Errors"'),
      );
      expect(watching.length, id).toBe(1);
    }
  });

  it('alarms on failed, timed-out or aborted executions of every state machine', () => {
    const { template } = workflows();
    for (const [id] of resources(template, 'AWS::StepFunctions::StateMachine')) {
      const watching = alarmsOn('Workflows', id, 'StateMachineArn');
      expect(watching.length, id).toBe(1);
      for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
        expect(watching[0]?.json).toContain(metric);
      }
    }
  });

  it('alarms on API 5xx, Pipe failures and any provisional deadline', () => {
    const all = alarms().map((a) => a.json);
    expect(all.some((a) => a.includes('"MetricName":"5XXError"') && a.includes('AWS/ApiGateway'))).toBe(true);
    expect(all.some((a) => a.includes('AWS/EventBridge/Pipes') && a.includes('ExecutionFailed'))).toBe(true);
    expect(
      all.some((a) => a.includes(`SELECT SUM(ProvisionalDeadlines) FROM \\"${METRICS_NAMESPACE}\\"`)),
    ).toBe(true);
  });

  it('shows intake, workflow metrics, API, functions, workflows, queues and the Pipe on the dashboard', () => {
    const [, dashboard] = only(s.templates.observability, 'AWS::CloudWatch::Dashboard');
    const body = text(dashboard.Properties.DashboardBody);
    for (const needle of [
      'TicketsReceived',
      ...WORKFLOW_METRICS,
      'p50',
      'p99',
      '4XXError',
      '5XXError',
      'Throttles',
      'Errors',
      'ExecutionsFailed',
      'ApproximateNumberOfMessagesVisible',
      'AWS/EventBridge/Pipes',
      'BlockedRequests',
    ]) {
      expect(body, needle).toContain(needle);
    }
  });

  it("shows the live rates and the last ranking's extremes from every metric the projection and the close publish", () => {
    // Prepare: what the functions publish for a counted event and for a closed month with a ranking,
    // a sanction, knowledge upkeep and a missed analysis
    const policy = presetPolicy('tianning-2013');
    const frozen = scoreMonth(
      '2026-11',
      policy,
      [{ id: 'u', name: 'U' }],
      new Map([['u', { finished: 1, finishedOnTime: 1, satisfied: 1, knowledgeReviewedOnTime: 1 }]]),
    );
    const bulletin = {
      ...bulletinOf(frozen, [
        { month: '2026-11', unit: 'u', group: 'all', measure: 'interview', basis: 'x' },
      ]),
      missingAnalyses: { month: '2026-10', due: '2026-11-05', units: ['u'] },
    };
    const published = new Set(
      [
        ...projectionMetricsOf([{ unit: 'u', month: '2026-11', day: '2026-11-02', indicator: 'finished' }]),
        ...closeMetricsOf(bulletin),
      ].map((p) => p.name),
    );
    const [, dashboard] = only(s.templates.observability, 'AWS::CloudWatch::Dashboard');

    // Act
    const body = text(dashboard.Properties.DashboardBody);

    // Assess: every published name is declared and shown; the rates are ratios of the indicators
    expect([...published].sort()).toEqual([...ASSESSMENT_METRICS].sort());
    for (const name of ASSESSMENT_METRICS) expect(body, name).toContain(name);
    for (const needle of [
      '100 * ot / fin',
      '100 * (sat + dee) / (sat + dee + dis)',
      'finishedOnTime',
      'deemedSatisfied',
      'contactMissed',
      '-P400D',
    ]) {
      expect(body, needle).toContain(needle);
    }
  });
});
