import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { clock } from '../../functions/adapters/clock.ts';
import type { TimerExecutionInput, TimerStarter } from '../../functions/app/start-timers.ts';
import { CALLBACK_RETRY_FIRING, STATE_MACHINES } from '../../workflows/rules.ts';

type TaskHandler = (input: unknown) => Promise<unknown>;

const WORKFLOWS = resolve(import.meta.dirname, '../../workflows');
/** The ARN the definition names locally; the emulator hands the task to a local handler instead. */
const LOCAL_TIMER_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:hotline-local-timer';
/**
 * How long a fire task sleeps on the virtual clock before it answers "not yet": below the 60 s
 * the emulator allows a Task without TimeoutSeconds, past which it fails the task (States.Timeout).
 */
export const SLEEP_SLICE_MS = 50_000;
/** States a "not yet" answer passes through before the fire task sleeps again. */
const NOT_YET_STATES = ['AnotherTimer', 'WaitUntilDue', 'FireTimer'].length;

/**
 * Sleeps on the virtual clock until `at`, for at most `ms` of real time; whether `at` was reached.
 * Rejects when `signal` aborts (the execution was stopped).
 */
async function sleepAtMost(at: Date, ms: number, signal: AbortSignal): Promise<boolean> {
  const slice = new AbortController();
  const timer = setTimeout(() => slice.abort(new Error('slice over')), ms);
  const stopped = () => slice.abort(signal.reason);
  signal.addEventListener('abort', stopped, { once: true });
  try {
    await clock.sleepUntil(at, slice.signal);
    return true;
  } catch (error) {
    if (signal.aborted) throw error;
    return false;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stopped);
  }
}

/** A workflow file with its `${…}` placeholders filled, as CDK's definitionSubstitutions do. */
export function loadDefinition(file: string, substitutions: Record<string, string>): StateMachineDefinition {
  const text = readFileSync(join(WORKFLOWS, file), 'utf8').replace(/\$\{(\w+)\}/g, (whole, name: string) => {
    const value = substitutions[name];
    if (value === undefined) throw new Error(`${file}: no substitution for ${whole}`);
    return value;
  });
  return JSON.parse(text);
}

/**
 * Runs the timer state machines, unchanged, with aws-local-stepfunctions. Its task states call
 * the timer task handler in this process. The Wait state is handed to the virtual clock: the emulator
 * skips it and the fire task first sleeps until the clock reaches the timer, so moving the clock
 * forward (POST /_local/clock) fires what falls due. It sleeps in slices of real time shorter than
 * the emulator's task timeout: a slice that ends first answers the same timer again ("not yet"),
 * and the machine loops back to wait for it, as it does in AWS for a timer that is not due. The
 * callback retry has no task: its end fires its timer (`firedAtEnd`).
 */
export class LocalTimerRunner implements TimerStarter {
  private readonly machines: Record<TimerExecutionInput['purpose'], StateMachine>;
  private readonly running = new Map<string, { stop: () => void; result: Promise<unknown> }>();
  /** Names used before, as Step Functions keeps them: a name starts one execution only. */
  private readonly used = new Set<string>();
  failures = 0;
  /** Executions stopped because their clocks ended. */
  stopped = 0;
  /** Names of the executions started, in order (what tests and benchmarks count). */
  readonly started: string[] = [];
  /** States entered over all executions: Step Functions bills Standard workflows by these. */
  transitions = 0;

  constructor(
    private readonly timerTask: TaskHandler,
    private readonly sliceMs = SLEEP_SLICE_MS,
  ) {
    const machine = (file: string) =>
      new StateMachine(loadDefinition(file, { TimerFunctionArn: LOCAL_TIMER_ARN }));
    this.machines = {
      clock: machine(STATE_MACHINES.ticketTimer.file),
      callbackRetry: machine(STATE_MACHINES.callbackRetry.file),
    };
  }

  async start(name: string, input: TimerExecutionInput): Promise<'started' | 'exists'> {
    if (this.used.has(name)) return 'exists';
    this.used.add(name);
    this.started.push(name);
    const sleeping = new AbortController();
    const execution =
      input.purpose === 'callbackRetry' ? this.firedAtEnd(input, sleeping) : this.firingTask(input, sleeping);
    const result = execution.result.catch((error) => {
      if (sleeping.signal.aborted) return; // stopped while it slept
      this.failures += 1;
      console.error(`timer execution ${name} failed: ${error instanceof Error ? error.message : error}`);
    });
    this.running.set(name, { stop: execution.stop, result });
    void result.finally(() => this.running.delete(name));
    return 'started';
  }

  /** Counts the states an execution enters, as Step Functions bills them. */
  private countTransitions(execution: ReturnType<StateMachine['run']>) {
    void (async () => {
      for await (const log of execution.eventLogs) {
        if (log.type !== 'StateEntered') continue;
        this.transitions += 1;
      }
    })().catch(() => {});
  }

  /** The ticket timer: its Task state fires each timer (see the class's comment). */
  private firingTask(input: TimerExecutionInput, sleeping: AbortController) {
    let asleep = false;
    const execution = this.machines[input.purpose].run(input as never, {
      overrides: {
        taskResourceLocalHandlers: {
          FireTimer: async (task) => {
            const { timer } = task as { timer: { id: string; at: string } };
            asleep = true;
            const due = await sleepAtMost(new Date(timer.at), this.sliceMs, sleeping.signal);
            asleep = false;
            if (!due) {
              // Not a transition AWS would make: its Wait state waits as long as it takes.
              this.transitions -= NOT_YET_STATES;
              return { done: false, at: timer.at, timer } as never;
            }
            return this.timerTask(task) as never;
          },
        },
        waitTimeOverrides: { WaitUntilDue: 0 },
        retryIntervalOverrides: { FireTimer: 100 },
      },
      noThrowOnAbort: true,
    });
    this.countTransitions(execution);
    const stop = () => {
      // Stopped while "waiting": in AWS it would still be in the Wait state and never have entered
      // FireTimer, which the emulator entered at once (its Wait is handed to the virtual clock).
      if (asleep) this.transitions -= 1;
      sleeping.abort(new Error('stopped'));
      execution.abort();
    };
    return { result: execution.result, stop };
  }

  /**
   * The callback retry, whose end fires its timer (CALLBACK_RETRY_FIRING): the emulator runs its one
   * Wait state at once, then the execution's end reaches the timer task when the virtual clock comes
   * to the timer, as Step Functions' event of it reaches the task through the default bus in AWS.
   */
  private firedAtEnd(input: TimerExecutionInput, sleeping: AbortController) {
    const execution = this.machines[input.purpose].run(input as never, {
      overrides: { waitTimeOverrides: { WaitForGap: 0 } },
      noThrowOnAbort: true,
    });
    this.countTransitions(execution);
    const result = (async () => {
      const output = await execution.result;
      await clock.sleepUntil(new Date(input.next.at), sleeping.signal);
      return this.timerTask({
        source: CALLBACK_RETRY_FIRING.source,
        'detail-type': CALLBACK_RETRY_FIRING.detailType,
        detail: { status: CALLBACK_RETRY_FIRING.status, output: JSON.stringify(output) },
      });
    })();
    const stop = () => {
      sleeping.abort(new Error('stopped'));
      execution.abort();
    };
    return { result, stop };
  }

  /** Stops one execution if it is running (its clocks ended). */
  async stop(name: string): Promise<void> {
    const execution = this.running.get(name);
    if (!execution) return;
    this.stopped += 1;
    execution.stop();
  }

  /** Executions still running (waiting for a timer, or firing one). */
  get active(): number {
    return this.running.size;
  }

  /** Stops every execution (the local runtime is shutting down). */
  stopAll(): void {
    for (const { stop } of this.running.values()) stop();
  }
}
