import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CommandContext } from '../../../infra/cli/io.ts';
import { runRecount } from '../../../infra/cli/recount-commands.ts';
import { run } from './run.ts';

/** `hotline calendar recount` against the anhui deployment, with the Step Functions client mocked. */
const sfnMock = mockClient(SFNClient);
beforeEach(() => {
  sfnMock.reset();
});

const MACHINE =
  'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:hotline-anhui-prod-provisional-recount';
const execution = (name: string) => `${MACHINE.replace(':stateMachine:', ':execution:')}:${name}`;
const started = new Date('2027-01-05T02:00:00Z');
const page = (pages: number, listed: number, recomputed: number, done = false) =>
  JSON.stringify({
    fromYear: 2027,
    ...(done ? {} : { cursor: 'abc' }),
    done,
    pages,
    totals: { listed, recomputed, unchanged: listed - recomputed, stillProvisional: 0 },
  });

/** The deployment's machines (another deployment's first, on a page of its own). */
function machines() {
  sfnMock
    .on(ListStateMachinesCommand)
    .resolvesOnce({
      stateMachines: [
        {
          name: 'hotline-jinzhou-prod-provisional-recount',
          stateMachineArn: 'arn:other',
          type: 'STANDARD',
          creationDate: started,
        },
      ],
      nextToken: 'next',
    })
    .resolves({
      stateMachines: [
        {
          name: 'hotline-anhui-prod-provisional-recount',
          stateMachineArn: MACHINE,
          type: 'STANDARD',
          creationDate: started,
        },
      ],
    });
}

function latest(name: string, status: 'RUNNING' | 'SUCCEEDED' | 'FAILED') {
  sfnMock.on(ListExecutionsCommand, { stateMachineArn: MACHINE }).resolves({
    executions: [
      { executionArn: execution(name), stateMachineArn: MACHINE, name, status, startDate: started },
    ],
  });
}

async function recount(...args: string[]) {
  let out = '';
  const waits: number[] = [];
  const ctx = new CommandContext({ stdout: (t) => (out += t), stderr: (t) => (out += t) });
  const code = await runRecount(['-c', 'config=infra/config/anhui.json', ...args], ctx, {
    sfn: new SFNClient({ region: 'cn-north-1' }),
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { code, out, waits };
}

describe('hotline calendar recount', () => {
  it('shows the latest run and how far it is, from the last page its task recounted', async () => {
    // Prepare
    machines();
    latest('deploy-0123456789ab-x', 'RUNNING');
    sfnMock.on(DescribeExecutionCommand).resolves({
      executionArn: execution('deploy-0123456789ab-x'),
      name: 'deploy-0123456789ab-x',
      status: 'RUNNING',
      startDate: started,
    });
    sfnMock.on(GetExecutionHistoryCommand).resolves({
      events: [
        { id: 9, type: 'TaskStateEntered', timestamp: started },
        {
          id: 8,
          type: 'TaskStateExited',
          timestamp: started,
          stateExitedEventDetails: { name: 'RecountPage', output: page(3, 75, 70) },
        },
      ],
    });

    // Act
    const { code, out } = await recount();

    // Assess
    expect(code).toBe(0);
    expect(out).toBe(
      'deploy-0123456789ab-x RUNNING since 2027-01-05T02:00:00.000Z: 3 page(s) from 2027, 75 listed, 70 recomputed, 5 unchanged, 0 still provisional\n',
    );
    expect(sfnMock.commandCalls(GetExecutionHistoryCommand)[0]?.args[0].input).toMatchObject({
      reverseOrder: true,
    });
  });

  it('--start --watch starts a run and follows it until it succeeds, printing each change once', async () => {
    // Prepare
    machines();
    latest('deploy-0123456789ab-x', 'SUCCEEDED');
    sfnMock.on(StartExecutionCommand).callsFake((input) => ({
      executionArn: execution(input.name),
      startDate: started,
    }));
    const described = (status: 'RUNNING' | 'SUCCEEDED', output?: string) => ({
      executionArn: execution('operator-1'),
      name: 'operator-1',
      status,
      startDate: started,
      ...(output && { output }),
    });
    sfnMock
      .on(DescribeExecutionCommand)
      .resolvesOnce(described('RUNNING'))
      .resolvesOnce(described('RUNNING'))
      .resolves(described('SUCCEEDED', page(2, 30, 30, true)));
    sfnMock.on(GetExecutionHistoryCommand).resolves({ events: [] });

    // Act
    const { code, out, waits } = await recount('--start', '--watch', '--every', '5');

    // Assess
    const start = sfnMock.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(start?.stateMachineArn).toBe(MACHINE);
    expect(start?.name).toMatch(/^operator-[0-9a-z]+$/);
    expect(JSON.parse(start?.input ?? '')).toEqual({ startedBy: 'operator' });
    expect(code).toBe(0);
    expect(out.split('\n').slice(1)).toEqual([
      'operator-1 RUNNING since 2027-01-05T02:00:00.000Z: no page recounted yet',
      'operator-1 SUCCEEDED since 2027-01-05T02:00:00.000Z: 2 page(s) from 2027, 30 listed, 30 recomputed, 0 unchanged, 0 still provisional, done',
      '',
    ]);
    expect(out).toMatch(/^started operator-[0-9a-z]+\n/);
    expect(waits).toEqual([5000, 5000]);
  });

  it('--start leaves a running recount alone', async () => {
    // Prepare
    machines();
    latest('deploy-0123456789ab-x', 'RUNNING');
    sfnMock.on(DescribeExecutionCommand).resolves({
      executionArn: execution('deploy-0123456789ab-x'),
      name: 'deploy-0123456789ab-x',
      status: 'RUNNING',
      startDate: started,
    });
    sfnMock.on(GetExecutionHistoryCommand).resolves({ events: [] });

    // Act
    const { code, out } = await recount('--start');

    // Assess
    expect(code).toBe(0);
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(out).toContain('already running: deploy-0123456789ab-x (started 2027-01-05T02:00:00.000Z)');
  });

  it('reports a failed run with exit 1 and how to resume it; --redrive resumes it', async () => {
    // Prepare
    machines();
    latest('deploy-0123456789ab-x', 'FAILED');
    sfnMock.on(DescribeExecutionCommand).resolves({
      executionArn: execution('deploy-0123456789ab-x'),
      name: 'deploy-0123456789ab-x',
      status: 'FAILED',
      startDate: started,
      error: 'ProvisionedThroughputExceededException',
      cause: 'Throughput exceeds the current capacity',
    });
    sfnMock.on(GetExecutionHistoryCommand).resolves({
      events: [
        {
          id: 5,
          type: 'TaskStateExited',
          timestamp: started,
          stateExitedEventDetails: { name: 'RecountPage', output: page(1, 25, 25) },
        },
      ],
    });
    sfnMock.on(RedriveExecutionCommand).resolves({ redriveDate: started });

    // Act
    const shown = await recount();
    const redriven = await recount('--redrive');

    // Assess
    expect(shown.code).toBe(1);
    expect(shown.out).toContain('FAILED since 2027-01-05T02:00:00.000Z: 1 page(s) from 2027, 25 listed');
    expect(shown.out).toContain(
      'ProvisionedThroughputExceededException: Throughput exceeds the current capacity — the tickets recounted so far stay recounted',
    );
    expect(sfnMock.commandCalls(RedriveExecutionCommand)[0]?.args[0].input).toEqual({
      executionArn: execution('deploy-0123456789ab-x'),
    });
    expect(redriven.out).toMatch(/^redriven deploy-0123456789ab-x: it goes on from the page that failed\n/);
  });

  it('--redrive refuses a run that succeeded', async () => {
    machines();
    latest('deploy-0123456789ab-x', 'SUCCEEDED');
    const { code, out } = await recount('--redrive');
    expect(code).toBe(1);
    expect(out).toBe(
      'the latest recount, deploy-0123456789ab-x, is SUCCEEDED: nothing to redrive (--start begins a new one)\n',
    );
    expect(sfnMock.commandCalls(RedriveExecutionCommand)).toHaveLength(0);
  });

  it('says when the deployment has no recount state machine, or none has run', async () => {
    // Prepare
    sfnMock.on(ListStateMachinesCommand).resolvesOnce({ stateMachines: [] });

    // Act
    const missing = await recount();
    machines();
    sfnMock.on(ListExecutionsCommand).resolves({ executions: [] });
    const none = await recount();

    // Assess
    expect(missing).toMatchObject({
      code: 1,
      out: 'no state machine hotline-anhui-prod-provisional-recount in cn-north-1: deploy the workflows stack first\n',
    });
    expect(none.code).toBe(0);
    expect(none.out).toContain('no recount has run yet');
  });

  it('refuses bad arguments before any AWS call (exit 2)', async () => {
    const both = await run([
      'calendar',
      'recount',
      '-c',
      'config=infra/config/anhui.json',
      '--start',
      '--redrive',
    ]);
    const noConfig = await run(['calendar', 'recount']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--start and --redrive: give one of them');
    expect(noConfig.code).toBe(2);
    expect(noConfig.stderr).toContain('-c config=FILE is required');
    expect(sfnMock.calls()).toHaveLength(0);
  });
});
