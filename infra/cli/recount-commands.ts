import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  type ExecutionListItem,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { RecountState } from '../../functions/app/recompute-deadlines.ts';
import type { HotlineConfig } from '../cdk/config.ts';
import { recountStateMachineName } from '../cdk/stacks/workflows-stack.ts';
import { parseCommand, wholeNumber } from './args.ts';
import { cdkStyleConfig, deploymentConfig } from './dlq-commands.ts';
import { type CommandContext, EXIT, UsageError } from './io.ts';
import { USAGE } from './usage.ts';

/** How often `--watch` looks again, by default. */
const WATCH_EVERY_SECONDS = 10;

/** The Step Functions client, and how to wait between two looks (tests pass their own). */
export interface RecountClients {
  sfn: SFNClient;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * `hotline calendar recount -c config=FILE [--start] [--redrive] [--watch] [--every SECONDS]`: the
 * provisional recount of a deployment (workflows/provisional-recount.asl.json). Without flags it shows
 * the latest execution and its progress; `--start` starts one (a deployment that brings a new
 * schedule starts one by itself), `--redrive` resumes a failed one from its failed page, `--watch`
 * follows it until it ends. Exit code 1 when the execution it shows or follows did not succeed.
 */
export async function runRecount(
  args: readonly string[],
  ctx: CommandContext,
  clients?: RecountClients,
): Promise<number> {
  const parsed = parseCommand(cdkStyleConfig(args), {
    name: 'calendar recount',
    options: {
      config: { type: 'string' },
      start: { type: 'boolean' },
      redrive: { type: 'boolean' },
      watch: { type: 'boolean' },
      every: { type: 'string' },
    },
  });
  if (parsed.help) {
    ctx.io.stdout(USAGE);
    return EXIT.ok;
  }
  const { values } = parsed;
  if (values.start && values.redrive) throw new UsageError('--start and --redrive: give one of them');
  const every = typeof values.every === 'string' ? wholeNumber(values.every, '--every') : WATCH_EVERY_SECONDS;
  if (every < 1) throw new UsageError('--every must be at least 1 (seconds)');
  const config = deploymentConfig(ctx, values.config);
  if (!config) return EXIT.failure;
  const sfn = clients?.sfn ?? new SFNClient({ region: config.region });
  const sleep = clients?.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  const machine = await findStateMachine(sfn, config);
  if (!machine) {
    ctx.out(
      `no state machine ${recountStateMachineName(deploymentName(config))} in ${config.region}: deploy the workflows stack first`,
    );
    return EXIT.failure;
  }
  const latest = (await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, maxResults: 1 })))
    .executions?.[0];

  let executionArn = latest?.executionArn;
  if (values.start) {
    if (latest?.status === 'RUNNING') {
      ctx.out(`already running: ${latest.name} (started ${iso(latest.startDate)})`);
    } else {
      const name = `operator-${Date.now().toString(36)}`;
      const started = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: machine,
          name,
          input: JSON.stringify({ startedBy: 'operator' }),
        }),
      );
      executionArn = started.executionArn;
      ctx.out(`started ${name}`);
    }
  } else if (values.redrive) {
    if (!latest || !isRedrivable(latest)) {
      ctx.out(
        latest
          ? `the latest recount, ${latest.name}, is ${latest.status}: nothing to redrive (--start begins a new one)`
          : 'no recount has run yet: --start begins one',
      );
      return EXIT.failure;
    }
    await sfn.send(new RedriveExecutionCommand({ executionArn: latest.executionArn }));
    ctx.out(`redriven ${latest.name}: it goes on from the page that failed`);
  }
  if (!executionArn) {
    ctx.out(
      'no recount has run yet: a deployment that brings a year schedule starts one; --start starts one now',
    );
    return EXIT.ok;
  }

  let last = '';
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const line = describe(execution, await progressOf(sfn, execution));
    if (line !== last) ctx.out(line);
    last = line;
    if (execution.status === 'RUNNING' || execution.status === 'PENDING_REDRIVE') {
      if (!values.watch) return EXIT.ok;
      await sleep(every * 1000);
      continue;
    }
    if (execution.status === 'SUCCEEDED') return EXIT.ok;
    ctx.out(
      `${execution.error ?? 'failed'}${execution.cause ? `: ${execution.cause}` : ''} — the tickets recounted so far stay recounted; 'hotline calendar recount --redrive -c config=…' goes on from the failed page, '--start' begins again (both skip what is done)`,
    );
    return EXIT.failure;
  }
}

const deploymentName = (config: HotlineConfig) => `${config.deployment}-${config.stage}`;

/** The ARN of the deployment's recount state machine, by its name. */
async function findStateMachine(sfn: SFNClient, config: HotlineConfig): Promise<string | undefined> {
  const name = recountStateMachineName(deploymentName(config));
  let nextToken: string | undefined;
  do {
    const out = await sfn.send(new ListStateMachinesCommand({ nextToken }));
    const found = out.stateMachines?.find((m) => m.name === name);
    if (found) return found.stateMachineArn;
    nextToken = out.nextToken;
  } while (nextToken);
  return undefined;
}

function isRedrivable(execution: ExecutionListItem): boolean {
  return ['FAILED', 'TIMED_OUT', 'ABORTED'].includes(execution.status ?? '');
}

/**
 * Where the execution stands: its output when it has ended, else the output of the last page it
 * recounted (the newest state exit of its task in the history), else nothing yet.
 */
async function progressOf(
  sfn: SFNClient,
  execution: DescribeExecutionCommandOutput,
): Promise<RecountState | undefined> {
  if (execution.output) return parseState(execution.output);
  const history = await sfn.send(
    new GetExecutionHistoryCommand({
      executionArn: execution.executionArn,
      reverseOrder: true,
      maxResults: 20,
      includeExecutionData: true,
    }),
  );
  const exited = history.events?.find(
    (e) => e.type === 'TaskStateExited' && e.stateExitedEventDetails?.name === 'RecountPage',
  );
  return parseState(exited?.stateExitedEventDetails?.output);
}

function parseState(text: string | undefined): RecountState | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as RecountState;
    return value && typeof value === 'object' && value.totals ? value : undefined;
  } catch {
    return undefined;
  }
}

function describe(execution: DescribeExecutionCommandOutput, state: RecountState | undefined): string {
  const head = `${execution.name} ${execution.status} since ${iso(execution.startDate)}`;
  if (!state) return `${head}: no page recounted yet`;
  const t = state.totals;
  return `${head}: ${state.pages} page(s) from ${state.fromYear}, ${t.listed} listed, ${t.recomputed} recomputed, ${t.unchanged} unchanged, ${t.stillProvisional} still provisional${state.done ? ', done' : ''}`;
}

function iso(date: Date | undefined): string {
  return date ? date.toISOString() : '?';
}
