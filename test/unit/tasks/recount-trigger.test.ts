import { SFNClient, StartExecutionCommand, StateMachineDoesNotExist } from '@aws-sdk/client-sfn';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The custom resource of the workflows stack that starts the provisional recount on a deployment
 * whose year schedules are new, with the Step Functions client mocked and CloudFormation's
 * pre-signed response URL answered by a fake `fetch`.
 */
const ARN = 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:hotline-anhui-prod-provisional-recount';
const sfn = mockClient(SFNClient);
let trigger: typeof import('../../../functions/tasks/recount-trigger.ts');

const event = (requestType: 'Create' | 'Update' | 'Delete'): CloudFormationCustomResourceEvent =>
  ({
    RequestType: requestType,
    ServiceToken: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:trigger:live',
    ResponseURL: 'https://cloudformation-custom-resource-response.example/signed',
    StackId: 'arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/Hotline-anhui-prod-Workflows/1',
    RequestId: 'request-1',
    LogicalResourceId: 'ProvisionalRecountTrigger',
    ResourceType: 'Custom::ProvisionalRecount',
    ResourceProperties: {
      ServiceToken: 'x',
      CalendarDigest: '0123456789abcdef0123',
      OperatorYears: ['2027'],
    },
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'provisional-recount-trigger' }),
  }) as CloudFormationCustomResourceEvent;

beforeAll(async () => {
  vi.stubEnv('RECOUNT_STATE_MACHINE_ARN', ARN);
  trigger = await import('../../../functions/tasks/recount-trigger.ts');
});

beforeEach(() => {
  sfn.reset();
});

describe('Function: recount-trigger', () => {
  it.each(['Create', 'Update'] as const)(
    'starts one recount on %s, named for the schedules digest',
    async (type) => {
      // Prepare
      sfn.on(StartExecutionCommand).resolves({ executionArn: `${ARN}:x` });

      // Act
      const outcome = await trigger.startRecountFor(
        event(type),
        new SFNClient({}),
        ARN,
        new Date(1_800_000_000_000),
      );

      // Assess
      const name = `deploy-0123456789ab-${(1_800_000_000_000).toString(36)}`;
      expect(outcome).toEqual({ started: name, reason: `started ${name}` });
      expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
      const input = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
      expect(input).toMatchObject({ stateMachineArn: ARN, name });
      expect(JSON.parse(input?.input ?? '')).toEqual({
        startedBy: 'deployment',
        calendarDigest: '0123456789abcdef0123',
        operatorYears: ['2027'],
      });
    },
  );

  it('starts nothing when the stack is deleted', async () => {
    const outcome = await trigger.startRecountFor(event('Delete'), new SFNClient({}), ARN);
    expect(outcome.started).toBeUndefined();
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('never fails the deployment: a recount that cannot start is reported in the reason', async () => {
    // Prepare
    sfn
      .on(StartExecutionCommand)
      .rejects(new StateMachineDoesNotExist({ message: 'no such machine', $metadata: {} }));

    // Act
    const outcome = await trigger.startRecountFor(event('Update'), new SFNClient({}), ARN);

    // Assess
    expect(outcome.started).toBeUndefined();
    expect(outcome.reason).toBe(
      'recount not started (StateMachineDoesNotExist): run hotline calendar recount --start',
    );
  });

  it('answers CloudFormation SUCCESS at the pre-signed URL, trying again when it fails', async () => {
    // Prepare
    const put = vi
      .fn<typeof fetch>()
      .mockRejectedValueOnce(new Error('socket hang up'))
      .mockResolvedValueOnce(new Response('', { status: 200 }));

    // Act
    await trigger.respond(event('Create'), 'started deploy-x', { ExecutionName: 'deploy-x' }, put);

    // Assess
    expect(put).toHaveBeenCalledTimes(2);
    const [url, init] = put.mock.calls[1] ?? [];
    expect(url).toBe('https://cloudformation-custom-resource-response.example/signed');
    expect(init).toMatchObject({ method: 'PUT', headers: { 'content-type': '' } });
    expect(JSON.parse(String(init?.body))).toEqual({
      Status: 'SUCCESS',
      Reason: 'started deploy-x',
      PhysicalResourceId: 'provisional-recount-trigger',
      StackId: event('Create').StackId,
      RequestId: 'request-1',
      LogicalResourceId: 'ProvisionalRecountTrigger',
      NoEcho: false,
      Data: { ExecutionName: 'deploy-x' },
    });
  });
});
