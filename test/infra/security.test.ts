import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { STATE_MACHINES } from '../../workflows/rules.ts';
import {
  asArray,
  exampleConfig,
  iamStatements,
  resources,
  type Synthesized,
  synthesize,
  testConfig,
} from './support/synth.ts';

/**
 * Least privilege and encryption over every template of two deployments: a China-region one
 * (OIDC staff sign-in) and one with Cognito.
 */
let deployments: Synthesized[] = [];
beforeAll(() => {
  deployments = [
    synthesize(exampleConfig('jinzhou')),
    synthesize(testConfig('tianning', { region: 'ap-southeast-1', staffAuth: { type: 'cognito' } })),
  ];
});

function templates(): [string, Template][] {
  return deployments.flatMap((d) =>
    Object.entries(d.templates).map(
      ([concern, t]) => [`${d.config.deployment}/${concern}`, t] as [string, Template],
    ),
  );
}

/**
 * The only statements with `Resource: "*"`, each because AWS offers no resource-level permission
 * for its actions.
 */
const STAR_RESOURCE_ALLOWED: { actions: string[]; why: string }[] = [
  {
    actions: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
    why: 'Lambda active tracing: X-Ray trace upload has no resource type',
  },
  {
    actions: [
      'logs:CreateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:DescribeLogGroups',
      'logs:DescribeResourcePolicies',
      'logs:GetLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:UpdateLogDelivery',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ],
    why: 'state machine logging (CloudWatch Logs vended log delivery) and X-Ray tracing: no resource types',
  },
  {
    actions: ['dynamodb:ListStreams'],
    why: 'the Pipe reading the table stream: ListStreams has no resource type',
  },
];

/** Resources that end in a wildcard, each scoped as narrowly as the service allows. */
const WILDCARD_RESOURCE_ALLOWED: { pattern: RegExp; actions: RegExp; why: string }[] = [
  {
    pattern: /:log-group:\*"\]\]\}$/,
    actions: /^logs:/,
    why: 'the account-level API Gateway logging role: execution log groups are created by API Gateway on first use',
  },
  {
    pattern: new RegExp(
      `:execution:",\\{"Fn::GetAtt":\\["(${Object.keys(STATE_MACHINES).join('|')})[0-9A-F]{8}","Name"\\]\\},":\\*"\\]\\]\\}$`,
    ),
    actions: /^states:StopExecution$/,
    why: 'stopping timer executions, named by ticket and clock at run time, of one state machine',
  },
];

describe('Least privilege', () => {
  it('grants Resource "*" only where AWS has no resource-level permission, each case listed', () => {
    for (const [name, template] of templates()) {
      for (const { policy, statement } of iamStatements(template)) {
        if (!asArray(statement.Resource as unknown).includes('*')) continue;
        const actions = asArray(statement.Action).sort();
        const allowed = STAR_RESOURCE_ALLOWED.some(
          (a) => JSON.stringify(a.actions) === JSON.stringify(actions),
        );
        expect(allowed, `${name} ${policy}: ${actions.join(', ')} on "*"`).toBe(true);
      }
    }
  });

  it('has no other wildcard resource than the listed ones', () => {
    for (const [name, template] of templates()) {
      for (const { policy, statement } of iamStatements(template)) {
        for (const resource of asArray(statement.Resource as unknown)) {
          if (resource === '*') continue;
          const rendered = JSON.stringify(resource);
          if (!rendered.includes('*')) continue;
          const ok = WILDCARD_RESOURCE_ALLOWED.some(
            (w) => w.pattern.test(rendered) && asArray(statement.Action).every((a) => w.actions.test(a)),
          );
          expect(ok, `${name} ${policy}: ${asArray(statement.Action).join(', ')} on ${rendered}`).toBe(true);
        }
      }
    }
  });

  it('grants no wildcard action and no AWS-managed policy', () => {
    for (const [name, template] of templates()) {
      for (const { policy, statement } of iamStatements(template)) {
        for (const action of asArray(statement.Action)) {
          expect(action, `${name} ${policy}`).not.toMatch(/(^\*$)|(:\*$)/);
        }
      }
      for (const [id, role] of resources(template, 'AWS::IAM::Role')) {
        expect(role.Properties.ManagedPolicyArns, `${name} ${id}`).toBeUndefined();
      }
    }
  });

  it("gives each function only its own log group's write access besides its bindings", () => {
    const d = deployments[0];
    if (!d) throw new Error('not synthesized');
    const openapi = d.stacks.api.functions.openapi;
    const policyId = d.stacks.api.getLogicalId(
      openapi.role?.node.tryFindChild('DefaultPolicy')?.node.defaultChild as never,
    );
    const actions = iamStatements(d.templates.api)
      .filter((s) => s.policy === policyId)
      .flatMap((s) => asArray(s.statement.Action))
      .sort();
    expect(actions).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it('lets the read-only start-timers task read the table but not write it', () => {
    const d = deployments[0];
    const workflows = d?.templates.workflows;
    const fn = d?.stacks.workflows?.functions['start-timers'];
    if (!workflows || !fn || !d?.stacks.workflows) throw new Error('no workflows');
    const policyId = d.stacks.workflows.getLogicalId(
      fn.role?.node.tryFindChild('DefaultPolicy')?.node.defaultChild as never,
    );
    const actions = iamStatements(workflows)
      .filter((s) => s.policy === policyId)
      .flatMap((s) => asArray(s.statement.Action));
    expect(actions).toContain('dynamodb:GetItem');
    expect(actions).toContain('states:StartExecution');
    expect(
      actions.filter((a) => /Put|Update|Delete|BatchWrite/.test(a) && a.startsWith('dynamodb:')),
    ).toEqual([]);
  });
});

describe('Encryption at rest', () => {
  it('encrypts every log group with the deployment key', () => {
    for (const [name, template] of templates()) {
      for (const [id, group] of resources(template, 'AWS::Logs::LogGroup')) {
        expect(group.Properties.KmsKeyId, `${name} ${id}`).toBeDefined();
      }
    }
  });

  it('encrypts the alarm topic, every queue and every function environment, and requires TLS', () => {
    for (const [name, template] of templates()) {
      for (const [id, topic] of resources(template, 'AWS::SNS::Topic')) {
        expect(topic.Properties.KmsMasterKeyId, `${name} ${id}`).toBeDefined();
      }
      for (const [id, queue] of resources(template, 'AWS::SQS::Queue')) {
        expect(
          queue.Properties.SqsManagedSseEnabled ?? queue.Properties.KmsMasterKeyId,
          `${name} ${id}`,
        ).toBeTruthy();
      }
      for (const [id, fn] of resources(template, 'AWS::Lambda::Function')) {
        expect(fn.Properties.KmsKeyArn, `${name} ${id}`).toBeDefined();
      }
      for (const [id, policy] of [
        ...resources(template, 'AWS::SQS::QueuePolicy'),
        ...resources(template, 'AWS::SNS::TopicPolicy'),
      ]) {
        expect(JSON.stringify(policy.Properties), `${name} ${id}`).toContain('"aws:SecureTransport":"false"');
      }
    }
  });
});
