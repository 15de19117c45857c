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
    actions: [
      'logs:CreateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:DescribeLogGroups',
      'logs:DescribeResourcePolicies',
      'logs:GetLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:UpdateLogDelivery',
    ],
    why: 'state machine logging (CloudWatch Logs vended log delivery) where nothing is traced: no resource types',
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
  {
    pattern:
      /^\{"Fn::Join":\["",\[\{"Fn::ImportValue":"Hotline-[a-z0-9-]+-Data-ReportBucketArn"\},"\/\*"\]\]\}$/,
    actions: /^s3:(GetObject|PutObject)$/,
    why: 'report objects, named by period and kind at run time, of the one report bucket',
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

  it("gives each function only its own log group's write access besides its bindings (and X-Ray where traced)", () => {
    const actionsOfOpenapi = (d: Synthesized | undefined) => {
      if (!d) throw new Error('not synthesized');
      const policyId = d.stacks.api.getLogicalId(
        d.stacks.api.functions.openapi.role?.node.tryFindChild('DefaultPolicy')?.node.defaultChild as never,
      );
      return iamStatements(d.templates.api)
        .filter((s) => s.policy === policyId)
        .flatMap((s) => asArray(s.statement.Action))
        .sort();
    };
    // jinzhou (China region): no tracing; the Cognito deployment outside China: traced
    expect(actionsOfOpenapi(deployments[0])).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(actionsOfOpenapi(deployments[1])).toEqual([
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

/** Physical-name properties: a retained resource with one blocks the next deployment of its stack. */
const NAME_PROPERTIES = [
  'LogGroupName',
  'TableName',
  'Name',
  'AliasName',
  'RoleName',
  'QueueName',
  'TopicName',
];

describe('Teardown and redeploy', () => {
  it('names no retained resource, so that a retry or a redeploy after teardown never meets "already exists"', () => {
    for (const [name, template] of templates()) {
      for (const [id, r] of resources(template)) {
        if (r.DeletionPolicy !== 'Retain') continue;
        for (const property of NAME_PROPERTIES) {
          const value = r.Properties[property];
          if (value === undefined) continue;
          // The execution log group's name holds the id of its API, which a new deployment replaces.
          const ofThisApi =
            property === 'LogGroupName' && JSON.stringify(value).includes('API-Gateway-Execution-Logs_');
          expect(ofThisApi, `${name} ${id}: ${property} ${JSON.stringify(value)}`).toBe(true);
        }
      }
    }
  });

  it('keeps a year of ticket events in the archive under the deployment key', () => {
    for (const d of deployments) {
      const workflows = d.templates.workflows;
      if (!workflows) throw new Error('no workflows stack');
      const [[, archive]] = resources(workflows, 'AWS::Events::Archive') as [
        [string, { Properties: Record<string, unknown> }],
      ];
      expect(JSON.stringify(archive.Properties.KmsKeyIdentifier)).toContain('ExportsOutputFnGetAttKey');
      expect(archive.Properties.RetentionDays).toBe(365);
      // The key lets EventBridge use it for this deployment's bus only.
      const [[, key]] = resources(d.templates.data, 'AWS::KMS::Key') as [
        [string, { Properties: Record<string, unknown> }],
      ];
      const statement = JSON.stringify(key.Properties.KeyPolicy);
      expect(statement).toContain('kms:EncryptionContext:aws:events:event-bus:arn');
      expect(statement).toContain(`event-bus/hotline-${d.config.deployment}-${d.config.stage}`);
    }
  });
});
